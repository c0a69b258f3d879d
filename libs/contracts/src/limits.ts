// Limits the API enforces that the web app checks before sending. A plain file (no decorators),
// so the browser bundle can import it without the server's validation code.

export const MAX_CHANNEL_NAME_LENGTH = 100;
export const MAX_CHANNEL_DESCRIPTION_LENGTH = 2000;
export const MAX_CHANNELS_PER_ASSIGNMENT = 100;
export const CHAT_QUESTION_MAX_CHARS = 4000;
/** One segment's text, as an edit sets it. */
export const MAX_SEGMENT_TEXT_LENGTH = 2000;
/** Segments one PATCH may change. */
export const MAX_SEGMENT_EDITS = 1000;
export const MAX_SUMMARY_INSTRUCTION_LENGTH = 2000;
/** The longest search text a list takes (`q`). */
export const MAX_SEARCH_LENGTH = 200;
/** A job's initial prompt for whisper (vocabulary, spelling of names), in characters. */
export const MAX_PROMPT_LENGTH = 1000;
/** A summary template's name, in characters. */
export const MAX_SUMMARY_TEMPLATE_NAME_LENGTH = 100;
