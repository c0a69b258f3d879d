import { Button, EmptyState, Group, Pagination, Stack, Text, Title } from '@mantine/core';
import { useInterval, useMediaQuery } from '@mantine/hooks';
import { IconFileSearch, IconMicrophone2 } from '@tabler/icons-react';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { ListFilters } from './ListFilters';
import { useListParams, useTranscriptionPage } from './list-params';
import { TranscriptionCards, TranscriptionTable } from './TranscriptionTable';

/** The signed-in user's transcriptions and their channels': filtered, searched, paged, updating live. */
export function TranscriptionList() {
  const { t, i18n } = useTranslation('transcriptions');
  const headingId = useId();
  const { params, change } = useListParams();
  const list = useTranscriptionPage(params);
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  // Relative times ("2 minutes ago") move on by themselves.
  const [now, setNow] = useState(Date.now);
  useInterval(() => setNow(Date.now()), 30_000, { autoInvoke: true });

  const data = list.data;
  // A page past the end (its last rows deleted, or an old link) shows the last page instead; the
  // previous query's rows, shown while this one loads, say nothing about it.
  const lastPage = list.isPlaceholderData ? undefined : data?.total_pages;
  useEffect(() => {
    if (lastPage && params.page > lastPage) change({ page: lastPage }, { replace: true });
  }, [lastPage, params.page, change]);

  const filtered = params.status !== undefined || params.q !== undefined;
  const first = data ? (data.page - 1) * data.page_size + 1 : 0;
  const number = (value: number) => new Intl.NumberFormat(i18n.language).format(value);

  return (
    <Stack component="section" gap="md" aria-labelledby={headingId}>
      <Title order={2} size="h4" id={headingId}>
        {t('list.title')}
      </Title>
      <ListFilters status={params.status} q={params.q} onChange={change} />
      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <ErrorAlert error={list.error} />
      ) : data && data.items.length > 0 ? (
        <>
          {phone ? (
            <TranscriptionCards items={data.items} now={now} labelledBy={headingId} />
          ) : (
            <TranscriptionTable items={data.items} now={now} labelledBy={headingId} />
          )}
          <Group justify="space-between" gap="sm">
            <Text size="sm" c="dimmed" aria-live="polite">
              {t('list.range', {
                first: number(first),
                last: number(first + data.items.length - 1),
                total: number(data.total),
              })}
            </Text>
            {data.total_pages > 1 && (
              <Pagination
                total={data.total_pages}
                value={params.page}
                onChange={(page) => change({ page })}
                size="sm"
                siblings={phone ? 0 : 1}
                aria-label={t('list.pages')}
                getControlProps={(control) => ({ 'aria-label': t(`list.pageControls.${control}`) })}
              />
            )}
          </Group>
        </>
      ) : filtered ? (
        <EmptyState
          icon={<IconFileSearch size={32} aria-hidden />}
          title={t('list.noMatchTitle')}
          description={t('list.noMatch')}
        >
          <EmptyState.Actions>
            <Button variant="default" onClick={() => change({ status: undefined, q: undefined })}>
              {t('filters.clear')}
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      ) : (
        <EmptyState icon={<IconMicrophone2 size={32} aria-hidden />} title={t('list.emptyTitle')} description={t('list.empty')} />
      )}
    </Stack>
  );
}
