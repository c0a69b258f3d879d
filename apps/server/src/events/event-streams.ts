import { Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import type { JobStage, RunnerEventDto, TranscriptionEventDto, TranscriptionStatus } from '@app/contracts';
import { ServerConfig } from '../config/server-config.js';
import { ServerMetrics } from '../metrics/server-metrics.js';
import { appStage } from '../transcriptions/transcription-dto.js';
import type { BusEvent } from './event.js';
import { EventBus } from './event-bus.js';
import { EventRepository } from './event.repository.js';
import { HeldRequests } from './held-requests.js';

/** A client this far behind is cut off; it reconnects with Last-Event-ID and catches up. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** How long EventSource waits before reconnecting. */
const RETRY_MS = 2_000;

/** Who watches: one user's jobs, or (an admin's) everyone's and the runners. */
export interface StreamViewer {
  userId: string;
  everyone: boolean;
}

/** An event as a stream shows it; undefined for events the viewer may not see. */
export function eventForViewer(event: BusEvent, viewer: StreamViewer): TranscriptionEventDto | RunnerEventDto | undefined {
  if (event.topic === 'runner') return viewer.everyone ? (event.payload as unknown as RunnerEventDto) : undefined;
  if (!viewer.everyone && event.userId !== viewer.userId) return undefined;
  const job = event.payload as {
    change: TranscriptionEventDto['change'];
    id: string;
    user_id: string | null;
    file_name: string;
    status: TranscriptionStatus;
    stage: JobStage | null;
    progress: number;
    kind: TranscriptionEventDto['kind'];
    error_message: string | null;
    audio_available: boolean;
    updated_at: string;
  };
  return {
    change: job.change,
    id: job.id,
    ...(viewer.everyone ? { user_id: job.user_id } : {}),
    file_name: job.file_name,
    status: job.status,
    stage: appStage(job),
    runner_stage: job.stage,
    progress: job.progress,
    kind: job.kind,
    error_message: job.error_message,
    audio_available: job.audio_available,
    updated_at: new Date(job.updated_at).toISOString(),
  };
}

/**
 * Server-sent event streams of job (and, for admins, runner) changes. A stream starts with
 * `event: ready` carrying the newest event id; a client reconnecting with Last-Event-ID gets the
 * events it missed replayed from the database (kept EVENT_REPLAY_SECONDS), or `event: resync`
 * when they reach back further than that — then it should reload what it shows.
 */
@Injectable()
export class EventStreams {
  private readonly logger = new Logger(EventStreams.name);

  constructor(
    private readonly bus: EventBus,
    private readonly events: EventRepository,
    private readonly held: HeldRequests,
    private readonly metrics: ServerMetrics,
    private readonly config: ServerConfig,
  ) {}

  /** Streams events to `response` until the client leaves or the server stops. */
  async stream(response: Response, viewer: StreamViewer, lastEventId: number | undefined): Promise<void> {
    const write = (text: string) => {
      if (response.writableEnded) return;
      response.write(text);
      if (response.writableLength > MAX_BUFFERED_BYTES) {
        this.logger.warn(
          `an event stream fell ${response.writableLength} bytes behind: closed, the client resumes with Last-Event-ID`,
        );
        response.end();
      }
    };
    // While missed events are replayed, live ones may repeat them: those are sent once.
    let sent: Set<number> | undefined = new Set<number>();
    const send = (event: BusEvent) => {
      const shown = eventForViewer(event, viewer);
      if (!shown || sent?.has(event.id)) return;
      sent?.add(event.id);
      write(`id: ${event.id}\nevent: ${event.topic}\ndata: ${JSON.stringify(shown)}\n\n`);
    };
    // Live events are held back while the missed ones are read, then follow them (once each).
    let backlog: BusEvent[] | undefined = [];
    const unsubscribe = this.bus.subscribe((event) => (backlog ? backlog.push(event) : send(event)));
    const heartbeat = setInterval(() => write(': ping\n\n'), this.config.eventHeartbeatSeconds * 1000);
    const unhold = this.held.hold(() => response.end());
    this.metrics.subscriberOpened('sse');
    response.on('close', () => {
      this.metrics.subscriberClosed('sse');
      unsubscribe();
      clearInterval(heartbeat);
      unhold();
    });

    response.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    });
    response.flushHeaders();
    write(`retry: ${RETRY_MS}\n\n`);
    try {
      if (lastEventId === undefined) {
        const newest = await this.events.newestId();
        write(`id: ${newest}\nevent: ready\ndata: ${JSON.stringify({ last_event_id: newest })}\n\n`);
      } else {
        const missed = await this.events.after(lastEventId, viewer.everyone ? null : viewer.userId);
        if (!missed.complete)
          write(
            `event: resync\ndata: ${JSON.stringify({ reason: 'events since your last one are no longer kept: reload' })}\n\n`,
          );
        for (const event of missed.events) send(event);
        write(`event: ready\ndata: ${JSON.stringify({ replayed: missed.events.length })}\n\n`);
      }
    } catch (error) {
      this.logger.warn(`an event stream could not catch up (${String(error)}): closed, the client reconnects`);
      response.end();
      return;
    }
    const live = backlog;
    backlog = undefined;
    for (const event of live) send(event);
    sent = undefined;
  }
}
