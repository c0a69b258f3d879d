import type {
  AdminApiKeyDto,
  AdminJobDto,
  AdminJobPageDto,
  ChannelDetailDto,
  ChannelDto,
  RunnerStatusDto,
  StatsDto,
  UserDto,
} from '@app/contracts';
import type { TranscriptionStatus } from '@app/contracts/transcription-status';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../api/http';

/** The admin pages show live figures: they read them again this often (ms). */
const ADMIN_REFRESH_MS = 5_000;

export interface AdminJobFilter {
  status?: TranscriptionStatus;
  userId?: string;
  page: number;
}

const JOBS_PAGE_SIZE = 20;

export const adminKeys = {
  all: ['admin'] as const,
  stats: () => ['admin', 'stats'] as const,
  users: () => ['admin', 'users'] as const,
  jobList: (filter: AdminJobFilter) => ['admin', 'jobs', filter] as const,
  runners: () => ['admin', 'runners'] as const,
  channels: () => ['admin', 'channels'] as const,
  channel: (id: string) => ['admin', 'channels', id] as const,
  apiKeys: () => ['admin', 'api-keys'] as const,
};

export function useAdminStats() {
  return useQuery({
    queryKey: adminKeys.stats(),
    queryFn: ({ signal }) => request<StatsDto>('/api/admin/stats', { signal }),
    refetchInterval: ADMIN_REFRESH_MS,
  });
}

export function useAdminUsers() {
  return useQuery({
    queryKey: adminKeys.users(),
    queryFn: ({ signal }) => request<UserDto[]>('/api/admin/users', { signal }),
    refetchInterval: ADMIN_REFRESH_MS,
  });
}

export function useAdminJobs(filter: AdminJobFilter) {
  const query = new URLSearchParams({ page: String(filter.page), page_size: String(JOBS_PAGE_SIZE) });
  if (filter.status) query.set('status', filter.status);
  if (filter.userId) query.set('user_id', filter.userId);
  return useQuery({
    queryKey: adminKeys.jobList(filter),
    queryFn: ({ signal }) => request<AdminJobPageDto>(`/api/admin/jobs?${query.toString()}`, { signal }),
    refetchInterval: ADMIN_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

export function useAdminRunners() {
  return useQuery({
    queryKey: adminKeys.runners(),
    queryFn: ({ signal }) => request<RunnerStatusDto[]>('/api/admin/runners', { signal }),
    refetchInterval: ADMIN_REFRESH_MS,
  });
}

export function useAdminChannels() {
  return useQuery({
    queryKey: adminKeys.channels(),
    queryFn: ({ signal }) => request<ChannelDto[]>('/api/admin/channels', { signal }),
  });
}

export function useAdminChannel(id: string) {
  return useQuery({
    queryKey: adminKeys.channel(id),
    queryFn: ({ signal }) => request<ChannelDetailDto>(`/api/admin/channels/${id}`, { signal }),
  });
}

export function useAdminApiKeys() {
  return useQuery({
    queryKey: adminKeys.apiKeys(),
    queryFn: ({ signal }) => request<AdminApiKeyDto[]>('/api/admin/api-keys', { signal }),
  });
}

/**
 * A change made from an admin page. Whatever it was, the figures elsewhere in the section may
 * have moved with it (a deleted user takes their jobs along), so all admin data is read again.
 */
export function useAdminMutation<TVariables, TResult = unknown>(
  mutationFn: (variables: TVariables) => Promise<TResult>,
  options: {
    onSuccess?: (result: TResult, variables: TVariables) => void;
    onError?: (error: Error, variables: TVariables) => void;
  } = {},
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: options.onSuccess,
    onError: options.onError,
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminKeys.all }),
  });
}

export const adminApi = {
  setActive: (user: UserDto, isActive: boolean) =>
    request<UserDto>(`/api/admin/users/${user.id}/activate`, { method: 'PUT', json: { is_active: isActive } }),
  setAdmin: (user: UserDto, isAdmin: boolean) =>
    request<UserDto>(`/api/admin/users/${user.id}/admin`, { method: 'PUT', json: { is_admin: isAdmin } }),
  deleteUser: (user: UserDto) => request<undefined>(`/api/admin/users/${user.id}`, { method: 'DELETE' }),
  requeue: (job: AdminJobDto) => request<AdminJobDto>(`/api/admin/jobs/${job.id}/requeue`, { method: 'POST' }),
  cancel: (job: AdminJobDto) => request<AdminJobDto>(`/api/admin/jobs/${job.id}/cancel`, { method: 'POST' }),
  createChannel: (body: { name: string; description: string | null }) =>
    request<ChannelDto>('/api/admin/channels', { method: 'POST', json: body }),
  updateChannel: (id: string, body: { name: string; description: string | null }) =>
    request<ChannelDto>(`/api/admin/channels/${id}`, { method: 'PUT', json: body }),
  deleteChannel: (channel: ChannelDto) => request<unknown>(`/api/admin/channels/${channel.id}`, { method: 'DELETE' }),
  addMember: (channelId: string, userId: string) =>
    request<unknown>(`/api/admin/channels/${channelId}/members`, { method: 'POST', json: { user_id: userId } }),
  revokeApiKey: (key: { id: string }) => request<undefined>(`/api/admin/api-keys/${key.id}`, { method: 'DELETE' }),
  removeMember: (channelId: string, userId: string) =>
    request<unknown>(`/api/admin/channels/${channelId}/members/${userId}`, { method: 'DELETE' }),
};
