import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { download } from '../../api/http';
import { useErrorText } from './use-error-text';

/** What the menu offers: the label's key and the path the file is fetched from. */
export interface DownloadOption {
  kind: 'txt' | 'srt' | 'vtt' | 'json' | 'md' | 'docx' | 'notebooklm';
  path: string;
}

/** The formats a transcript downloads as, from `base` (…/download?format=) plus any extras. */
export function transcriptDownloads(base: string): DownloadOption[] {
  return (['txt', 'srt', 'vtt', 'json', 'md'] as const).map((kind) => ({ kind, path: `${base}?format=${kind}` }));
}

/** A menu of files to download; `anonymous` for share links (no token sent). */
export function DownloadMenu({ options, anonymous = false }: { options: DownloadOption[]; anonymous?: boolean }) {
  const { t } = useTranslation('transcript');
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const fetchFile = async (option: DownloadOption) => {
    setBusy(true);
    try {
      await download(option.path, { anonymous });
    } catch (error) {
      notifications.show({ color: 'red', title: t('downloads.failed'), message: errorText(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} aria-hidden />}
          rightSection={<IconChevronDown size={14} aria-hidden />}
          loading={busy}
        >
          {t('downloads.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {options.map((option) => (
          <Menu.Item key={option.kind} onClick={() => void fetchFile(option)}>
            {t(`downloads.formats.${option.kind}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
