import { BadGatewayException, Injectable, Logger } from '@nestjs/common';
import { NotConfiguredException } from '../common/not-configured.exception.js';
import { ServerConfig } from '../config/server-config.js';
import type { Transcription } from '../transcriptions/transcription.js';
import { TranscriptionsService } from '../transcriptions/transcriptions.service.js';
import { LanguageModel, type PromptMessage } from '../language-model/language-model.js';
import type { ChatMessage } from './chat-message.js';
import { chatPrompt } from './chat-prompt.js';
import { ChatRepository } from './chat.repository.js';

export const CHAT_OFF = 'chat needs a language model: set GLM_API_KEY (and GLM_BASE_URL/GLM_MODEL) on the server';
const MODEL_FAILED = 'the language model did not answer; try again in a moment';
const MODEL_BROKE_OFF = 'the language model stopped in the middle of its answer, which was not saved; ask again';
const EMPTY_ANSWER = 'the language model gave an empty answer; ask again';
/** Enough for the turns chatPrompt keeps (HISTORY_CHARS decides how many). */
const RECENT_MESSAGES = 12;

/**
 * Conversations about transcriptions: anyone who can see a completed one (its owner, members of
 * its channels) asks questions and gets answers from the language model, each user in their own
 * conversation. A question is saved when asked; an answer only once it is whole.
 */
@Injectable()
export class ChatService {
  private readonly logger = new Logger(ChatService.name);

  constructor(
    private readonly transcriptions: TranscriptionsService,
    private readonly messages: ChatRepository,
    private readonly model: LanguageModel,
    private readonly config: ServerConfig,
  ) {}

  /** The caller's conversation about a transcription they can see, oldest first. */
  async history(userId: string, transcriptionId: string): Promise<ChatMessage[]> {
    await this.transcriptions.get({ viewerId: userId }, transcriptionId);
    return this.messages.history(transcriptionId, userId);
  }

  /** The owner's conversation about a transcription, for a page that shows it publicly (the caller checked the right to). */
  ownerConversation(transcription: Pick<Transcription, 'id' | 'userId'>): Promise<ChatMessage[]> {
    return this.messages.history(transcription.id, transcription.userId);
  }

  /** Asks, and waits for the whole answer (502 when the model fails). */
  async ask(userId: string, transcriptionId: string, question: string): Promise<ChatMessage> {
    const prompt = await this.prepare(userId, transcriptionId, question);
    let answer: string;
    try {
      answer = await this.model.complete(prompt);
    } catch (error) {
      throw this.failed(transcriptionId, MODEL_FAILED, error);
    }
    if (!answer.trim()) throw this.failed(transcriptionId, EMPTY_ANSWER);
    return this.messages.add({ transcriptionId, userId, role: 'assistant', content: answer });
  }

  /**
   * Asks, and resolves once the model has taken the question (failures so far are HTTP errors:
   * nothing has been sent yet) to the pieces of the answer. The iteration throws if the answer
   * breaks off (a BadGatewayException saying so) or `signal` aborts it; it saves the answer after
   * its last piece, so a complete iteration means a saved answer.
   */
  async stream(userId: string, transcriptionId: string, question: string, signal: AbortSignal): Promise<AsyncIterable<string>> {
    const prompt = await this.prepare(userId, transcriptionId, question);
    let pieces: AsyncIterable<string>;
    try {
      pieces = await this.model.stream(prompt, signal);
    } catch (error) {
      throw this.failed(transcriptionId, MODEL_FAILED, error);
    }
    return this.relay(pieces, userId, transcriptionId, signal);
  }

  private async *relay(pieces: AsyncIterable<string>, userId: string, transcriptionId: string, signal: AbortSignal) {
    let answer = '';
    try {
      for await (const piece of pieces) {
        answer += piece;
        yield piece;
      }
    } catch (error) {
      if (signal.aborted) throw error; // the caller left: there is no one to tell
      throw this.failed(transcriptionId, MODEL_BROKE_OFF, error);
    }
    if (!answer.trim()) throw this.failed(transcriptionId, EMPTY_ANSWER);
    await this.messages.add({ transcriptionId, userId, role: 'assistant', content: answer });
  }

  /** Checks that the caller may ask (404, 409, then 503, so that nothing leaks), saves the question, builds the prompt. */
  private async prepare(userId: string, transcriptionId: string, question: string): Promise<PromptMessage[]> {
    const transcription = await this.transcriptions.completed({ viewerId: userId }, transcriptionId);
    if (!this.model.enabled) throw new NotConfiguredException(CHAT_OFF);
    const history = await this.messages.recent(transcriptionId, userId, RECENT_MESSAGES);
    await this.messages.add({ transcriptionId, userId, role: 'user', content: question });
    return chatPrompt({ transcription, history, question, contextChars: this.config.chatContextChars });
  }

  /** A 502 saying `message`; the log also gets why. */
  private failed(transcriptionId: string, message: string, error?: unknown): BadGatewayException {
    const reason = error instanceof Error ? ` (${error.name}: ${error.message})` : '';
    this.logger.warn(`chat about transcription ${transcriptionId}: ${message}${reason}`);
    return new BadGatewayException(message);
  }
}
