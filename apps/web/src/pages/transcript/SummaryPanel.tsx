import type { SummaryDto, TranscriptionDto } from '@app/contracts';
import { Accordion, Button, Group, Modal, NativeSelect, Stack, Text, Textarea, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconSparkles } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type SubmitEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/http';
import { useSummaryTemplates } from '../../api/summary-templates';
import { useFormatters } from './format';
import { SafeMarkdown } from './SafeMarkdown';
import { useStoreTranscription } from './transcript-queries';
import classes from './transcript.module.css';
import { useErrorText } from './use-error-text';
import { MAX_SUMMARY_INSTRUCTION_LENGTH } from '@app/contracts/limits';

function SummaryByline({ summary }: { summary: SummaryDto }) {
  const { t } = useTranslation('transcript');
  const format = useFormatters();
  return (
    <Text size="sm" className={classes.muted}>
      {t('summary.byline', { date: format.date(summary.created_at), model: summary.model_name ?? t('summary.unknownModel') })}
      {summary.instruction && ` · ${t('summary.instruction', { instruction: summary.instruction })}`}
    </Text>
  );
}

/** Asks for a new summary, optionally following a template or an instruction; the job runs again (summary only). */
function SummarizeAgain({ id }: { id: string }) {
  const { t } = useTranslation('transcript');
  const errorText = useErrorText();
  const store = useStoreTranscription();
  const [opened, { open, close }] = useDisclosure(false);
  const [instruction, setInstruction] = useState('');
  const templates = useSummaryTemplates().data ?? [];
  /** '' or a template's id. */
  const [templateId, setTemplateId] = useState('');
  const template = templates.find((candidate) => candidate.id === templateId);
  const summarize = useMutation({
    mutationFn: () =>
      request<TranscriptionDto>(`/api/transcriptions/${id}/summarize`, {
        method: 'POST',
        json: template ? { template_id: template.id } : instruction.trim() ? { instruction: instruction.trim() } : {},
      }),
    onSuccess: (job) => {
      store(job);
      setInstruction('');
      setTemplateId('');
      close();
    },
  });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    summarize.mutate();
  };
  return (
    <>
      <Button variant="default" leftSection={<IconSparkles size={16} aria-hidden />} onClick={open}>
        {t('summary.again')}
      </Button>
      <Modal opened={opened} onClose={close} title={t('summary.againTitle')}>
        <form onSubmit={submit}>
          <Stack>
            {templates.length > 0 && (
              <NativeSelect
                label={t('summary.template')}
                data={[
                  { value: '', label: t('summary.templateNone') },
                  ...templates.map((each) => ({ value: each.id, label: each.name })),
                ]}
                value={template ? templateId : ''}
                onChange={(event) => setTemplateId(event.currentTarget.value)}
              />
            )}
            {template ? (
              <Text size="sm" className={classes.muted}>
                {template.instruction}
              </Text>
            ) : (
              <Textarea
                label={t('summary.instructionLabel')}
                description={t('summary.instructionHint')}
                value={instruction}
                onChange={(event) => setInstruction(event.currentTarget.value)}
                maxLength={MAX_SUMMARY_INSTRUCTION_LENGTH}
                autosize
                minRows={3}
                data-autofocus
              />
            )}
            {summarize.isError && (
              <Text c="red.8" size="sm" role="alert">
                {errorText(summarize.error)}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('actions.cancel')}
              </Button>
              <Button type="submit" loading={summarize.isPending}>
                {t('summary.againSubmit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

/** The current summary, earlier ones on request, and (for the owner) a way to make a new one. */
export function SummaryPanel({ job, canSummarize }: { job: TranscriptionDto; canSummarize: boolean }) {
  const { t } = useTranslation('transcript');
  const [current, ...earlier] = job.summaries;
  const text = current?.summary_text ?? job.summary;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <Title order={2} size="h3">
          {t('summary.title')}
        </Title>
        {canSummarize && <SummarizeAgain id={job.id} />}
      </Group>
      {text ? (
        <Stack gap="xs" data-testid="summary">
          {current && <SummaryByline summary={current} />}
          <SafeMarkdown>{text}</SafeMarkdown>
        </Stack>
      ) : (
        <Text className={classes.muted}>{t('summary.none')}</Text>
      )}
      {earlier.length > 0 && (
        <Stack gap="xs">
          <Title order={3} size="h4">
            {t('summary.history', { count: earlier.length })}
          </Title>
          <Accordion variant="separated">
            {earlier.map((summary) => (
              <Accordion.Item key={summary.id} value={summary.id}>
                <Accordion.Control>
                  <SummaryByline summary={summary} />
                </Accordion.Control>
                <Accordion.Panel>
                  <SafeMarkdown>{summary.summary_text}</SafeMarkdown>
                </Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
        </Stack>
      )}
    </Stack>
  );
}
