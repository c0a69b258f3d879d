import { Injectable, type LoggerService } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { isDatabaseUnavailable } from '../database/database-errors.js';

/**
 * Runs the server's periodic repairs on @nestjs/schedule's registry: never two runs of a task at
 * once, and a task that keeps failing (the database is down, say) is logged when it starts
 * failing and when it works again, not at every tick.
 */
@Injectable()
export class PeriodicTasks {
  constructor(private readonly scheduler: SchedulerRegistry) {}

  every(name: string, everyMs: number, logger: LoggerService, task: () => Promise<unknown>): void {
    let running = false;
    let failures = 0;
    const run = async () => {
      if (running) return; // the previous run is still going
      running = true;
      try {
        await task();
        if (failures > 0) logger.log(`${name} works again (after ${failures} failed run${failures === 1 ? '' : 's'})`);
        failures = 0;
      } catch (error) {
        failures += 1;
        if (failures === 1) {
          const reason = isDatabaseUnavailable(error) ? `the database is unavailable (${String(error)})` : String(error);
          logger.error(`${name} failed: ${reason}; retrying every ${everyMs / 1000} s, logged again once it works`);
        }
      } finally {
        running = false;
      }
    };
    this.scheduler.addInterval(
      name,
      setInterval(() => void run(), everyMs),
    );
  }
}
