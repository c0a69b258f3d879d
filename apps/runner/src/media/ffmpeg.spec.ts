import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadRunnerConfig } from '../config/runner-config.js';
import { Ffmpeg, findFfmpeg, UndecodableAudioError } from './ffmpeg.js';
import { PcmWav, wavHeader } from './wav.js';

describe('findFfmpeg', () => {
  it('prefers FFMPEG_PATH, then ffmpeg on PATH, then the binary @ffmpeg-installer ships', () => {
    expect(findFfmpeg('/opt/ffmpeg/bin/ffmpeg')).toBe('/opt/ffmpeg/bin/ffmpeg');
    // With no system ffmpeg on PATH:
    expect(findFfmpeg(undefined, { PATH: '/nonexistent' })).toMatch(/@ffmpeg-installer.*ffmpeg$/);
  });
});

describe('Ffmpeg', () => {
  let dir: string;
  const ffmpeg = new Ffmpeg(loadRunnerConfig({ RUNNER_API_KEY: 'k'.repeat(16) }));

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ws-ffmpeg-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('converts audio to 16 kHz mono PCM and gives its duration', async () => {
    // 3 s of 44.1 kHz stereo silence in, 3 s of 16 kHz mono out.
    const header = wavHeader(0);
    header.writeUInt16LE(2, 22);
    header.writeUInt32LE(44100, 24);
    header.writeUInt32LE(44100 * 4, 28);
    header.writeUInt16LE(4, 32);
    const data = Buffer.alloc(44100 * 4 * 3);
    header.writeUInt32LE(data.length, 40);
    header.writeUInt32LE(36 + data.length, 4);
    await writeFile(path.join(dir, 'in.wav'), Buffer.concat([header, data]));
    await ffmpeg.toPcmWav(path.join(dir, 'in.wav'), path.join(dir, 'out.wav'));
    const wav = await PcmWav.open(path.join(dir, 'out.wav'));
    expect(wav.durationSeconds).toBeCloseTo(3, 1);
  });

  it('reports undecodable input as UndecodableAudioError with ffmpeg’s reason', async () => {
    await writeFile(path.join(dir, 'bad.flac'), Buffer.concat([Buffer.from('fLaC'), Buffer.alloc(3000, 9)]));
    await expect(ffmpeg.toPcmWav(path.join(dir, 'bad.flac'), path.join(dir, 'bad.wav'))).rejects.toBeInstanceOf(
      UndecodableAudioError,
    );
  });
});
