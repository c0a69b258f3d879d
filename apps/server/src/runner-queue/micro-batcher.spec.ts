import { MicroBatcher } from './micro-batcher.js';

describe('MicroBatcher', () => {
  it('runs a lone call at once and batches calls that arrive while one is in flight', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const batcher = new MicroBatcher<number, number>(
      async (inputs) => {
        batches.push(inputs);
        if (batches.length === 1) await gate;
        return inputs.map((n) => n * 10);
      },
      { maxBatch: 3, concurrency: 1 },
    );
    const first = batcher.run(1);
    const rest = [2, 3, 4, 5, 6].map((n) => batcher.run(n));
    expect(batches).toEqual([[1]]);
    release();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40, 50, 60]);
    expect(batches).toEqual([[1], [2, 3, 4], [5, 6]]);
  });

  it('rejects every call of a failed batch and goes on with the next', async () => {
    let calls = 0;
    const batcher = new MicroBatcher<number, number>(
      (inputs) => {
        calls += 1;
        if (calls === 1) return Promise.reject(new Error('database down'));
        return Promise.resolve(inputs);
      },
      { maxBatch: 10, concurrency: 1 },
    );
    const failed = batcher.run(1);
    const next = batcher.run(2);
    await expect(failed).rejects.toThrow('database down');
    expect(await next).toBe(2);
  });
});
