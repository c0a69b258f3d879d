import type { TranscriptionDto } from '@app/contracts';
import { TranscriptionStatus } from '@app/contracts/transcription-status';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../api/http';
import { useLiveEvents } from '../../api/job-events';
import { transcriptionKeys } from '../../api/transcription-keys';

// Chat, links and audio tickets live outside transcriptionKeys.detail(id): a finished job
// refetches its detail, which must not fetch a new ticket (the player would start over).
export const transcriptKeys = {
  chat: (id: string) => ['transcription-chat', id] as const,
  shares: (id: string) => ['transcription-shares', id] as const,
  audioTicket: (id: string) => ['audio-ticket', id] as const,
};

export function isRunning(job: Pick<TranscriptionDto, 'status'>): boolean {
  return job.status === TranscriptionStatus.Pending || job.status === TranscriptionStatus.Processing;
}

/** One transcription; live events patch it, and it polls while running when they cannot. */
export function useTranscription(id: string) {
  const live = useLiveEvents();
  return useQuery({
    queryKey: transcriptionKeys.detail(id),
    queryFn: ({ signal }) => request<TranscriptionDto>(`/api/transcriptions/${id}`, { signal }),
    refetchInterval: (query) => (!live && query.state.data && isRunning(query.state.data) ? 3000 : false),
  });
}

/** After a change the server answered with the transcription: show it, and refresh the lists. */
export function useStoreTranscription() {
  const queryClient = useQueryClient();
  return (job: TranscriptionDto) => {
    queryClient.setQueryData(transcriptionKeys.detail(job.id), job);
    void queryClient.invalidateQueries({ queryKey: transcriptionKeys.lists() });
  };
}
