import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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
    async function* broken() {
      yield Buffer.alloc(100);
      throw new Error('client went away');
    }
    await expect(storage.write(id, Readable.from(broken()), 1000)).rejects.toThrow('client went away');
    expect(await readdir(directory)).toEqual([]);
  });

  it('never builds a path from anything but an id', () => {
    expect(() => storage.pathFor('../../etc/passwd')).toThrow(/not a transcription id/);
  });

  it('removes temporary files left by a crash at start-up, and deletes idempotently', async () => {
    await writeFile(path.join(directory, `.incoming-${randomUUID()}-abcd`), 'half');
    await storage.onModuleInit();
    expect(await readdir(directory)).toEqual([]);
    await expect(storage.delete(randomUUID())).resolves.toBeUndefined();
  });
});
