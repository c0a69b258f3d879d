import type { SegmentDto, SharedTranscriptionDto } from '@app/contracts';
import { useQuery } from '@tanstack/react-query';
import { request } from '../../api/http';

// A share link's token is the only credential: these calls never send the reader's own token.
const sharedPath = (token: string) => `/api/shared/${encodeURIComponent(token)}`;

export function sharedPaths(token: string) {
  const base = sharedPath(token);
  return { audio: `${base}/audio`, download: `${base}/download`, docx: `${base}/download-docx` };
}

export function useSharedTranscription(token: string) {
  return useQuery({
    queryKey: ['shared', token],
    queryFn: ({ signal }) => request<SharedTranscriptionDto>(sharedPath(token), { signal, anonymous: true }),
    staleTime: Infinity,
  });
}

export function useSharedSegments(token: string) {
  return useQuery({
    queryKey: ['shared', token, 'segments'],
    queryFn: ({ signal }) => request<SegmentDto[]>(`${sharedPath(token)}/segments`, { signal, anonymous: true }),
    staleTime: Infinity,
  });
}
