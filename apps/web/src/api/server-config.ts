import type { WebConfigDto } from '@app/contracts';
import { useQuery } from '@tanstack/react-query';
import { request } from './http';

/** What the page needs to know about its server (auth mode, upload limit, languages). */
export function useServerConfig() {
  return useQuery({
    queryKey: ['config'],
    queryFn: () => request<WebConfigDto>('/api/config', { anonymous: true }),
    staleTime: Infinity,
  });
}
