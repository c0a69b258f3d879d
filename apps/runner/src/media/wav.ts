import { type FileHandle, open } from 'node:fs/promises';

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

interface RiffChunk {
  id: string;
  /** Where its data starts in the file. */
  offset: number;
  length: number;
}

/** Runs `read` on the chunks of a RIFF/WAVE file (their headers only; nothing else is read). */
async function withChunks<T>(
  path: string,
  read: (chunks: RiffChunk[], size: number, file: FileHandle) => Promise<T> | T,
): Promise<T> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const header = Buffer.alloc(12);
    await file.read(header, 0, 12, 0);
    if (header.toString('latin1', 0, 4) !== 'RIFF' || header.toString('latin1', 8, 12) !== 'WAVE') {
      throw new Error(`${path} is not a WAV file`);
    }
    const chunks: RiffChunk[] = [];
    const chunk = Buffer.alloc(8);
    for (let offset = 12; offset + 8 <= size;) {
      await file.read(chunk, 0, 8, offset);
      const id = chunk.toString('latin1', 0, 4);
      const length = chunk.readUInt32LE(4);
      chunks.push({ id, offset: offset + 8, length });
      if (id === 'data') break; // the samples: nothing after them matters
      offset += 8 + length + (length % 2);
    }
    return await read(chunks, size, file);
  } finally {
    await file.close();
  }
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
    return withChunks(path, (chunks, size) => {
      // ffmpeg may add a LIST chunk before "data".
      const data = chunks.find((chunk) => chunk.id === 'data');
      if (!data) throw new Error(`${path} has no data chunk`);
      // Streams written by ffmpeg to a pipe carry a placeholder length: trust the file size.
      const declared = data.length === 0xffffffff || data.length === 0 ? Infinity : data.length;
      const dataBytes = Math.min(size - data.offset, declared);
      return new PcmWav(path, data.offset, Math.floor(dataBytes / BYTES_PER_SAMPLE));
    });
  }

  /**
   * Whether the file already is what whisper reads — a WAV of 16 kHz mono 16-bit PCM — so that
   * converting it again would only cost time.
   */
  static async isWhisperReady(path: string): Promise<boolean> {
    return withChunks(path, async (chunks, _size, file) => {
      const format = chunks.find((chunk) => chunk.id === 'fmt ');
      if (!format || format.length < 16 || !chunks.some((chunk) => chunk.id === 'data')) return false;
      const fields = Buffer.alloc(16);
      await file.read(fields, 0, 16, format.offset);
      const pcm = fields.readUInt16LE(0) === 1;
      return pcm && fields.readUInt16LE(2) === 1 && fields.readUInt32LE(4) === SAMPLE_RATE && fields.readUInt16LE(14) === 16;
    }).catch(() => false);
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
