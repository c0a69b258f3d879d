import type { UserDto } from '@app/contracts';
import { Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { useAdminUsers } from './admin-api';
import { ScrollTable } from './ScrollTable';
import { useUserActions } from './use-user-actions';
import { UserRow } from './UserRow';
import { ProblemAlert } from './ProblemAlert';

/** Waiting accounts first (they need someone's attention), then everyone by e-mail. */
function waitingFirst(users: UserDto[]): UserDto[] {
  return [...users].sort((a, b) => Number(a.is_active) - Number(b.is_active) || (a.email ?? a.id).localeCompare(b.email ?? b.id));
}

export function UsersPage() {
  const { t } = useTranslation('admin');
  const users = useAdminUsers();
  const actions = useUserActions();
  const waiting = users.data?.filter((user) => !user.is_active).length ?? 0;
  return (
    <Stack gap="md">
      <Title order={1}>{t('users.title')}</Title>
      <ProblemAlert problem={actions.problem} onDismiss={actions.dismissProblem} />
      {users.isPending ? (
        <PageLoader />
      ) : users.isError ? (
        <ErrorAlert error={users.error} />
      ) : (
        <>
          <Text c="dimmed">{t('users.summary', { count: users.data.length, waiting })}</Text>
          <ScrollTable label={t('users.title')} minWidth={820}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.email')}</Table.Th>
                <Table.Th>{t('users.active')}</Table.Th>
                <Table.Th>{t('users.admin')}</Table.Th>
                <Table.Th>{t('users.name')}</Table.Th>
                <Table.Th>{t('users.activatedAt')}</Table.Th>
                <Table.Th>{t('users.createdAt')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('users.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {waitingFirst(users.data).map((user) => (
                <UserRow key={user.id} user={user} busy={actions.busyUserId === user.id} onAction={actions.run} />
              ))}
            </Table.Tbody>
          </ScrollTable>
        </>
      )}
    </Stack>
  );
}
