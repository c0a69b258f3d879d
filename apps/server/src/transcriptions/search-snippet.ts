import type { SearchMatchDto } from '@app/contracts';
import type { Plain } from './transcription-dto.js';
import type { SearchExcerpt } from './transcription.repository.js';

const ELLIPSIS = '…';
/** How far into a cut excerpt a partial first word is dropped (Latin text; CJK has no spaces). */
const WORD_CUT = 20;

/** Lower-cases one code point at a time, keeping one code point each, so positions stay put. */
const lowerEach = (characters: string[]): string[] =>
  characters.map((c) => {
    const lower = c.toLowerCase();
    return Array.from(lower).length === 1 ? lower : c;
  });

/**
 * What a list item shows of a match: the excerpt as one line (newlines and tabs as spaces), with
 * "…" where the field goes on, and every occurrence of the query in it as [start, end) offsets
 * in UTF-16 code units (JavaScript string indices) — the match the database found always among them.
 */
export function toSearchMatch(found: SearchExcerpt, query: string): Plain<SearchMatchDto> {
  let characters = Array.from(found.excerpt).map((c) => (c === '\n' || c === '\r' || c === '\t' ? ' ' : c));
  let at = found.before;
  if (found.cutStart) {
    const space = characters.indexOf(' ');
    if (space >= 0 && space < Math.min(WORD_CUT, at)) {
      characters = characters.slice(space + 1);
      at -= space + 1;
    }
  }
  const lead = found.cutStart ? 1 : 0;
  characters = [...(found.cutStart ? [ELLIPSIS] : []), ...characters, ...(found.cutEnd ? [ELLIPSIS] : [])];
  at += lead;

  const needle = lowerEach(Array.from(query).map((c) => (c === '\n' || c === '\r' || c === '\t' ? ' ' : c)));
  const haystack = lowerEach(characters);
  const starts = new Set<number>([at]);
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((c, k) => haystack[i + k] === c)) starts.add(i);
  }
  // Code point index → UTF-16 offset.
  const offsets = [0];
  for (const c of characters) offsets.push(offsets[offsets.length - 1]! + c.length);
  const highlights: [number, number][] = [];
  let end = -1;
  for (const start of [...starts].sort((a, b) => a - b)) {
    if (start < end) continue; // overlapping occurrences ("aaa" in "aaaa"): the first wins
    end = Math.min(start + found.length, characters.length);
    highlights.push([offsets[start]!, offsets[end]!]);
  }
  return { field: found.field, snippet: characters.join(''), highlights };
}
