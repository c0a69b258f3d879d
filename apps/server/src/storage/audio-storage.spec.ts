import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { loadServerConfig } from '../config/server-config.js';
import { AudioStorage, AudioTooLargeError } from './audio-storage.js';

describe('AudioStorage', () => {
  let directory: string;
  let storage: AudioStorage;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'ws-storage-'));
    storage = new AudioStorage(loadServerConfig({ STORAGE_DIR: directory }));
    await storage.onModuleInit();
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('stores a stream under the id, with its size and sha256', async () => {
    const id = randomUUID();
    const bytes = Buffer.from('RIFF....WAVEfmt some audio bytes');
    const stored = await storage.write(id, Readable.from([bytes.subarray(0, 10), bytes.subarray(10)]), 1024);
    expect(stored).toEqual({ size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(await readFile(path.join(directory, id))).toEqual(bytes);
    expect(await storage.size(id)).toBe(bytes.length);
    expect((await storage.list()).map((file) => file.id)).toEqual([id]);
  });

  it('refuses a stream past the limit and leaves no file at all', async () => {
    const id = randomUUID();
    const source = Readable.from([Buffer.alloc(600), Buffer.alloc(600)]);
    await expect(storage.write(id, source, 1000)).rejects.toBeInstanceOf(AudioTooLargeError);
    expect(await readdir(directory)).toEqual([]);
  });

  it('leaves no file when the source fails half-way', async () => {
    const id = randomUUID();
    function* broken() {
      yield Buffer.alloc(100);
      throw new Error('client went away');
    }
    await expect(storage.write(id, Readable.from(broken()), 1000)).rejects.toThrow('client went away');
    expect(await readdir(directory)).toEqual([]);
  });

  it('never builds a path from anything but an id', () => {
    expect(() => storage.pathFor('../../etc/passwd')).toThrow(/not a transcription id/);
  });

  it('removes partial upload files last written before a cutoff, never a stored file or a newer partial', async () => {
    const stale = `.incoming-${randomUUID()}-abcd`;
    const fresh = `.incoming-${randomUUID()}-ef01`;
    const stored = randomUUID();
    for (const name of [stale, fresh, stored]) await writeFile(path.join(directory, name), 'x');
    const hourAgo = new Date(Date.now() - 3600_000);
    await utimes(path.join(directory, stale), hourAgo, hourAgo);
    await utimes(path.join(directory, stored), hourAgo, hourAgo);
    expect(await storage.removePartialsOlderThan(new Date(Date.now() - 60_000))).toEqual([stale]);
    expect((await readdir(directory)).sort()).toEqual([fresh, stored].sort());
  });

  it('deletes idempotently', async () => {
    await expect(storage.delete(randomUUID())).resolves.toBeUndefined();
  });

  it('reports the size and free space of its volume', async () => {
    const space = await storage.diskSpace();
    expect(space.totalBytes).toBeGreaterThan(0);
    expect(space.freeBytes).toBeGreaterThan(0);
    expect(space.usedBytes + space.freeBytes).toBeLessThanOrEqual(space.totalBytes);
  });
});
