import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadRunnerConfig } from '../config/runner-config.js';
import { LostJobError, ServerClient, ServerUnavailableError } from './server-client.js';

const AUDIO = Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 251));
const SHA256 = createHash('sha256').update(AUDIO).digest('hex');

/** Serves AUDIO with Range support; the first response is cut off half-way (a dropped connection). */
async function flakyAudioServer() {
  const ranges: (string | undefined)[] = [];
  const server = http.createServer((request, response) => {
    if (request.url?.startsWith('/api/runner/jobs/claim')) {
      response.statusCode = 503;
      response.end(JSON.stringify({ message: 'database down' }));
      return;
    }
    if (request.url?.includes('/gone/')) {
      response.statusCode = 404;
      response.end(JSON.stringify({ message: 'job not found' }));
      return;
    }
    ranges.push(request.headers.range);
    const start = Number(/bytes=(\d+)-/.exec(request.headers.range ?? '')?.[1] ?? 0);
    response.statusCode = start ? 206 : 200;
    response.setHeader('Content-Length', AUDIO.length - start);
    if (ranges.length === 1) {
      response.write(AUDIO.subarray(0, 80_000));
      setTimeout(() => response.socket?.destroy(), 50);
      return;
    }
    response.end(AUDIO.subarray(start));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    ranges,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('ServerClient', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ws-client-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const client = (url: string) => new ServerClient(loadRunnerConfig({ RUNNER_API_KEY: 'k'.repeat(16), SERVER_URL: url }));

  it('resumes a dropped download with a Range request and checks the sha256', async () => {
    const server = await flakyAudioServer();
    try {
      const target = path.join(dir, 'audio');
      expect(await client(server.url).downloadAudio('00000000-0000-4000-8000-000000000001', target, SHA256)).toBe(AUDIO.length);
      expect((await readFile(target)).equals(AUDIO)).toBe(true);
      expect(server.ranges).toEqual([undefined, 'bytes=80000-']);
    } finally {
      await server.close();
    }
  });

  it('refuses a download whose sha256 does not match', async () => {
    const server = await flakyAudioServer();
    try {
      await expect(
        client(server.url).downloadAudio('00000000-0000-4000-8000-000000000001', path.join(dir, 'a'), 'f'.repeat(64)),
      ).rejects.toThrow(/does not match its sha256/);
    } finally {
      await server.close();
    }
  });

  it('tells a lost job (404/409) from an unavailable server (5xx, no answer)', async () => {
    const server = await flakyAudioServer();
    try {
      await expect(client(server.url).downloadAudio('gone', path.join(dir, 'b'), null)).rejects.toBeInstanceOf(LostJobError);
      await expect(client(server.url).claim(1)).rejects.toBeInstanceOf(ServerUnavailableError);
    } finally {
      await server.close();
    }
    await expect(client('http://127.0.0.1:9').claim(1)).rejects.toBeInstanceOf(ServerUnavailableError);
  });
});
