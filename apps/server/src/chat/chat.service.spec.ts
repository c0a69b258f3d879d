import { BadGatewayException, ConflictException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import type { ServerConfig } from '../config/server-config.js';
import type { Transcription } from '../transcriptions/transcription.js';
import type { TranscriptionsService } from '../transcriptions/transcriptions.service.js';
import type { LanguageModel, PromptMessage } from '../language-model/language-model.js';
import type { ChatMessage, NewChatMessage } from './chat-message.js';
import type { ChatRepository } from './chat.repository.js';
import { CHAT_OFF, ChatService } from './chat.service.js';

const ID = '00000000-0000-4000-8000-000000000001';
const USER = 'user-1';

/** What the service reads of a transcription. */
const transcription = {
  id: ID,
  fileName: 'talk.wav',
  text: 'We ship on Friday.',
  segments: null,
  summary: null,
} as Transcription;

/** The transcriptions a user may see: `visible` ones, which are completed unless listed in `pending`. */
class FakeTranscriptions {
  visible = new Set([ID]);
  pending = new Set<string>();

  get(_scope: unknown, id: string): Promise<Transcription> {
    if (!this.visible.has(id)) return Promise.reject(new NotFoundException('transcription not found'));
    return Promise.resolve(transcription);
  }

  async completed(scope: unknown, id: string): Promise<Transcription> {
    const found = await this.get(scope, id);
    if (this.pending.has(id)) throw new ConflictException('the transcription is pending, not completed');
    return found;
  }
}

class FakeRepository {
  messages: ChatMessage[] = [];

  history(transcriptionId: string, userId: string | null): Promise<ChatMessage[]> {
    return Promise.resolve(this.messages.filter((m) => m.transcriptionId === transcriptionId && m.userId === userId));
  }

  async recent(transcriptionId: string, userId: string, count: number): Promise<ChatMessage[]> {
    return (await this.history(transcriptionId, userId)).slice(-count);
  }

  add(message: NewChatMessage): Promise<ChatMessage> {
    const stored = { ...message, id: `m${this.messages.length + 1}`, createdAt: new Date() };
    this.messages.push(stored);
    return Promise.resolve(stored);
  }
}

/** Answers with `pieces`, breaking off after `breakAfter` of them if set. */
class FakeModel {
  enabled = true;
  pieces = ['We ship ', 'on Friday.'];
  breakAfter?: number;
  failToStart = false;
  prompts: PromptMessage[][] = [];

  complete(messages: PromptMessage[]): Promise<string> {
    this.prompts.push(messages);
    return this.failToStart ? Promise.reject(new Error('503 overloaded')) : Promise.resolve(this.pieces.join(''));
  }

  stream(messages: PromptMessage[], signal: AbortSignal): Promise<AsyncIterable<string>> {
    this.prompts.push(messages);
    if (this.failToStart) return Promise.reject(new Error('connection refused'));
    const { pieces, breakAfter } = this;
    return Promise.resolve(
      (async function* answer() {
        for (const [index, piece] of pieces.entries()) {
          if (index === breakAfter) throw new Error('terminated');
          await Promise.resolve();
          signal.throwIfAborted();
          yield piece;
        }
      })(),
    );
  }
}

describe('ChatService', () => {
  let transcriptions: FakeTranscriptions;
  let repository: FakeRepository;
  let model: FakeModel;
  let chat: ChatService;

  beforeEach(() => {
    transcriptions = new FakeTranscriptions();
    repository = new FakeRepository();
    model = new FakeModel();
    chat = new ChatService(
      transcriptions as unknown as TranscriptionsService,
      repository as unknown as ChatRepository,
      model as unknown as LanguageModel,
      { chatContextChars: 24_000 } as ServerConfig,
    );
  });

  const roles = () => repository.messages.map((m) => `${m.role}: ${m.content}`);
  const collect = async (pieces: AsyncIterable<string>) => {
    const received: string[] = [];
    for await (const piece of pieces) received.push(piece);
    return received;
  };

  it('answers, saving the question and the answer', async () => {
    const answer = await chat.ask(USER, ID, 'When do we ship?');
    expect(answer).toMatchObject({ role: 'assistant', content: 'We ship on Friday.', userId: USER, transcriptionId: ID });
    expect(roles()).toEqual(['user: When do we ship?', 'assistant: We ship on Friday.']);
    expect(model.prompts[0]!.at(-1)).toEqual({ role: 'user', content: 'When do we ship?' });
  });

  it('refuses with 404, then 409, before 503, saving nothing', async () => {
    model.enabled = false;
    transcriptions.visible.clear();
    await expect(chat.ask(USER, ID, 'q')).rejects.toBeInstanceOf(NotFoundException);
    transcriptions.visible.add(ID);
    transcriptions.pending.add(ID);
    await expect(chat.stream(USER, ID, 'q', new AbortController().signal)).rejects.toBeInstanceOf(ConflictException);
    transcriptions.pending.clear();
    await expect(chat.ask(USER, ID, 'q')).rejects.toEqual(new ServiceUnavailableException(CHAT_OFF));
    expect(repository.messages).toEqual([]);
  });

  it('answers 502 when the model fails, keeping the question', async () => {
    model.failToStart = true;
    await expect(chat.ask(USER, ID, 'q')).rejects.toBeInstanceOf(BadGatewayException);
    await expect(chat.stream(USER, ID, 'q2', new AbortController().signal)).rejects.toBeInstanceOf(BadGatewayException);
    expect(roles()).toEqual(['user: q', 'user: q2']);
  });

  it('takes an empty answer for a failure', async () => {
    model.pieces = [' '];
    await expect(chat.ask(USER, ID, 'q')).rejects.toBeInstanceOf(BadGatewayException);
    await expect(collect(await chat.stream(USER, ID, 'q', new AbortController().signal))).rejects.toBeInstanceOf(
      BadGatewayException,
    );
    expect(roles()).toEqual(['user: q', 'user: q']);
  });

  it('streams the pieces and saves the answer once whole', async () => {
    const pieces = await chat.stream(USER, ID, 'When?', new AbortController().signal);
    expect(roles()).toEqual(['user: When?']);
    expect(await collect(pieces)).toEqual(['We ship ', 'on Friday.']);
    expect(roles()).toEqual(['user: When?', 'assistant: We ship on Friday.']);
  });

  it('does not save an answer that broke off, and says so', async () => {
    model.breakAfter = 1;
    const received: string[] = [];
    const pieces = await chat.stream(USER, ID, 'When?', new AbortController().signal);
    await expect(
      (async () => {
        for await (const piece of pieces) received.push(piece);
      })(),
    ).rejects.toThrow(/stopped in the middle of its answer/);
    expect(received).toEqual(['We ship ']);
    expect(roles()).toEqual(['user: When?']);
  });

  it('does not save the answer when the caller leaves', async () => {
    const gone = new AbortController();
    const pieces = (await chat.stream(USER, ID, 'When?', gone.signal))[Symbol.asyncIterator]();
    expect((await pieces.next()).value).toBe('We ship ');
    gone.abort();
    await expect(pieces.next()).rejects.toThrow(/aborted/);
    expect(roles()).toEqual(['user: When?']);
  });

  it('gives the model the earlier turns, without a question left unanswered', async () => {
    await chat.ask(USER, ID, 'First?');
    model.breakAfter = 0;
    await expect(collect(await chat.stream(USER, ID, 'Broken?', new AbortController().signal))).rejects.toThrow();
    await chat.ask(USER, ID, 'Third?');
    expect(model.prompts.at(-1)!.slice(1)).toEqual([
      { role: 'user', content: 'First?' },
      { role: 'assistant', content: 'We ship on Friday.' },
      { role: 'user', content: 'Third?' },
    ]);
  });

  it('keeps each user’s conversation apart', async () => {
    await chat.ask(USER, ID, 'Mine?');
    await chat.ask('user-2', ID, 'Theirs?');
    expect((await chat.history(USER, ID)).map((m) => m.content)).toEqual(['Mine?', 'We ship on Friday.']);
    expect(model.prompts.at(-1)!.slice(1)).toEqual([{ role: 'user', content: 'Theirs?' }]);
  });
});
