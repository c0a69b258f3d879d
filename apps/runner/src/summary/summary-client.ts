import { Injectable, Logger } from '@nestjs/common';
import OpenAI from 'openai';
import { RunnerConfig } from '../config/runner-config.js';

const LANGUAGE_NAMES: Record<string, string> = {
  zh: 'Simplified Chinese (简体中文)',
  'zh-tw': 'Traditional Chinese (繁體中文)',
  en: 'English',
  ja: 'Japanese',
  ko: 'Korean',
  fr: 'French',
  de: 'German',
  es: 'Spanish',
};

/** Splits text into parts of at most `size` characters, preferring sentence ends, then spaces. */
export function splitForSummary(text: string, size: number): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > size) {
    const window = rest.slice(0, size);
    const sentenceEnd = Math.max(...['. ', '? ', '! ', '。', '？', '！', '\n'].map((mark) => window.lastIndexOf(mark)));
    const space = window.lastIndexOf(' ');
    const at = sentenceEnd > size / 2 ? sentenceEnd + 1 : space > size / 2 ? space + 1 : size;
    parts.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest) parts.push(rest);
  return parts;
}

/**
 * Summaries through GLM (any OpenAI-compatible API) with the official `openai` client, which
 * retries 429 and 5xx answers with exponential backoff. Transcripts longer than
 * SUMMARY_CHUNK_CHARS are summarized in parts, then the part summaries are combined.
 */
@Injectable()
export class SummaryClient {
  private readonly logger = new Logger(SummaryClient.name);
  private readonly client?: OpenAI;

  constructor(private readonly config: RunnerConfig) {
    if (config.glmApiKey) {
      this.client = new OpenAI({ apiKey: config.glmApiKey, baseURL: config.glmBaseUrl, maxRetries: 4, timeout: 120_000 });
    }
  }

  get enabled(): boolean {
    return this.client !== undefined;
  }

  /** The model that writes the summaries (recorded with each). */
  get model(): string {
    return this.config.glmModel;
  }

  /**
   * The summary, or null when no GLM_API_KEY is set or there is nothing to summarize. An
   * `instruction` (the upload's or a re-summarize request's) says what the summary should focus on.
   */
  async summarize(transcript: string, signal?: AbortSignal, instruction?: string | null): Promise<string | null> {
    if (!this.client || !transcript.trim()) return null;
    const focus = instruction ? ` The reader asks for this; follow it: "${instruction}".` : '';
    const parts = splitForSummary(transcript, this.config.summaryChunkChars);
    if (parts.length === 1) return this.ask(SUMMARY_PROMPT + focus, parts[0]!, signal);
    this.logger.log(`transcript of ${transcript.length} characters: summarizing ${parts.length} parts, then combining`);
    const partial: string[] = [];
    for (const [index, part] of parts.entries()) {
      partial.push(await this.ask(PART_PROMPT(index + 1, parts.length) + focus, part, signal));
    }
    // The part summaries may themselves be long: combine them the same way.
    return this.summarizeParts(partial, COMBINE_PROMPT + focus, signal);
  }

  private async summarizeParts(partial: string[], prompt: string, signal?: AbortSignal): Promise<string> {
    const joined = partial.map((summary, i) => `[${i + 1}] ${summary}`).join('\n\n');
    if (joined.length <= this.config.summaryChunkChars || partial.length === 1) return this.ask(prompt, joined, signal);
    const groups = splitForSummary(joined, this.config.summaryChunkChars);
    const combined: string[] = [];
    for (const group of groups) combined.push(await this.ask(prompt, group, signal));
    return this.summarizeParts(combined, prompt, signal);
  }

  private async ask(instruction: string, content: string, signal?: AbortSignal): Promise<string> {
    const language = LANGUAGE_NAMES[this.config.reviewLanguage.toLowerCase()] ?? this.config.reviewLanguage;
    const response = await this.client!.chat.completions.create(
      {
        model: this.config.glmModel,
        temperature: 0.3,
        messages: [
          { role: 'system', content: `${instruction} Write in ${language}.` },
          { role: 'user', content },
        ],
      },
      { signal },
    );
    const text = response.choices[0]?.message.content?.trim();
    if (!text) throw new Error('the summary model returned an empty answer');
    return text;
  }
}

const SUMMARY_PROMPT =
  'You summarize transcripts of recordings. Give a concise summary: the main topics, key points, decisions and action items, as short paragraphs or bullet points.';
const PART_PROMPT = (part: number, parts: number) =>
  `You summarize part ${part} of ${parts} of a long recording's transcript. Summarize this part's key points, decisions and action items concisely.`;
const COMBINE_PROMPT =
  'These are summaries of consecutive parts of one recording. Combine them into one concise summary of the whole recording: main topics, key points, decisions and action items.';
