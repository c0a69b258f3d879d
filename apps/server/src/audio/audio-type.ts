import { Transform, type TransformCallback } from 'node:stream';

/** The container/codec of an upload as its first bytes show it. */
export interface AudioType {
  mime: string;
  /** A file extension for it, without the dot. */
  extension: string;
}

/** How many leading bytes detectAudioType looks at. */
export const SNIFF_BYTES = 16;

const ascii = (head: Buffer, offset: number, text: string) =>
  head.length >= offset + text.length && head.toString('latin1', offset, offset + text.length) === text;

const ASF_GUID = Buffer.from('3026b2758e66cf11a6d900aa0062ce6c', 'hex');
const EBML = Buffer.from('1a45dfa3', 'hex');
const MPEG_PS = Buffer.from('000001ba', 'hex');

function mp4Type(head: Buffer): AudioType {
  const brand = head.toString('latin1', 8, 12);
  if (brand.startsWith('M4A') || brand.startsWith('M4B')) return { mime: 'audio/mp4', extension: 'm4a' };
  if (brand === 'qt  ') return { mime: 'video/quicktime', extension: 'mov' };
  if (brand.startsWith('3gp') || brand.startsWith('3g2')) return { mime: 'audio/3gpp', extension: '3gp' };
  return { mime: 'video/mp4', extension: 'mp4' };
}

/** An MPEG audio frame header: MP3 (layers I–III) or AAC in ADTS. */
function mpegFrameType(head: Buffer): AudioType | undefined {
  if (head.length < 3 || head[0] !== 0xff || (head[1]! & 0xe0) !== 0xe0) return undefined;
  const layer = (head[1]! >> 1) & 0x3;
  if (layer === 0) return (head[1]! & 0xf6) === 0xf0 ? { mime: 'audio/aac', extension: 'aac' } : undefined;
  const version = (head[1]! >> 3) & 0x3;
  const bitrateIndex = head[2]! >> 4;
  const sampleRateIndex = (head[2]! >> 2) & 0x3;
  if (version === 1 || bitrateIndex === 0xf || sampleRateIndex === 0x3) return undefined;
  return { mime: 'audio/mpeg', extension: 'mp3' };
}

/**
 * Decides from the content, never from the name or the declared type, whether an upload is
 * audio or video that ffmpeg can take the sound from. Undefined: not a format we accept.
 */
export function detectAudioType(head: Buffer): AudioType | undefined {
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WAVE')) return { mime: 'audio/wav', extension: 'wav' };
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'AVI ')) return { mime: 'video/x-msvideo', extension: 'avi' };
  if (ascii(head, 0, 'ID3')) return { mime: 'audio/mpeg', extension: 'mp3' };
  if (ascii(head, 0, 'fLaC')) return { mime: 'audio/flac', extension: 'flac' };
  if (ascii(head, 0, 'OggS')) return { mime: 'audio/ogg', extension: 'ogg' };
  if (ascii(head, 4, 'ftyp')) return mp4Type(head);
  if (head.subarray(0, 4).equals(EBML)) return { mime: 'video/webm', extension: 'webm' };
  if (ascii(head, 0, '#!AMR')) return { mime: 'audio/amr', extension: 'amr' };
  if (head.subarray(0, 16).equals(ASF_GUID)) return { mime: 'audio/x-ms-wma', extension: 'wma' };
  if (ascii(head, 0, 'FORM') && (ascii(head, 8, 'AIFF') || ascii(head, 8, 'AIFC'))) {
    return { mime: 'audio/aiff', extension: 'aiff' };
  }
  if (ascii(head, 0, 'caff')) return { mime: 'audio/x-caf', extension: 'caf' };
  if (ascii(head, 0, '.snd')) return { mime: 'audio/basic', extension: 'au' };
  if (ascii(head, 0, 'wvpk')) return { mime: 'audio/wavpack', extension: 'wv' };
  if (ascii(head, 0, 'MAC ')) return { mime: 'audio/ape', extension: 'ape' };
  if (ascii(head, 0, 'FLV')) return { mime: 'video/x-flv', extension: 'flv' };
  if (head.subarray(0, 4).equals(MPEG_PS)) return { mime: 'video/mpeg', extension: 'mpg' };
  return mpegFrameType(head);
}

/** Raised (through the stream) when the first bytes are not audio or video. */
export class NotAudioError extends Error {
  constructor() {
    super(
      'the file is not audio or video in a format we can read (WAV, MP3, FLAC, OGG/Opus, M4A/MP4/MOV, WebM/MKV, AAC, AMR, WMA, AIFF …)',
    );
  }
}

/**
 * Passes a stream through once its first bytes are recognised (`detected` then holds the type);
 * fails with NotAudioError as soon as they are not, so a large non-audio upload stops early.
 */
export class AudioSniffer extends Transform {
  detected?: AudioType;
  private head: Buffer[] = [];
  private headLength = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.detected) {
      callback(null, chunk);
      return;
    }
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength < SNIFF_BYTES) callback();
    else this.decide(callback);
  }

  override _flush(callback: TransformCallback): void {
    if (this.detected || this.headLength === 0) callback();
    else this.decide(callback); // a file shorter than SNIFF_BYTES
  }

  private decide(callback: TransformCallback): void {
    const buffered = Buffer.concat(this.head);
    this.head = [];
    this.detected = detectAudioType(buffered);
    if (this.detected) callback(null, buffered);
    else callback(new NotAudioError());
  }
}
