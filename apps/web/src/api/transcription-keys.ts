import type { TranscriptionStatus } from '@app/contracts';

export interface TranscriptionListParams {
  page: number;
  pageSize: number;
  status?: TranscriptionStatus;
  q?: string;
}

/** Query keys for transcriptions, so events and mutations reach every cached copy. */
export const transcriptionKeys = {
  all: ['transcriptions'] as const,
  lists: () => ['transcriptions', 'list'] as const,
  list: (params: TranscriptionListParams) => ['transcriptions', 'list', params] as const,
  detail: (id: string) => ['transcriptions', 'detail', id] as const,
};
