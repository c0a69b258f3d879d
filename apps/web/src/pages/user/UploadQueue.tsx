import { Button, CloseButton, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useServerConfig } from '../../api/server-config';
import { formatBytes } from './format';
import { cancelUpload, dismissUpload, type Upload, type UploadFailure, useUploads } from './upload-queue';
import classes from './transcriptions.module.css';

/** One line per file being uploaded: bytes sent, then the outcome; failures stay until dismissed. */
export function UploadQueue() {
  const { t } = useTranslation('transcriptions');
  const uploads = useUploads();
  if (uploads.length === 0) return null;
  return (
    <Stack component="ul" gap="xs" aria-label={t('upload.queueLabel')} className={classes.plainList}>
      {uploads.map((upload) => (
        <UploadRow key={upload.key} upload={upload} />
      ))}
    </Stack>
  );
}

function UploadRow({ upload }: { upload: Upload }) {
  const { t, i18n } = useTranslation('transcriptions');
  const active = upload.state === 'queued' || upload.state === 'uploading';
  const percent = upload.size > 0 ? Math.round((upload.sent / upload.size) * 100) : 0;
  const bytes = (count: number) => formatBytes(count, i18n.language);
  return (
    <Paper component="li" withBorder p="xs">
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text size="sm" fw={500} className={classes.fileName}>
          {upload.name}
        </Text>
        {active ? (
          <Button
            size="compact-sm"
            variant="subtle"
            color="gray"
            aria-label={t('upload.cancel', { name: upload.name })}
            onClick={() => cancelUpload(upload.key)}
          >
            {t('upload.cancelShort')}
          </Button>
        ) : (
          <CloseButton aria-label={t('upload.dismiss', { name: upload.name })} onClick={() => dismissUpload(upload.key)} />
        )}
      </Group>
      {active && <Progress value={percent} size="sm" my={4} aria-label={t('upload.progressLabel', { name: upload.name })} />}
      {upload.state === 'queued' && (
        <Text size="xs" c="dimmed">
          {t('upload.queued')}
        </Text>
      )}
      {upload.state === 'uploading' && (
        <Text size="xs" c="dimmed">
          {t('upload.sending', { sent: bytes(upload.sent), size: bytes(upload.size), percent })}
        </Text>
      )}
      {!active && (
        <Text size="xs" role="status" className={upload.state === 'failed' ? classes.error : undefined}>
          {upload.failure ? (
            <FailureText failure={upload.failure} />
          ) : (
            t(upload.state === 'done' ? 'upload.done' : 'upload.cancelled')
          )}
        </Text>
      )}
    </Paper>
  );
}

/** The reason, in a sentence; the limit and the wait are said in numbers. */
function FailureText({ failure }: { failure: UploadFailure }) {
  const { t, i18n } = useTranslation('transcriptions');
  const config = useServerConfig().data;
  switch (failure.kind) {
    case 'tooLarge':
      return t('upload.errors.tooLarge', { limit: formatBytes(config?.max_upload_bytes ?? 0, i18n.language) });
    case 'notAudio':
      return t('upload.errors.notAudio');
    case 'rateLimited':
      return failure.retryAfterSeconds
        ? t('upload.errors.rateLimited', { count: Math.ceil(failure.retryAfterSeconds / 60) })
        : t('upload.errors.rateLimitedLater');
    case 'diskFull':
      return t('upload.errors.diskFull');
    case 'network':
      return t('upload.errors.network');
    case 'refused':
      return t('upload.errors.refused', { message: failure.message });
  }
}
