import type { SegmentDto, SharedTranscriptionDto } from '@app/contracts';
import { Container, DataList, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconFileText, IconMessageCircle, IconSparkles } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../../api/http';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { AudioPlayer } from '../transcript/AudioPlayer';
import { ChatMessages } from '../transcript/ChatMessages';
import { DownloadMenu, transcriptDownloads } from '../transcript/DownloadMenu';
import { useFormatters } from '../transcript/format';
import { SafeMarkdown } from '../transcript/SafeMarkdown';
import { SegmentList } from '../transcript/SegmentList';
import classes from '../transcript/transcript.module.css';
import { usePlayback } from '../transcript/use-playback';
import { SharedFrame } from './SharedFrame';
import { SharedNotFound } from './SharedNotFound';
import { sharedPaths, useSharedSegments, useSharedTranscription } from './shared-queries';

/** What a share link shows: the transcript with its player, the summary, the owner's chat, downloads. */
function SharedTranscript({
  token,
  shared,
  segments,
}: {
  token: string;
  shared: SharedTranscriptionDto;
  segments: readonly SegmentDto[];
}) {
  const { t } = useTranslation('shared');
  const format = useFormatters();
  const playback = usePlayback(segments);
  const paths = sharedPaths(token);
  const downloads = [
    ...transcriptDownloads(paths.download),
    ...(shared.summary ? [{ kind: 'docx' as const, path: paths.docx }] : []),
  ];
  const details = [
    { label: t('details.language'), value: format.language(shared.language) },
    { label: t('details.duration'), value: format.duration(shared.duration_seconds) },
    { label: t('details.created'), value: format.date(shared.created_at) },
  ];
  return (
    <Stack gap="md">
      <Text size="sm" className={classes.muted}>
        {t('intro')}
      </Text>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Title order={1} size="h2" style={{ overflowWrap: 'anywhere', flex: '1 1 16rem' }}>
          {shared.file_name}
        </Title>
        {segments.length > 0 && <DownloadMenu options={downloads} anonymous />}
      </Group>
      <DataList size="sm" labelWidth="8rem" gap="xs">
        {details.map((row) => (
          <DataList.Item key={row.label}>
            <DataList.ItemLabel>{row.label}</DataList.ItemLabel>
            <DataList.ItemValue>{row.value}</DataList.ItemValue>
          </DataList.Item>
        ))}
      </DataList>
      {shared.audio_available && <AudioPlayer src={paths.audio} playback={playback} />}
      <Tabs defaultValue="transcript" classNames={{ tabSection: classes.tabIcon }}>
        <Tabs.List>
          <Tabs.Tab value="transcript" leftSection={<IconFileText size={16} aria-hidden />}>
            {t('tabs.transcript')}
          </Tabs.Tab>
          <Tabs.Tab value="summary" leftSection={<IconSparkles size={16} aria-hidden />}>
            {t('tabs.summary')}
          </Tabs.Tab>
          {shared.chat_messages.length > 0 && (
            <Tabs.Tab value="chat" leftSection={<IconMessageCircle size={16} aria-hidden />}>
              {t('tabs.chat')}
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="transcript" pt="md">
          <Stack gap="sm">
            <Title order={2} size="h3">
              {t('tabs.transcript')}
            </Title>
            {segments.length > 0 ? (
              <SegmentList
                segments={segments}
                current={playback.current}
                onSeek={shared.audio_available ? playback.seek : undefined}
              />
            ) : (
              <Text style={{ whiteSpace: 'pre-wrap' }}>{shared.text}</Text>
            )}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="summary" pt="md">
          <Stack gap="sm">
            <Title order={2} size="h3">
              {t('tabs.summary')}
            </Title>
            {shared.summary ? (
              <div data-testid="summary">
                <SafeMarkdown>{shared.summary}</SafeMarkdown>
              </div>
            ) : (
              <Text className={classes.muted}>{t('noSummary')}</Text>
            )}
          </Stack>
        </Tabs.Panel>
        {shared.chat_messages.length > 0 && (
          <Tabs.Panel value="chat" pt="md">
            <Stack gap="sm">
              <Title order={2} size="h3">
                {t('chatTitle')}
              </Title>
              <ChatMessages messages={shared.chat_messages} />
            </Stack>
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}

function SharedContent({ token }: { token: string }) {
  const { t: common } = useTranslation();
  const shared = useSharedTranscription(token);
  const segments = useSharedSegments(token);
  useDocumentTitle(shared.data ? `${shared.data.file_name} · ${common('appName')}` : common('appName'));
  const error = shared.error ?? segments.error;
  if (error instanceof ApiError && error.status === 404) return <SharedNotFound />;
  if (error) return <ErrorAlert error={error} />;
  if (!shared.data || !segments.data) return <PageLoader />;
  return <SharedTranscript token={token} shared={shared.data} segments={segments.data} />;
}

/** /shared/:token and /s/:token: a transcript anyone with the link may read, without signing in. */
export default function SharedTranscriptPage() {
  const { token = '' } = useParams();
  return (
    <SharedFrame>
      <Container size="lg" px={0}>
        <SharedContent token={token} />
      </Container>
    </SharedFrame>
  );
}
