import type { TranscriptionDto, TranscriptionEventDto, TranscriptionPageDto } from '@app/contracts';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { authorizationHeader, errorFrom } from './http';
import { transcriptionKeys } from './transcription-keys';
import { readEventStream } from './sse';

const LiveContext = createContext(false);

/** Whether job changes arrive live; when not, pages that show running jobs poll instead. */
export function useLiveEvents(): boolean {
  return useContext(LiveContext);
}

/** Applies one job change to what the query cache holds, and refetches what the event cannot fill in. */
export function applyJobEvent(queryClient: QueryClient, event: TranscriptionEventDto): void {
  const patch = {
    status: event.status,
    stage: event.stage,
    runner_stage: event.runner_stage,
    progress: event.progress,
    kind: event.kind,
    error_message: event.error_message,
    audio_available: event.audio_available,
    updated_at: event.updated_at,
  };
  queryClient.setQueriesData<TranscriptionPageDto>({ queryKey: transcriptionKeys.lists() }, (page) => {
    if (!page?.items.some((item) => item.id === event.id)) return page;
    const items = page.items.map((item) => (item.id === event.id ? { ...item, ...patch } : item));
    return { ...page, items, data: items };
  });
  queryClient.setQueryData<TranscriptionDto>(transcriptionKeys.detail(event.id), (job) => (job ? { ...job, ...patch } : job));
  // New or removed rows change pages and totals; a job that stopped or started again has fields
  // the event does not carry (transcript, duration, times).
  const settled = ['completed', 'failed', 'cancelled', 'pending'].includes(event.status);
  if (event.change !== 'updated' || settled) void queryClient.invalidateQueries({ queryKey: transcriptionKeys.lists() });
  if (event.change === 'updated' && settled) void queryClient.invalidateQueries({ queryKey: transcriptionKeys.detail(event.id) });
  if (event.change === 'deleted') queryClient.removeQueries({ queryKey: transcriptionKeys.detail(event.id) });
}

/**
 * Holds one stream of the user's job events (GET /api/events) for the whole signed-in app,
 * reconnecting with Last-Event-ID; a `resync` (missed too much) refetches everything shown.
 */
export function JobEventsProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [live, setLive] = useState(false);
  useEffect(() => {
    const stop = new AbortController();
    let lastEventId: string | undefined;
    let delay = 1_000;
    const connect = async () => {
      while (!stop.signal.aborted) {
        try {
          const headers: Record<string, string> = { Accept: 'text/event-stream', ...(await authorizationHeader()) };
          if (lastEventId) headers['Last-Event-ID'] = lastEventId;
          const response = await fetch('/api/events', { headers, signal: stop.signal });
          if (!response.ok) throw await errorFrom(response);
          await readEventStream(response, (event) => {
            if (event.id) lastEventId = event.id;
            if (event.event === 'ready') {
              setLive(true);
              delay = 1_000;
            } else if (event.event === 'resync') {
              void queryClient.invalidateQueries({ queryKey: transcriptionKeys.all });
            } else if (event.event === 'transcription') {
              applyJobEvent(queryClient, JSON.parse(event.data) as TranscriptionEventDto);
            }
          });
        } catch {
          // Reconnects below; meanwhile pages poll.
        }
        setLive(false);
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 30_000);
      }
    };
    void connect();
    return () => stop.abort();
  }, [queryClient]);
  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>;
}
