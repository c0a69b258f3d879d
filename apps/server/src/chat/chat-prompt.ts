import type { PromptMessage } from '../language-model/language-model.js';
import type { ChatMessage } from './chat-message.js';
import { transcriptContext, type TranscriptContext, type TranscriptSource } from './transcript-excerpts.js';

/** How much of the conversation so far the model sees (its latest turns). */
export const HISTORY_CHARS = 6000;

export interface ChatPromptInput {
  transcription: TranscriptSource & { fileName: string };
  /** The latest messages of the conversation so far, oldest first. */
  history: Pick<ChatMessage, 'role' | 'content'>[];
  question: string;
  /** CHAT_CONTEXT_CHARS: the most of the transcript and summary to give. */
  contextChars: number;
}

/** What the model is sent: the transcript (whole or excerpts) and summary, the latest turns, the question. */
export function chatPrompt(input: ChatPromptInput): PromptMessage[] {
  const turns = recentTurns(input.history, HISTORY_CHARS);
  const earlier = turns.filter((turn) => turn.role === 'user').map((turn) => turn.content);
  const context = transcriptContext(input.transcription, { question: input.question, earlier }, input.contextChars);
  return [
    { role: 'system', content: systemPrompt(input.transcription, context) },
    ...turns,
    { role: 'user', content: input.question },
  ];
}

/**
 * The latest question-and-answer pairs that fit `maxChars`, oldest first. A question left
 * without an answer (its answer broke off) is left out, so that questions and answers alternate.
 */
export function recentTurns(history: Pick<ChatMessage, 'role' | 'content'>[], maxChars: number): PromptMessage[] {
  const turns: PromptMessage[] = [];
  let used = 0;
  for (let i = history.length - 1; i > 0; i--) {
    const question = history[i - 1]!;
    const answer = history[i]!;
    if (question.role !== 'user' || answer.role !== 'assistant') continue;
    used += question.content.length + answer.content.length;
    if (used > maxChars) break;
    turns.unshift({ role: 'user', content: question.content }, { role: 'assistant', content: answer.content });
    i--;
  }
  return turns;
}

function systemPrompt(transcription: TranscriptSource & { fileName: string }, context: TranscriptContext): string {
  const parts = [
    `You answer questions about a recording ("${transcription.fileName}") from its transcript. ` +
      'Answer in the language of the question, concisely. Keep to what the transcript says; where it says nothing, say so rather than guess.',
  ];
  if (transcription.summary) parts.push(`Summary of the recording:\n${transcription.summary}`);
  parts.push(
    context.excerpted
      ? 'The transcript is too long to give whole: below are only excerpts of it, the passages most relevant to the question, ' +
          'in time order, each labelled with where it starts ([hh:mm:ss] into the recording, or its part number). ' +
          'Everything between them is left out: when the answer may lie there, say that you see only excerpts. ' +
          `Cite the labels where they help.\n\nExcerpts of the transcript:\n${context.text}`
      : `The transcript:\n${context.text}`,
  );
  return parts.join('\n\n');
}
