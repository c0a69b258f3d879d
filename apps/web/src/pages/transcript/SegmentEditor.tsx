import type { Segment, TranscriptionDto } from '@app/contracts';
import { Alert, Button, Group, Stack, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import type { SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/http';
import { formatClock } from './format';
import { useStoreTranscription } from './transcript-queries';
import { useErrorText } from './use-error-text';
import { MAX_SEGMENT_EDITS, MAX_SEGMENT_TEXT_LENGTH } from '@app/contracts/limits';

interface SegmentEdit {
  index: number;
  text: string;
}

/** Sends only the segments whose text changed; a very long edit goes in several requests. */
async function saveEdits(id: string, edits: SegmentEdit[]): Promise<TranscriptionDto | undefined> {
  let job: TranscriptionDto | undefined;
  for (let from = 0; from < edits.length; from += MAX_SEGMENT_EDITS) {
    job = await request<TranscriptionDto>(`/api/transcriptions/${id}/segments`, {
      method: 'PATCH',
      json: { segments: edits.slice(from, from + MAX_SEGMENT_EDITS) },
    });
  }
  return job;
}

/**
 * The transcript as one text box per segment (its time stays). The boxes are uncontrolled, so a
 * long transcript stays quick to type in; their texts are read when it is saved.
 */
export function SegmentEditor({ id, segments, onDone }: { id: string; segments: readonly Segment[]; onDone: () => void }) {
  const { t } = useTranslation('transcript');
  const errorText = useErrorText();
  const store = useStoreTranscription();
  const save = useMutation({
    mutationFn: (edits: SegmentEdit[]) => saveEdits(id, edits),
    onSuccess: (job) => {
      if (job) {
        store(job);
        notifications.show({ color: 'green', message: t('edit.saved') });
      }
      onDone();
    },
  });
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const edits = segments.flatMap((segment, index) => {
      const value = form.get(`segment-${index}`);
      const text = typeof value === 'string' ? value.trim() : segment.text.trim();
      return text === segment.text.trim() ? [] : [{ index, text }];
    });
    save.mutate(edits);
  };
  const buttons = (
    <Group justify="flex-end" gap="xs">
      <Button variant="default" onClick={onDone} disabled={save.isPending}>
        {t('actions.cancel')}
      </Button>
      <Button type="submit" loading={save.isPending}>
        {t('edit.save')}
      </Button>
    </Group>
  );
  return (
    <form onSubmit={submit} aria-label={t('edit.formLabel')}>
      <Stack gap="xs">
        {buttons}
        {segments.map((segment, index) => {
          const time = formatClock(segment.start);
          return (
            <Textarea
              // Positions never change while editing.
              key={index}
              name={`segment-${index}`}
              label={`[${time}]`}
              aria-label={t('edit.segmentLabel', { time })}
              defaultValue={segment.text.trim()}
              maxLength={MAX_SEGMENT_TEXT_LENGTH}
              autosize
              minRows={1}
            />
          );
        })}
        {save.isError && (
          <Alert color="red" role="alert">
            {errorText(save.error)}
          </Alert>
        )}
        {buttons}
      </Stack>
    </form>
  );
}
