import { open } from 'node:fs/promises';

/** 16 kHz, mono, signed 16-bit little-endian: what whisper.cpp wants. */
export const SAMPLE_RATE = 16_000;
export const BYTES_PER_SAMPLE = 2;
export const WAV_HEADER_BYTES = 44;

export function wavHeader(dataBytes: number): Buffer {
  const header = Buffer.alloc(WAV_HEADER_BYTES);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE(SAMPLE_RATE * BYTES_PER_SAMPLE, 28);
  header.writeUInt16LE(BYTES_PER_SAMPLE, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

/**
 * A 16 kHz mono PCM WAV that ffmpeg wrote (header of 44 bytes), read in windows so that a
 * two-hour file is never held in memory: the reader only ever holds the samples it asked for.
 */
export class PcmWav {
  private constructor(
    readonly path: string,
    readonly dataOffset: number,
    readonly sampleCount: number,
  ) {}

  static async open(path: string): Promise<PcmWav> {
    const file = await open(path, 'r');
    try {
      const { size } = await file.stat();
      const header = Buffer.alloc(WAV_HEADER_BYTES);
      await file.read(header, 0, WAV_HEADER_BYTES, 0);
      if (header.toString('latin1', 0, 4) !== 'RIFF' || header.toString('latin1', 8, 12) !== 'WAVE') {
        throw new Error(`${path} is not a WAV file`);
      }
      // ffmpeg may add a LIST chunk before "data": find the data chunk.
      let offset = 12;
      const chunk = Buffer.alloc(8);
      for (;;) {
        if (offset + 8 > size) throw new Error(`${path} has no data chunk`);
        await file.read(chunk, 0, 8, offset);
        const id = chunk.toString('latin1', 0, 4);
        const length = chunk.readUInt32LE(4);
        if (id === 'data') {
          // Streams written by ffmpeg to a pipe carry a placeholder length: trust the file size.
          const dataBytes = Math.min(size - offset - 8, length === 0xffffffff || length === 0 ? Infinity : length);
          return new PcmWav(path, offset + 8, Math.floor(dataBytes / BYTES_PER_SAMPLE));
        }
        offset += 8 + length + (length % 2);
      }
    } finally {
      await file.close();
    }
  }

  get durationSeconds(): number {
    return this.sampleCount / SAMPLE_RATE;
  }

  /** Samples [from, to) as 16-bit integers. */
  async readSamples(from: number, to: number): Promise<Int16Array> {
    const start = Math.max(0, Math.min(from, this.sampleCount));
    const end = Math.max(start, Math.min(to, this.sampleCount));
    const buffer = Buffer.alloc((end - start) * BYTES_PER_SAMPLE);
    const file = await open(this.path, 'r');
    try {
      await file.read(buffer, 0, buffer.length, this.dataOffset + start * BYTES_PER_SAMPLE);
    } finally {
      await file.close();
    }
    return new Int16Array(buffer.buffer, buffer.byteOffset, buffer.length / BYTES_PER_SAMPLE);
  }
}
