import type { ChatRole } from '@app/contracts';
import { chatPrompt, recentTurns } from './chat-prompt.js';

const message = (role: ChatRole, content: string) => ({ role, content });

describe('recentTurns', () => {
  it('keeps question-and-answer pairs, oldest first', () => {
    const history = [message('user', 'q1'), message('assistant', 'a1'), message('user', 'q2'), message('assistant', 'a2')];
    expect(recentTurns(history, 1000)).toEqual(history);
  });

  it('leaves out questions whose answer broke off, so that roles alternate', () => {
    const history = [
      message('user', 'q1'),
      message('user', 'q2'),
      message('assistant', 'a2'),
      message('user', 'q3'), // unanswered, the last one stored
    ];
    expect(recentTurns(history, 1000)).toEqual([message('user', 'q2'), message('assistant', 'a2')]);
  });

  it('drops an answer whose question fell out of the window', () => {
    expect(recentTurns([message('assistant', 'a0'), message('user', 'q1'), message('assistant', 'a1')], 1000)).toEqual([
      message('user', 'q1'),
      message('assistant', 'a1'),
    ]);
  });

  it('keeps only the newest turns that fit', () => {
    const history = [
      message('user', 'q'.repeat(50)),
      message('assistant', 'a'.repeat(50)),
      message('user', 'q2'),
      message('assistant', 'a2'),
    ];
    expect(recentTurns(history, 100)).toEqual([message('user', 'q2'), message('assistant', 'a2')]);
    expect(recentTurns(history, 3)).toEqual([]);
  });
});

describe('chatPrompt', () => {
  const transcription = {
    fileName: 'standup.m4a',
    text: 'We ship on Friday. Marta owns the release.',
    segments: null,
    summary: 'A short standup about the release.',
  };

  it('sends the system prompt with the summary and the whole transcript, the turns, then the question', () => {
    const prompt = chatPrompt({
      transcription,
      history: [message('user', 'When do we ship?'), message('assistant', 'On Friday.')],
      question: 'Who owns it?',
      contextChars: 24_000,
    });
    expect(prompt.map((entry) => entry.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(prompt[0]!.content).toContain('"standup.m4a"');
    expect(prompt[0]!.content).toContain('Summary of the recording:\nA short standup about the release.');
    expect(prompt[0]!.content).toContain('The transcript:\nWe ship on Friday. Marta owns the release.');
    expect(prompt[0]!.content).not.toContain('excerpts');
    expect(prompt.at(-1)).toEqual({ role: 'user', content: 'Who owns it?' });
  });

  it('says so when it gives excerpts, and finds a follow-up’s passage through the earlier question', () => {
    const segments = Array.from({ length: 600 }, (_, i) => ({
      start: i * 5,
      end: i * 5 + 5,
      text: `Routine update number ${i}.`,
    }));
    segments[400] = { start: 2000, end: 2005, text: 'The zeppelin hangar lease was signed.' };
    const prompt = chatPrompt({
      transcription: { ...transcription, text: segments.map((segment) => segment.text).join(' '), segments },
      history: [message('user', 'What about the zeppelin hangar?'), message('assistant', 'I am not sure.')],
      question: 'Are you sure?',
      contextChars: 2000,
    });
    const system = prompt[0]!.content;
    expect(system).toContain('only excerpts');
    expect(system).toContain('Summary of the recording:');
    expect(system).toMatch(/\[00:33:\d\d\] [^[]*The zeppelin hangar lease was signed\./);
  });
});
