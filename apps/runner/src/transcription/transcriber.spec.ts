/** @jest-environment ./test/support/native-typed-arrays-environment.cjs */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fixturePath } from '@test/support/fixtures.js';
import { FAKE_WHISPER } from '@test/support/runners.js';
import { composeWav, type Placement } from '@test/support/speech-audio.js';
import { loadRunnerConfig } from '../config/runner-config.js';
import { PcmWav, SAMPLE_RATE } from '../media/wav.js';
import { SpeechMap } from '../vad/speech-map.js';
import { VoiceActivity } from '../vad/voice-activity.js';
import { WhisperCli } from '../whisper/whisper-cli.js';
import { Transcriber, transcriptText } from './transcriber.js';

const JFK = fixturePath('audio/jfk.wav');
const STARS = fixturePath('audio/new-home-in-the-stars-16k.wav');
const LDC = fixturePath('audio/LDC93S1.wav');

describe('transcriptText', () => {
  it('joins Latin segments with single spaces and CJK segments without', () => {
    expect(
      transcriptText([
        { start: 0, end: 1, text: ' Hello there.' },
        { start: 1, end: 2, text: '  ' },
        { start: 2, end: 3, text: ' How are you?' },
      ]),
    ).toBe('Hello there. How are you?');
    expect(
      transcriptText([
        { start: 0, end: 1, text: '大家好，' },
        { start: 1, end: 2, text: '欢迎参加会议。' },
        { start: 2, end: 3, text: ' OK.' },
      ]),
    ).toBe('大家好，欢迎参加会议。OK.');
    // Korean separates words with spaces.
    expect(
      transcriptText([
        { start: 0, end: 1, text: '안녕하세요' },
        { start: 1, end: 2, text: '반갑습니다' },
      ]),
    ).toBe('안녕하세요 반갑습니다');
    expect(transcriptText([])).toBe('');
  });
});

