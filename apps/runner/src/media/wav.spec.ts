import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fixturePath } from '@test/support/fixtures.js';
import { PcmWav, wavHeader } from './wav.js';

/** A WAV header with these format fields, then `dataBytes` of silence. */
function wavWith(format: { pcm?: boolean; channels?: number; rate?: number; bits?: number }, dataBytes = 3200): Buffer {
  const header = wavHeader(dataBytes);
  header.writeUInt16LE(format.pcm === false ? 3 : 1, 20);
  header.writeUInt16LE(format.channels ?? 1, 22);
  header.writeUInt32LE(format.rate ?? 16_000, 24);
  header.writeUInt16LE(format.bits ?? 16, 34);
  return Buffer.concat([header, Buffer.alloc(dataBytes)]);
}

describe('PcmWav', () => {
  let directory: string;
  const file = async (name: string, bytes: Buffer) => {
    const target = path.join(directory, name);
    await writeFile(target, bytes);
    return target;
  };

  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'ws-wav-'));
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('reads the length of the data chunk, after a LIST chunk too', async () => {
    expect((await PcmWav.open(fixturePath('audio/jfk.wav'))).durationSeconds).toBeCloseTo(11, 0);
    expect((await PcmWav.open(await file('plain.wav', wavWith({}, 32_000)))).durationSeconds).toBe(1);
  });

  it('knows a file whisper can read as it is: 16 kHz, mono, 16-bit PCM', async () => {
    expect(await PcmWav.isWhisperReady(fixturePath('audio/jfk.wav'))).toBe(true); // with a LIST chunk
    expect(await PcmWav.isWhisperReady(fixturePath('audio/LDC93S1.wav'))).toBe(true);
    expect(await PcmWav.isWhisperReady(await file('ready.wav', wavWith({})))).toBe(true);
  });

  it('sends everything else to ffmpeg: other rates, stereo, 8 or 24 bits, float, not a WAV at all', async () => {
    for (const [name, bytes] of [
      ['44k.wav', wavWith({ rate: 44_100 })],
      ['stereo.wav', wavWith({ channels: 2 })],
      ['8bit.wav', wavWith({ bits: 8 })],
      ['24bit.wav', wavWith({ bits: 24 })],
      ['float.wav', wavWith({ pcm: false, bits: 32 })],
      ['short.wav', Buffer.from('RIFF')],
    ] as const) {
      expect({ name, ready: await PcmWav.isWhisperReady(await file(name, bytes)) }).toEqual({ name, ready: false });
    }
    expect(await PcmWav.isWhisperReady(fixturePath('audio/jfk.mp3'))).toBe(false);
  });
});
