import type { SummaryTemplateBriefDto, TranscriptionTask } from '@app/contracts';
import { MAX_PROMPT_LENGTH, MAX_SUMMARY_INSTRUCTION_LENGTH } from '@app/contracts/limits';
import { Button, Collapse, NativeSelect, Paper, SimpleGrid, Stack, Switch, Text, Textarea } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { IconAdjustments, IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_MODEL, type UploadOptions, useModels } from './upload-options';

interface Props {
  options: UploadOptions;
  onChange: (changes: Partial<UploadOptions>) => void;
  templates: readonly SummaryTemplateBriefDto[];
}

/** What the summary follows: none, an admin's template, or the user's own instruction. */
function SummaryChoice({ options, onChange, templates }: Props) {
  const { t } = useTranslation('transcriptions');
  const template = templates.find((candidate) => candidate.id === options.summary);
  const value = template || options.summary === 'custom' ? options.summary : 'none';
  const data = [
    { value: 'none', label: t('options.summaryNone') },
    ...(templates.length > 0
      ? [{ group: t('options.templates'), items: templates.map((each) => ({ value: each.id, label: each.name })) }]
      : []),
    { value: 'custom', label: t('options.summaryCustom') },
  ];
  return (
    <Stack gap="xs">
      <NativeSelect
        label={t('options.summary')}
        data={data}
        value={value}
        onChange={(event) => onChange({ summary: event.currentTarget.value })}
      />
      {template && (
        <Text size="sm" c="dimmed" data-testid="template-instruction">
          {template.instruction}
        </Text>
      )}
      {value === 'custom' && (
        <Textarea
          label={t('options.instruction')}
          description={t('options.instructionHint')}
          value={options.instruction}
          onChange={(event) => onChange({ instruction: event.currentTarget.value })}
          maxLength={MAX_SUMMARY_INSTRUCTION_LENGTH}
          autosize
          minRows={2}
        />
      )}
    </Stack>
  );
}

/** Whether the options are shown, remembered in this browser (closed at first). */
export function useUploadOptionsOpen() {
  return useLocalStorage<boolean>({ key: 'ws.upload-options-open', defaultValue: false });
}

/** Shows or hides the options; it sits beside the language, so the closed options take no room. */
export function UploadOptionsToggle({ opened, onToggle, controls }: { opened: boolean; onToggle: () => void; controls: string }) {
  const { t } = useTranslation('transcriptions');
  const Chevron = opened ? IconChevronUp : IconChevronDown;
  return (
    <Button
      variant="default"
      leftSection={<IconAdjustments size={18} aria-hidden />}
      rightSection={<Chevron size={16} aria-hidden />}
      aria-expanded={opened}
      aria-controls={controls}
      onClick={onToggle}
    >
      {t('options.title')}
    </Button>
  );
}

/** The per-job options of an upload, folded away until wanted; they apply to every file sent after. */
export function UploadOptionsSection({ opened, id, ...props }: Props & { opened: boolean; id: string }) {
  const { options, onChange } = props;
  const { t } = useTranslation('transcriptions');
  const models = useModels();
  const modelData = (models.data ?? [DEFAULT_MODEL]).map((id) => ({
    value: id === DEFAULT_MODEL ? '' : id,
    label: id === DEFAULT_MODEL ? t('options.modelDefault') : id,
  }));
  const model = modelData.some((option) => option.value === options.model) ? options.model : '';
  return (
    <Collapse expanded={opened} id={id}>
      <Paper withBorder p="md" bg="var(--mantine-color-gray-0)">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
          <NativeSelect
            label={t('options.task')}
            data={[
              { value: 'transcribe', label: t('options.taskTranscribe') },
              { value: 'translate', label: t('options.taskTranslate') },
            ]}
            value={options.task}
            onChange={(event) => onChange({ task: event.currentTarget.value as TranscriptionTask })}
          />
          <NativeSelect
            label={t('options.model')}
            data={modelData}
            value={model}
            onChange={(event) => onChange({ model: event.currentTarget.value })}
          />
          <Textarea
            label={t('options.prompt')}
            description={t('options.promptHint')}
            value={options.prompt}
            onChange={(event) => onChange({ prompt: event.currentTarget.value })}
            maxLength={MAX_PROMPT_LENGTH}
            autosize
            minRows={2}
          />
          <SummaryChoice {...props} />
          <Switch
            label={t('options.wordTimestamps')}
            description={t('options.wordTimestampsHint')}
            checked={options.wordTimestamps}
            onChange={(event) => onChange({ wordTimestamps: event.currentTarget.checked })}
          />
          <Switch
            label={t('options.skipSilence')}
            description={t('options.skipSilenceHint')}
            checked={options.skipSilence}
            onChange={(event) => onChange({ skipSilence: event.currentTarget.checked })}
          />
        </SimpleGrid>
      </Paper>
    </Collapse>
  );
}