describe('Transcriber with voice activity detection (the real Silero model, the stand-in whisper)', () => {
  let dir: string;
  /** A meeting-like minute: speech clips between pauses of 2–5 s. */
  let meeting: string;
  let placements: Placement[];
  let silence: string;

  /** A transcriber whose whisper runs are recorded: each input's length in seconds, in chunk order. */
  const transcriber = (env: Record<string, string> = {}) => {
    const config = loadRunnerConfig({ RUNNER_API_KEY: 'k'.repeat(16), WHISPER_CLI_PATH: FAKE_WHISPER, ...env });
    const heard: number[] = [];
    const whisper = new WhisperCli(config);
    const transcribe = whisper.transcribe.bind(whisper);
    whisper.transcribe = async (run) => {
      heard[Number(/chunk-(\d+)$/.exec(run.outputBase)![1])] = (await PcmWav.open(run.input)).durationSeconds;
      return transcribe(run);
    };
    const voiceActivity = new VoiceActivity(config);
    return { transcriber: new Transcriber(config, whisper, voiceActivity), heard, voiceActivity };
  };
  const request = (wavPath: string, vad?: boolean) => ({ wavPath, model: 'unused', language: 'en', workDir: dir, vad });
  /** Chunk cuts, from the lengths of the chunks whisper heard (each runs on past its cut by the overlap). */
  const cuts = (heard: number[], overlap: number) =>
    heard.slice(0, -1).reduce<number[]>((all, length) => [...all, (all.at(-1) ?? 0) + length - overlap], []);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'transcriber-vad-'));
    meeting = path.join(dir, 'meeting.wav');
    placements = await composeWav(meeting, [
      { silence: 2 },
      { clip: JFK },
      { silence: 4 },
      { clip: STARS },
      { silence: 3 },
      { clip: JFK },
      { silence: 5 },
      { clip: LDC },
      { silence: 3 },
      { clip: JFK },
      { silence: 2 },
    ]);
    silence = path.join(dir, 'silence.wav');
    await composeWav(silence, [{ silence: 30 }]);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('transcribes only the speech and maps every segment back to the time it was said', async () => {
    const { transcriber: subject, heard, voiceActivity } = transcriber({ ENABLE_CHUNKING: 'false' });
    const wav = await PcmWav.open(meeting);
    const map = new SpeechMap(await voiceActivity.speechRegions(wav), SAMPLE_RATE);
    const transcript = await subject.transcribe(request(meeting));

    expect(heard).toHaveLength(1);
    expect(heard[0]).toBeCloseTo(map.speechSeconds, 3);
    expect(transcript.speechSeconds).toBeCloseTo(map.speechSeconds, 3);
    expect(transcript.speechSeconds!).toBeLessThan(wav.durationSeconds - 15);
    expect(transcript.durationSeconds).toBe(wav.durationSeconds);
    // The stand-in says one segment per 2 s of what it hears: segment k starts at 2k s of the speech.
    transcript.segments.forEach((segment, k) => expect(segment.start).toBe(map.toOriginal(2 * k, 'start')));
    expect(transcript.segments[0]!.start).toBeGreaterThanOrEqual(placements[0]!.start);
    expect(Math.abs(transcript.segments[0]!.start - (placements[0]!.start + 0.32))).toBeLessThanOrEqual(0.3 + 0.3);
    const inSpeech = (t: number) => map.spans.some((span) => t >= span.start / SAMPLE_RATE && t <= span.end / SAMPLE_RATE);
    for (const segment of transcript.segments) expect(inSpeech(segment.start)).toBe(true);
    // The last clip's speech comes out where the last clip is.
    expect(transcript.segments.at(-1)!.end).toBeGreaterThan(placements.at(-1)!.start);
    expect(transcript.segments.at(-1)!.end).toBeCloseTo(map.spans.at(-1)!.end / SAMPLE_RATE, 3);
  });

  it('with vad=false transcribes everything, silence included', async () => {
    const { transcriber: subject, heard } = transcriber({ ENABLE_CHUNKING: 'false' });
    const transcript = await subject.transcribe(request(meeting, false));
    const duration = (await PcmWav.open(meeting)).durationSeconds;
    expect(heard).toEqual([duration]);
    expect(transcript.speechSeconds).toBeNull();
    expect(transcript.segments[0]!.start).toBe(0);
    expect(transcript.segments.at(-1)!.end).toBeCloseTo(duration, 3);
  });

  it('does not run whisper on audio without speech', async () => {
    const { transcriber: subject, heard } = transcriber();
    const transcript = await subject.transcribe(request(silence));
    expect(heard).toEqual([]);
    expect(transcript).toMatchObject({ segments: [], text: '', chunks: 0, speechSeconds: 0, durationSeconds: 30 });
    // Without voice activity detection, silence goes to whisper as before.
    const { transcriber: without, heard: heardWithout } = transcriber({ VAD_ENABLED: 'false' });
    expect((await without.transcribe(request(silence))).speechSeconds).toBeNull();
    expect(heardWithout).toEqual([30]);
  });

  it('cuts long speech-only audio where pauses were removed, and maps the merged chunks back', async () => {
    const {
      transcriber: subject,
      heard,
      voiceActivity,
    } = transcriber({ CHUNK_SIZE_MINUTES: '0.25', CHUNK_OVERLAP_SECONDS: '1' });
    const map = new SpeechMap(await voiceActivity.speechRegions(await PcmWav.open(meeting)), SAMPLE_RATE);
    const transcript = await subject.transcribe(request(meeting));
    expect(heard.length).toBeGreaterThan(1);
    for (const cut of cuts(heard, 1)) expect(map.joins.some((join) => Math.abs(join - cut) < 0.001)).toBe(true);
    expect(transcript.chunks).toBe(heard.length);
    const times = transcript.segments.map((segment) => segment.start);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(
      times.every((time) => map.spans.some((span) => time * SAMPLE_RATE >= span.start && time * SAMPLE_RATE <= span.end)),
    ).toBe(true);
    expect(transcript.segments.at(-1)!.end).toBeCloseTo(map.spans.at(-1)!.end / SAMPLE_RATE, 3);
  });

  it('without skipping silence (vad=false), cuts long audio inside the pauses VAD found (USE_VAD_SPLIT)', async () => {
    const {
      transcriber: subject,
      heard,
      voiceActivity,
    } = transcriber({ CHUNK_SIZE_MINUTES: '0.25', CHUNK_OVERLAP_SECONDS: '1' });
    const regions = await voiceActivity.speechRegions(await PcmWav.open(meeting));
    await subject.transcribe(request(meeting, false));
    expect(heard.length).toBeGreaterThan(1);
    for (const cut of cuts(heard, 1)) {
      expect(regions.some((region) => cut * SAMPLE_RATE > region.start && cut * SAMPLE_RATE < region.end)).toBe(false);
    }
  });
});
