import './admin.css';
import { Stack } from '@mantine/core';
import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../components/NotFoundPage';
import { AdminNavigation } from './AdminNavigation';
import { AdminApiKeysPage } from './AdminApiKeysPage';
import { ChannelsPage } from './ChannelsPage';
import { DashboardPage } from './DashboardPage';
import { JobsPage } from './JobsPage';
import { RunnersPage } from './RunnersPage';
import { SummaryTemplatesPage } from './SummaryTemplatesPage';
import { UsersPage } from './UsersPage';

/** Everything under /admin: its own links, then the page the address names. */
export default function AdminSection() {
  return (
    <Stack gap="lg">
      <AdminNavigation />
      <Routes>
        <Route index element={<DashboardPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="jobs" element={<JobsPage />} />
        <Route path="runners" element={<RunnersPage />} />
        <Route path="channels" element={<ChannelsPage />} />
        <Route path="api-keys" element={<AdminApiKeysPage />} />
        <Route path="summary-templates" element={<SummaryTemplatesPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Stack>
  );
}
