import type { WebConfigDto } from '@app/contracts';
import { Button, Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import '@mantine/dropzone/styles.css';
import { useLocalStorage } from '@mantine/hooks';
import { IconCloudUpload, IconFileMusic } from '@tabler/icons-react';
import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from './format';
import { RecordButton } from './RecordButton';
import { useSummaryTemplates } from '../../api/summary-templates';
import { uploadFields, useRememberedUploadOptions } from './upload-options';
import { UploadOptionsSection, UploadOptionsToggle, useUploadOptionsOpen } from './UploadOptionsSection';
import { addUploads } from './upload-queue';
import { UploadQueue } from './UploadQueue';

/** Language names in the page's language where the browser knows them, else the server's English name. */
function useLanguageOptions(config: WebConfigDto) {
  const { t, i18n } = useTranslation('transcriptions');
  const names = new Intl.DisplayNames([i18n.language], { type: 'language', fallback: 'none' });
  return config.languages.map(({ code, name }) => ({
    value: code,
    label: code === 'auto' ? t('upload.autoLanguage') : (names.of(code) ?? name),
  }));
}

/** Files in by dropping, choosing or recording; each goes to the upload queue with the chosen language and options. */
export function UploadPanel({ config }: { config: WebConfigDto }) {
  const { t, i18n } = useTranslation('transcriptions');
  const headingId = useId();
  const openChooser = useRef<() => void>(null);
  const languages = useLanguageOptions(config);
  const [remembered, setLanguage] = useLocalStorage({ key: 'ws.upload-language', defaultValue: config.default_language });
  const language = languages.some((option) => option.value === remembered) ? remembered : config.default_language;
  const optionsId = useId();
  const [optionsOpen, setOptionsOpen] = useUploadOptionsOpen();
  const [options, changeOptions] = useRememberedUploadOptions();
  const templates = useSummaryTemplates().data ?? [];
  const upload = (files: File[]) =>
    addUploads(files, { fields: { language, ...uploadFields(options, templates) }, maxBytes: config.max_upload_bytes });
  const limit = formatBytes(config.max_upload_bytes, i18n.language);

  return (
    <Paper component="section" withBorder p="md" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end" gap="sm">
          <Title order={2} size="h4" id={headingId}>
            {t('upload.title')}
          </Title>
          <RecordButton onRecorded={(file) => upload([file])} />
        </Group>
        <Group align="flex-end" gap="sm">
          <NativeSelect
            label={t('upload.language')}
            data={languages}
            value={language}
            onChange={(event) => setLanguage(event.currentTarget.value)}
            w={320}
            maw="100%"
          />
          <UploadOptionsToggle opened={optionsOpen} onToggle={() => setOptionsOpen(!optionsOpen)} controls={optionsId} />
        </Group>
        <UploadOptionsSection
          id={optionsId}
          opened={optionsOpen}
          options={options}
          onChange={changeOptions}
          templates={templates}
        />
        <Dropzone
          onDrop={upload}
          openRef={openChooser}
          activateOnKeyboard={false}
          enablePointerEvents
          inputProps={{ 'aria-hidden': true }}
        >
          <Group justify="center" gap="md" mih={120} wrap="nowrap">
            <Dropzone.Accept>
              <IconCloudUpload size={44} stroke={1.5} aria-hidden />
            </Dropzone.Accept>
            <Dropzone.Idle>
              <IconFileMusic size={44} stroke={1.5} aria-hidden />
            </Dropzone.Idle>
            <Stack gap={6} align="flex-start">
              <Text fw={500}>{t('upload.dropHere')}</Text>
              <Text size="sm" c="dimmed">
                {t('upload.limit', { limit })}
              </Text>
              {/* The one keyboard stop of the drop area: Enter or Space opens the file chooser. */}
              <Button
                size="sm"
                onClick={(event) => {
                  event.stopPropagation();
                  openChooser.current?.();
                }}
              >
                {t('upload.choose')}
              </Button>
            </Stack>
          </Group>
        </Dropzone>
        <UploadQueue />
      </Stack>
    </Paper>
  );
}
