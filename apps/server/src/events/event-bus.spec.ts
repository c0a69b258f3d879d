import { jest } from '@jest/globals';
import type { PeriodicTasks } from '../common/periodic-tasks.js';
import type { Database, Listening } from '../database/database.js';
import type { BusEvent } from './event.js';
import { EventBus } from './event-bus.js';
import type { EventRepository } from './event.repository.js';

const event = (id: number): BusEvent => ({ id, topic: 'transcription', userId: 'u', payload: { id: `job-${id}` } });
const notification = (id: number) => JSON.stringify({ id, topic: 'transcription', user_id: 'u', payload: { id: `job-${id}` } });

/** A database whose LISTEN connection the test drives: notify, break, refuse to reconnect. */
function fakeDatabase() {
  const connections: { notify: (text: string) => void; lose: (error: Error) => void }[] = [];
  let refusals = 0;
  const db = {
    listen: jest.fn((_channel: string, onNotification: (text: string) => void, onLost: (error: Error) => void) => {
      if (refusals > 0) {
        refusals -= 1;
        return Promise.reject(new Error('connection refused'));
      }
      connections.push({ notify: onNotification, lose: onLost });
      return Promise.resolve<Listening>({ check: () => Promise.resolve(), stop: () => undefined });
    }),
  };
  return {
    db: db as unknown as Database,
    listen: db.listen,
    latest: () => connections.at(-1)!,
    refuseNext: (times: number) => (refusals = times),
  };
}

describe('EventBus', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  async function setUp(recorded: BusEvent[] = []) {
    const database = fakeDatabase();
    const recordedSince = jest.fn((_since: Date) => Promise.resolve(recorded));
    const events = { recordedSince, prune: jest.fn() } as unknown as EventRepository;
    const tasks = { every: jest.fn() } as unknown as PeriodicTasks;
    const bus = new EventBus(database.db, events, tasks);
    const received: number[] = [];
    bus.subscribe((e) => received.push(e.id));
    await bus.onApplicationBootstrap();
    return { bus, database, received, recordedSince };
  }

  it('passes every notification to every subscriber once, ignoring what is not an event', async () => {
    const { bus, database, received } = await setUp();
    const other: number[] = [];
    const unsubscribe = bus.subscribe((e) => other.push(e.id));
    database.latest().notify(notification(1));
    database.latest().notify(notification(1));
    database.latest().notify('not json');
    database.latest().notify(JSON.stringify({ id: 'x', topic: 'transcription', payload: {} }));
    unsubscribe();
    database.latest().notify(notification(2));
    expect(received).toEqual([1, 2]);
    expect(other).toEqual([1]);
  });

  it('after losing the connection, reconnects with backoff and catches up on what was recorded meanwhile, once', async () => {
    const { bus, database, received, recordedSince } = await setUp([event(1), event(2), event(3)]);
    database.latest().notify(notification(1));
    database.refuseNext(2);
    database.latest().lose(new Error('terminating connection due to administrator command'));
    expect(bus.connected).toBe(false);
    await jest.advanceTimersByTimeAsync(250); // refused
    await jest.advanceTimersByTimeAsync(500); // refused
    expect(database.listen).toHaveBeenCalledTimes(3);
    await jest.advanceTimersByTimeAsync(1000); // connects
    expect(database.listen).toHaveBeenCalledTimes(4);
    expect(bus.connected).toBe(true);
    expect(recordedSince).toHaveBeenCalledTimes(1);
    // From a little before the loss, so changes committing just then are not missed.
    const since = recordedSince.mock.calls[0]![0];
    expect(since.getTime()).toBeLessThan(Date.now() - 1750);
    database.latest().notify(notification(3)); // live after the catch-up: not twice
    database.latest().notify(notification(4));
    expect(received).toEqual([1, 2, 3, 4]);
  });

  it('stops reconnecting at shutdown', async () => {
    const { bus, database } = await setUp();
    bus.onApplicationShutdown();
    database.latest().lose(new Error('gone'));
    await jest.advanceTimersByTimeAsync(20_000);
    expect(database.listen).toHaveBeenCalledTimes(1);
  });
});
