import type { WebConfigDto } from '@app/contracts';
import { Container } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { JobEventsProvider } from '../api/job-events';
import { useServerConfig } from '../api/server-config';
import { AuthProvider } from '../auth/AuthProvider';
import { useAuth } from '../auth/auth-context';
import { InactiveAccount } from '../auth/InactiveAccount';
import { SignInPage } from '../auth/SignInPage';
import { ErrorAlert } from '../components/ErrorAlert';
import { NotFoundPage } from '../components/NotFoundPage';
import { PageLoader } from '../components/PageLoader';
import { withTexts } from '../i18n/page-texts';
import TranscriptionsPage from '../pages/user/TranscriptionsPage';
import { AppLayout } from './AppLayout';

// The list is the first page most people see; the rest loads when it is opened.
const TranscriptPage = lazy(() => withTexts(['transcript'], import('../pages/transcript/TranscriptPage')));
const SharedTranscriptPage = lazy(() => withTexts(['transcript', 'shared'], import('../pages/shared/SharedTranscriptPage')));
const AdminSection = lazy(() => withTexts(['admin', 'settings'], import('../pages/admin/AdminSection')));
const ApiKeysPage = lazy(() => withTexts(['settings'], import('../pages/settings/ApiKeysPage')));

/** Pages for signed-in, active users; otherwise sign-in, or the wait for an administrator. */
function SignedInRoutes({ config }: { config: WebConfigDto }) {
  const { state } = useAuth();
  if (state.status === 'loading') return <PageLoader />;
  if (state.status === 'unavailable')
    return (
      <Container py="xl">
        <ErrorAlert error={state.error} />
      </Container>
    );
  if (state.status === 'signed-out') return <SignInPage config={config} expired={state.expired} />;
  if (!state.user.is_active) return <InactiveAccount />;
  return (
    <JobEventsProvider>
      <Routes>
        <Route element={<AppLayout />}>
          <Route index element={<TranscriptionsPage />} />
          <Route path="transcriptions/:id" element={<TranscriptPage />} />
          <Route path="settings/api-keys" element={<ApiKeysPage />} />
          {state.user.is_admin && <Route path="admin/*" element={<AdminSection />} />}
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </JobEventsProvider>
  );
}

export function App() {
  const config = useServerConfig();
  if (config.isPending) return <PageLoader />;
  if (config.isError)
    return (
      <Container py="xl">
        <ErrorAlert error={config.error} />
      </Container>
    );
  return (
    <Suspense fallback={<PageLoader />}>
      <Routes>
        {/* Share links are public: no sign-in, no account. */}
        <Route path="shared/:token" element={<SharedTranscriptPage />} />
        <Route path="s/:token" element={<SharedTranscriptPage />} />
        <Route
          path="*"
          element={
            <AuthProvider config={config.data}>
              <SignedInRoutes config={config.data} />
            </AuthProvider>
          }
        />
      </Routes>
    </Suspense>
  );
}
