import { Injectable } from '@nestjs/common';
import OpenAI from 'openai';
import { ServerConfig } from '../config/server-config.js';

/** Until the model's answer (or, streamed, its first bytes) arrives. */
const ANSWER_TIMEOUT_MS = 120_000;
/** A stream that sends nothing for this long is taken as broken (the SDK's timeout ends at the headers). */
const STREAM_IDLE_MS = 60_000;

/** One message of a conversation with the model. */
export interface PromptMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * The server's language model (chat answers, NotebookLM guidelines): GLM, or any
 * OpenAI-compatible API, through the official `openai` client (which retries 429 and 5xx
 * answers). Off without GLM_API_KEY.
 */
@Injectable()
export class LanguageModel {
  private readonly client?: OpenAI;

  constructor(private readonly config: ServerConfig) {
    if (config.glmApiKey) {
      this.client = new OpenAI({
        apiKey: config.glmApiKey,
        baseURL: config.glmBaseUrl,
        maxRetries: 2,
        timeout: ANSWER_TIMEOUT_MS,
      });
    }
  }

  get enabled(): boolean {
    return this.client !== undefined;
  }

  /** The whole answer (empty if the model gave none). */
  async complete(messages: PromptMessage[]): Promise<string> {
    const response = await this.openai().chat.completions.create({ model: this.config.glmModel, messages });
    return response.choices[0]?.message.content ?? '';
  }

  /** Resolves once the model has taken the request, to the pieces of its answer as they come; `signal` stops it. */
  async stream(messages: PromptMessage[], signal: AbortSignal): Promise<AsyncIterable<string>> {
    const stream = await this.openai().chat.completions.create(
      { model: this.config.glmModel, messages, stream: true },
      { signal },
    );
    return (async function* pieces() {
      const idle = setTimeout(
        () => stream.controller.abort(new Error(`the model sent nothing for ${STREAM_IDLE_MS / 1000} s`)),
        STREAM_IDLE_MS,
      );
      try {
        for await (const chunk of stream) {
          idle.refresh();
          const content = chunk.choices[0]?.delta.content;
          if (content) yield content;
        }
      } finally {
        clearTimeout(idle);
      }
      // The SDK ends an aborted stream (the caller left, or it idled) quietly, as if the answer were over: it is not.
      stream.controller.signal.throwIfAborted();
    })();
  }

  private openai(): OpenAI {
    if (!this.client) throw new Error('no language model is configured (GLM_API_KEY)');
    return this.client;
  }
}
