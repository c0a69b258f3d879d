import type { TranscriptionPageDto } from '@app/contracts';
import { MAX_SEARCH_LENGTH } from '@app/contracts/limits';
import { TranscriptionStatus } from '@app/contracts/transcription-status';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { request } from '../../api/http';
import { useLiveEvents } from '../../api/job-events';
import { type TranscriptionListParams, transcriptionKeys } from '../../api/transcription-keys';
import { isRunning } from './JobStatus';

const PAGE_SIZE = 20;
/** The server's largest page. */
const MAX_PAGE_SIZE = 100;

/** A status from the address or a select; anything else is no filter. */
export function parseStatus(value: string | null): TranscriptionStatus | undefined {
  return Object.values(TranscriptionStatus).find((status) => status === value);
}

export interface ListChange {
  page?: number;
  status?: TranscriptionStatus;
  q?: string;
}

/**
 * The list's page, status filter and search, kept in the address (?page=&status=&q=, and
 * ?page_size= for longer pages) so that reload and back/forward keep them. A new filter or search
 * starts again at page 1.
 */
export function useListParams() {
  const [search, setSearch] = useSearchParams();
  const whole = (name: string, fallback: number) => Math.max(1, Math.floor(Number(search.get(name))) || fallback);
  const page = whole('page', 1);
  const pageSize = Math.min(MAX_PAGE_SIZE, whole('page_size', PAGE_SIZE));
  const status = parseStatus(search.get('status'));
  const q = (search.get('q') ?? '').trim().slice(0, MAX_SEARCH_LENGTH) || undefined;
  const params: TranscriptionListParams = { page, pageSize, status, q };

  const change = (next: ListChange, options: { replace?: boolean } = {}) =>
    setSearch((current) => {
      const merged = { status, q, ...next, page: next.page ?? 1 };
      const result = new URLSearchParams(current);
      for (const [key, value] of Object.entries(merged)) {
        if (value === undefined || value === '' || (key === 'page' && value === 1)) result.delete(key);
        else result.set(key, String(value));
      }
      return result;
    }, options);

  return { params, change };
}

/** One page of the list; polls while something runs and the live event stream is down. */
export function useTranscriptionPage(params: TranscriptionListParams) {
  const live = useLiveEvents();
  const query = new URLSearchParams({ page: String(params.page), page_size: String(params.pageSize) });
  if (params.status) query.set('status', params.status);
  if (params.q) query.set('q', params.q);
  return useQuery({
    queryKey: transcriptionKeys.list(params),
    queryFn: ({ signal }) => request<TranscriptionPageDto>(`/api/transcriptions?${query}`, { signal }),
    placeholderData: keepPreviousData,
    refetchInterval: (current) => (!live && current.state.data?.items.some(isRunning) ? 3_000 : false),
  });
}
