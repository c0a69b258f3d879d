import { Injectable } from '@nestjs/common';

/** What this runner is doing right now, for /health and the heartbeat. */
@Injectable()
export class RunnerState {
  private readonly active = new Set<string>();
  lastSuccessfulPoll: Date | null = null;

  activeJobIds(): string[] {
    return [...this.active];
  }

  add(jobId: string): void {
    this.active.add(jobId);
  }

  remove(jobId: string): void {
    this.active.delete(jobId);
  }
}
