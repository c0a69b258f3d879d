import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { AudioSniffer, detectAudioType, NotAudioError } from './audio-type.js';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat([
    ...parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))),
    Buffer.alloc(16),
  ]);

describe('detectAudioType', () => {
  it.each([
    ['WAV', bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt '), 'audio/wav'],
    ['AVI', bytes('RIFF', [1, 2, 3, 4], 'AVI LIST'), 'video/x-msvideo'],
    ['MP3 with ID3', bytes('ID3', [4, 0, 0]), 'audio/mpeg'],
    ['MP3 frame (MPEG-1 layer III, 128 kb/s, 44.1 kHz)', bytes([0xff, 0xfb, 0x90, 0x64]), 'audio/mpeg'],
    ['MP3 frame (MPEG-2 layer III)', bytes([0xff, 0xf3, 0x48, 0xc4]), 'audio/mpeg'],
    ['AAC in ADTS', bytes([0xff, 0xf1, 0x50, 0x80]), 'audio/aac'],
    ['FLAC', bytes('fLaC'), 'audio/flac'],
    ['OGG (Vorbis/Opus)', bytes('OggS', [0, 2]), 'audio/ogg'],
    ['M4A', bytes([0, 0, 0, 0x20], 'ftypM4A '), 'audio/mp4'],
    ['MP4', bytes([0, 0, 0, 0x18], 'ftypisom'), 'video/mp4'],
    ['MOV', bytes([0, 0, 0, 0x14], 'ftypqt  '), 'video/quicktime'],
    ['3GP', bytes([0, 0, 0, 0x14], 'ftyp3gp4'), 'audio/3gpp'],
    ['WebM/MKV', bytes([0x1a, 0x45, 0xdf, 0xa3]), 'video/webm'],
    ['AMR', bytes('#!AMR\n'), 'audio/amr'],
    [
      'WMA/ASF',
      bytes([0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11, 0xa6, 0xd9, 0x00, 0xaa, 0x00, 0x62, 0xce, 0x6c]),
      'audio/x-ms-wma',
    ],
    ['AIFF', bytes('FORM', [0, 0, 0, 0], 'AIFF'), 'audio/aiff'],
    ['CAF', bytes('caff'), 'audio/x-caf'],
    ['MPEG program stream', bytes([0, 0, 1, 0xba]), 'video/mpeg'],
  ])('recognises %s', (_name, head, mime) => {
    expect(detectAudioType(head)?.mime).toBe(mime);
  });

  it.each([
    ['text', Buffer.from('hello, this is not audio')],
    ['PDF', bytes('%PDF-1.7')],
    ['PNG', bytes([0x89], 'PNG\r\n')],
    ['ZIP', bytes('PK', [3, 4])],
    ['RIFF that is not WAV or AVI', bytes('RIFF', [0, 0, 0, 0], 'WEBP')],
    ['0xFF with an invalid bitrate', bytes([0xff, 0xfb, 0xf0, 0x00])],
    ['nothing', Buffer.alloc(0)],
  ])('refuses %s', (_name, head) => {
    expect(detectAudioType(head)).toBeUndefined();
  });
});

describe('AudioSniffer', () => {
  async function run(chunks: Buffer[]): Promise<{ out: Buffer; sniffer: AudioSniffer }> {
    const sniffer = new AudioSniffer();
    const out: Buffer[] = [];
    await pipeline(
      Readable.from(chunks),
      sniffer,
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          out.push(chunk);
          callback();
        },
      }),
    );
    return { out: Buffer.concat(out), sniffer };
  }

  it('passes every byte through unchanged, whatever the chunking of the head', async () => {
    const file = bytes('fLaC', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    const { out, sniffer } = await run([file.subarray(0, 1), file.subarray(1, 3), file.subarray(3)]);
    expect(out.equals(file)).toBe(true);
    expect(sniffer.detected?.mime).toBe('audio/flac');
  });

  it('judges files shorter than the sniffed head at their end', async () => {
    const { sniffer } = await run([Buffer.from('OggS')]);
    expect(sniffer.detected?.mime).toBe('audio/ogg');
  });

  it('fails as soon as the head is not audio', async () => {
    await expect(run([Buffer.from('<html><body>not audio</body></html>')])).rejects.toBeInstanceOf(NotAudioError);
  });
});
