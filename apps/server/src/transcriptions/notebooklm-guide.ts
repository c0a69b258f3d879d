import { Injectable, Logger } from '@nestjs/common';
import { ServerConfig } from '../config/server-config.js';
import { LanguageModel } from '../language-model/language-model.js';
import { type DocumentInput, documentTitle } from './documents/document-input.js';
import { renderNotebookLmOutline } from './documents/notebooklm-outline.js';

/** Who wrote a guideline: the language model, or the outline built without one. */
export type GuideSource = 'language-model' | 'outline';

const INSTRUCTIONS = `You write a guideline for NotebookLM, which will turn a recording's transcript into a presentation.
From the material given, write in plain text (no Markdown tables):
1. Title and one-paragraph overview.
2. Suggested slides: for each, a heading, 3-5 bullet points and the time range of the recording it draws on.
3. Key facts, numbers, names and decisions to keep exact.
4. Questions the audience is likely to ask.
Write in the language of the transcript. Use only what the material says.`;

/**
 * The guideline to NotebookLM for a completed transcription: written by the language model when
 * the server has one (kept until the transcript or summary changes), else, or when the model
 * fails, the outline built without one. The file says which.
 */
@Injectable()
export class NotebookLmGuide {
  private readonly logger = new Logger(NotebookLmGuide.name);

  constructor(
    private readonly model: LanguageModel,
    private readonly config: ServerConfig,
  ) {}

  /** The model's guideline; the outline (with why) when there is no model or it fails. */
  async write(input: DocumentInput, id: string): Promise<{ text: string; source: GuideSource }> {
    const outline = renderNotebookLmOutline(input);
    if (!this.model.enabled) {
      return { text: `${outline}\n${footer('outline', 'no language model is configured (GLM_API_KEY)')}`, source: 'outline' };
    }
    try {
      const written = (
        await this.model.complete([
          { role: 'system', content: INSTRUCTIONS },
          { role: 'user', content: this.material(input, outline) },
        ])
      ).trim();
      if (!written) throw new Error('the model gave an empty answer');
      return { text: `${written}\n\n${footer('language-model', this.config.glmModel)}`, source: 'language-model' };
    } catch (error) {
      this.logger.warn(`NotebookLM guideline of ${id}: the language model failed, sending the outline (${String(error)})`);
      return { text: `${outline}\n${footer('outline', 'the language model did not answer')}`, source: 'outline' };
    }
  }

  /**
   * The outline (summary, timed parts, key terms: the whole recording in brief) and the
   * transcript itself when it fits CHAT_CONTEXT_CHARS; a longer one is represented by the outline.
   */
  private material(input: DocumentInput, outline: string): string {
    const room = this.config.chatContextChars - outline.length;
    const transcript =
      input.text.length <= room
        ? `\n\nTranscript:\n${input.text}`
        : '\n\n(The transcript is too long to include; the outline above covers all of it, part by part.)';
    return `Recording: ${documentTitle(input.fileName)}\n\n${outline}${transcript}`;
  }
}

function footer(source: GuideSource, detail: string): string {
  return source === 'language-model'
    ? `— Written by the language model ${detail} from the transcript and summary.\n`
    : `— Built without a language model (${detail}): an outline of the transcript and its summary.\n`;
}
