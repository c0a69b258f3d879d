import type { SummaryTemplateBriefDto, TranscriptionTask } from '@app/contracts';
import { useLocalStorage } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { request } from '../../api/http';

/** OpenAI's name for "the server's default model", which GET /v1/models lists first. */
export const DEFAULT_MODEL = 'whisper-1';

/** The per-job options of the upload form, remembered in this browser like the language. */
export interface UploadOptions {
  task: TranscriptionTask;
  prompt: string;
  wordTimestamps: boolean;
  /** Skip silence (voice activity detection, the runners' default); off sends vad=false. */
  skipSilence: boolean;
  /** '' or DEFAULT_MODEL: the server's default. */
  model: string;
  /** 'none', 'custom' (then `instruction`), or a summary template's id. */
  summary: string;
  instruction: string;
}

const DEFAULTS: UploadOptions = {
  task: 'transcribe',
  prompt: '',
  wordTimestamps: false,
  skipSilence: true,
  model: '',
  summary: 'none',
  instruction: '',
};

export function useRememberedUploadOptions() {
  const [stored, setStored] = useLocalStorage<UploadOptions>({ key: 'ws.upload-options', defaultValue: DEFAULTS });
  const options = { ...DEFAULTS, ...stored };
  const change = (changes: Partial<UploadOptions>) => setStored({ ...options, ...changes });
  return [options, change] as const;
}

/** OpenAI's model list (GET /v1/models): not a contracts DTO but OpenAI's own shape. */
interface ModelList {
  data: { id: string }[];
}

export function useModels() {
  return useQuery({
    queryKey: ['models'],
    queryFn: async ({ signal }) => (await request<ModelList>('/v1/models', { signal })).data.map((model) => model.id),
    staleTime: 60_000,
  });
}

/**
 * The upload form's fields for these options; only what differs from the server's defaults, and
 * a remembered template only while it still exists.
 */
export function uploadFields(options: UploadOptions, templates: readonly SummaryTemplateBriefDto[]): Record<string, string> {
  const fields: Record<string, string> = {};
  if (options.task !== 'transcribe') fields.task = options.task;
  if (options.prompt.trim()) fields.prompt = options.prompt.trim();
  if (options.wordTimestamps) fields.word_timestamps = 'true';
  if (!options.skipSilence) fields.vad = 'false';
  if (options.model && options.model !== DEFAULT_MODEL) fields.model = options.model;
  if (options.summary === 'custom' && options.instruction.trim()) fields.summary_instruction = options.instruction.trim();
  if (templates.some((template) => template.id === options.summary)) fields.summary_template_id = options.summary;
  return fields;
}
