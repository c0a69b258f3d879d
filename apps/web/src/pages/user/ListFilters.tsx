import { MAX_SEARCH_LENGTH } from '@app/contracts/limits';
import { TranscriptionStatus } from '@app/contracts/transcription-status';
import { Group, NativeSelect, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ListChange, parseStatus } from './list-params';

const ALL = 'all';

/** Search names, transcripts and summaries (sent once typing pauses) and the status filter. */
export function ListFilters({
  status,
  q,
  onChange,
}: {
  status?: TranscriptionStatus;
  q?: string;
  onChange: (change: ListChange, options?: { replace?: boolean }) => void;
}) {
  const { t } = useTranslation('transcriptions');
  const [text, setText] = useState(q ?? '');
  const [shownQ, setShownQ] = useState(q);
  // Back/forward changes the search in the address: the box follows (unless it only differs in spaces).
  if (q !== shownQ) {
    setShownQ(q);
    if ((q ?? '') !== text.trim()) setText(q ?? '');
  }
  // Typing replaces the history entry rather than adding one per pause.
  const search = useDebouncedCallback((value: string) => onChange({ q: value.trim() || undefined }, { replace: true }), 300);
  const statuses = [
    { value: ALL, label: t('filters.allStatuses') },
    ...Object.values(TranscriptionStatus).map((value) => ({ value, label: t(`status.${value}`) })),
  ];

  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <TextInput
        type="search"
        label={t('filters.search')}
        placeholder={t('filters.searchPlaceholder')}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={text}
        maxLength={MAX_SEARCH_LENGTH}
        onChange={(event) => {
          setText(event.currentTarget.value);
          search(event.currentTarget.value);
        }}
        onKeyDown={(event) => event.key === 'Enter' && search.flush()}
        flex="1 1 240px"
      />
      <NativeSelect
        label={t('filters.status')}
        data={statuses}
        value={status ?? ALL}
        onChange={(event) => onChange({ status: parseStatus(event.currentTarget.value) })}
        w={{ base: '100%', xs: 200 }}
      />
    </Group>
  );
}
