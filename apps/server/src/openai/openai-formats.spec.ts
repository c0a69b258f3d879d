import { JobKind, TranscriptionStatus } from '@app/contracts';
import type { Transcription } from '../transcriptions/transcription.js';
import { languageName, openAiAnswer } from './openai-formats.js';

const transcription = {
  id: '00000000-0000-4000-8000-000000000001',
  fileName: 'memo.wav',
  language: 'zh',
  task: 'transcribe',
  status: TranscriptionStatus.Completed,
  kind: JobKind.Transcribe,
  text: '你好 world',
  durationSeconds: 3.5,
  createdAt: new Date(0),
  summary: null,
  segments: [
    {
      start: 0,
      end: 1.5,
      text: '你好',
      words: [
        { word: '你', start: 0, end: 0.7, probability: 0.9 },
        { word: '好', start: 0.7, end: 1.5 },
      ],
    },
    { start: 1.5, end: 3.5, text: ' world', words: [{ word: ' world', start: 1.5, end: 3.5 }] },
    { start: 3.5, end: 3.5, text: ' ' },
  ],
} as unknown as Transcription;

describe('OpenAI response formats', () => {
  it('names languages as whisper does, else keeps the code', () => {
    expect(languageName('en')).toBe('english');
    expect(languageName('zh-TW')).toBe('chinese');
    expect(languageName('xx')).toBe('xx');
    expect(languageName(null)).toBe('unknown');
  });

  it('verbose_json: segments and words as asked, blank segments left out', () => {
    const { body, contentType } = openAiAnswer(transcription, 'verbose_json', ['word', 'segment'], 0.2);
    expect(contentType).toBe('application/json');
    expect(body).toEqual({
      task: 'transcribe',
      language: 'chinese',
      duration: 3.5,
      text: '你好 world',
      segments: [
        {
          id: 0,
          seek: 0,
          start: 0,
          end: 1.5,
          text: '你好',
          tokens: [],
          temperature: 0.2,
          avg_logprob: 0,
          compression_ratio: 0,
          no_speech_prob: 0,
        },
        {
          id: 1,
          seek: 150,
          start: 1.5,
          end: 3.5,
          text: ' world',
          tokens: [],
          temperature: 0.2,
          avg_logprob: 0,
          compression_ratio: 0,
          no_speech_prob: 0,
        },
      ],
      words: [
        { word: '你', start: 0, end: 0.7 },
        { word: '好', start: 0.7, end: 1.5 },
        { word: 'world', start: 1.5, end: 3.5 },
      ],
    });
    expect(openAiAnswer(transcription, 'verbose_json', [], 0).body).not.toHaveProperty('words');
    expect(openAiAnswer(transcription, 'verbose_json', ['word'], 0).body).not.toHaveProperty('segments');
  });

  it('json, text, srt', () => {
    expect(openAiAnswer(transcription, 'json', [], 0).body).toEqual({ text: '你好 world' });
    expect(openAiAnswer(transcription, 'text', [], 0)).toEqual({
      contentType: 'text/plain; charset=utf-8',
      body: '你好 world\n',
    });
    expect(openAiAnswer(transcription, 'srt', [], 0).body).toBe(
      '1\n00:00:00,000 --> 00:00:01,500\n你好\n\n2\n00:00:01,500 --> 00:00:03,500\nworld\n',
    );
  });
});
