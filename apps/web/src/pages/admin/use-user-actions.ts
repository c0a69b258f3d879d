import type { UserDto } from '@app/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/http';
import { useAuth, useCurrentUser } from '../../auth/auth-context';
import { adminApi, adminKeys, useAdminMutation } from './admin-api';

export type UserAction = 'activate' | 'deactivate' | 'grantAdmin' | 'revokeAdmin' | 'delete';

interface Change {
  user: UserDto;
  action: UserAction;
}

function perform({ user, action }: Change): Promise<UserDto | undefined> {
  switch (action) {
    case 'activate':
    case 'deactivate':
      return adminApi.setActive(user, action === 'activate');
    case 'grantAdmin':
    case 'revokeAdmin':
      return adminApi.setAdmin(user, action === 'grantAdmin');
    case 'delete':
      return adminApi.deleteUser(user);
  }
}

/**
 * Activating, promoting and deleting users, with what went wrong said as a sentence (a 409 means
 * the change would leave the server without an active administrator). A change to one's own
 * account is read back into the session, which may end one's access to these pages.
 */
export function useUserActions() {
  const { t } = useTranslation('admin');
  const me = useCurrentUser();
  const { refresh } = useAuth();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const mutation = useAdminMutation(perform, {
    onSuccess: (changed, { user }) => {
      setProblem(null);
      queryClient.setQueryData<UserDto[]>(adminKeys.users(), (users) =>
        users?.flatMap((each) => (each.id !== user.id ? [each] : changed ? [changed] : [])),
      );
      if (user.id === me.id) void refresh();
    },
    onError: (error, { user, action }) => {
      const email = user.email ?? user.id;
      // Only taking away an active admin can leave none; other refusals say their own reason.
      const lastAdmin = error instanceof ApiError && error.status === 409 && action !== 'activate' && action !== 'grantAdmin';
      setProblem(lastAdmin ? t(`users.lastAdmin.${action}`, { email }) : t('users.failed', { email, message: error.message }));
    },
  });
  return {
    run: (user: UserDto, action: UserAction) => mutation.mutate({ user, action }),
    /** The user whose change is on its way (their controls wait). */
    busyUserId: mutation.isPending ? mutation.variables.user.id : undefined,
    problem,
    dismissProblem: () => setProblem(null),
  };
}
