import {
  BadRequestException,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  PayloadTooLargeException,
  type PipeTransform,
} from '@nestjs/common';
import type { Request } from 'express';
import { COMPLETION_LIMITS, CompleteJobDto, CompleteJobFieldsDto, type Segment } from '@app/contracts';
import { createValidationPipe } from '../common/validation.js';

const SEGMENT_KEYS = new Set(['start', 'end', 'text', 'words']);
const WORD_KEYS = new Set(['word', 'start', 'end', 'probability']);

const isSeconds = (time: unknown) => typeof time === 'number' && Number.isFinite(time) && time >= 0;

/** A segment's optional `words`: [{word, start, end, probability?}], bounded. */
function checkWords(words: unknown, index: number): void {
  if (words === undefined) return;
  if (!Array.isArray(words)) throw new BadRequestException(`segments.${index}.words must be an array`);
  if (words.length > COMPLETION_LIMITS.segmentWords) {
    throw tooLarge(`segments.${index} has too many words`, words.length, COMPLETION_LIMITS.segmentWords);
  }
  words.forEach((word: unknown, w) => {
    const at = `segments.${index}.words.${w}`;
    if (typeof word !== 'object' || word === null || Array.isArray(word)) {
      throw new BadRequestException(`${at} must be an object {word, start, end, probability?}`);
    }
    const value = word as Record<string, unknown>;
    if (typeof value.word !== 'string' || value.word.length > COMPLETION_LIMITS.wordChars) {
      throw new BadRequestException(`${at}.word must be a string of at most ${COMPLETION_LIMITS.wordChars} characters`);
    }
    if (!isSeconds(value.start) || !isSeconds(value.end)) {
      throw new BadRequestException(`${at}.start and .end must be numbers of seconds, at least 0`);
    }
    const p = value.probability;
    if (p !== undefined && (typeof p !== 'number' || !(p >= 0 && p <= 1))) {
      throw new BadRequestException(`${at}.probability must be a number from 0 to 1`);
    }
    for (const key in value) {
      if (!WORD_KEYS.has(key)) throw new BadRequestException(`${at}.${key} should not exist`);
    }
  });
}

function tooLarge(what: string, count: number, limit: number): PayloadTooLargeException {
  return new PayloadTooLargeException(
    `${what}: ${count.toLocaleString('en')} (at most ${limit.toLocaleString('en')} are accepted)`,
  );
}

/**
 * Checks the segments of a result in one loop. Validating tens of thousands of them as DTO
 * instances (class-transformer + class-validator) takes seconds of event-loop time; this takes
 * milliseconds.
 */
export function checkSegments(value: unknown): Segment[] {
  if (!Array.isArray(value)) throw new BadRequestException('segments must be an array');
  if (value.length > COMPLETION_LIMITS.segments) throw tooLarge('too many segments', value.length, COMPLETION_LIMITS.segments);
  value.forEach((segment: unknown, index) => {
    if (typeof segment !== 'object' || segment === null || Array.isArray(segment)) {
      throw new BadRequestException(`segments.${index} must be an object {start, end, text}`);
    }
    const { start, end, text, words } = segment as Record<string, unknown>;
    for (const [name, time] of [
      ['start', start],
      ['end', end],
    ] as const) {
      if (!isSeconds(time)) {
        throw new BadRequestException(`segments.${index}.${name} must be a number of seconds, at least 0`);
      }
    }
    if (typeof text !== 'string') throw new BadRequestException(`segments.${index}.text must be a string`);
    if (text.length > COMPLETION_LIMITS.segmentTextChars) {
      throw tooLarge(`segments.${index}.text is too long, characters`, text.length, COMPLETION_LIMITS.segmentTextChars);
    }
    checkWords(words, index);
    for (const key in segment) {
      if (!SEGMENT_KEYS.has(key)) throw new BadRequestException(`segments.${index}.${key} should not exist`);
    }
  });
  return value as Segment[];
}

/**
 * A runner's result: the fields validated like any DTO, the segments in one pass, sizes bounded
 * (413). A summarize job's result has neither text nor segments.
 */
@Injectable()
export class CompletionPipe implements PipeTransform<unknown, Promise<CompleteJobDto>> {
  private readonly fields = createValidationPipe();

  async transform(value: unknown): Promise<CompleteJobDto> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new BadRequestException('send the result as a JSON object');
    }
    const { segments, ...rest } = value as Record<string, unknown>;
    const fields = (await this.fields.transform(rest, { type: 'body', metatype: CompleteJobFieldsDto })) as CompleteJobFieldsDto;
    if (fields.text === undefined) {
      if (segments !== undefined)
        throw new BadRequestException('segments come with text: send both, or neither for a summarize job');
      return Object.assign(new CompleteJobDto(), fields);
    }
    if (fields.text.length > COMPLETION_LIMITS.textChars) {
      throw tooLarge('the transcript is too long, characters', fields.text.length, COMPLETION_LIMITS.textChars);
    }
    if (fields.summary && fields.summary.length > COMPLETION_LIMITS.summaryChars) {
      throw tooLarge('the summary is too long, characters', fields.summary.length, COMPLETION_LIMITS.summaryChars);
    }
    return Object.assign(new CompleteJobDto(), fields, { segments: checkSegments(segments) });
  }
}

/**
 * The body of `complete`, through CompletionPipe only: a custom decorator, so the global
 * ValidationPipe (which would turn every segment into a class instance) leaves it alone.
 */
export const CompletionBody = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  return context.switchToHttp().getRequest<Request>().body as unknown;
});
