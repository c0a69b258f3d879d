import type { Segment } from '@app/contracts';
import { TranscriptionStatus } from '@app/contracts/transcription-status';
import { Anchor, Container, Group, Stack, Tabs, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft, IconFileText, IconLink, IconMessageCircle, IconSparkles } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/http';
import { useServerConfig } from '../../api/server-config';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NotFoundPage } from '../../components/NotFoundPage';
import { PageLoader } from '../../components/PageLoader';
import { ChatPanel } from './ChatPanel';
import { JobActions } from './JobActions';
import { JobDetails } from './JobDetails';
import { JobProblem } from './JobProblem';
import { JobProgress } from './JobProgress';
import { SharePanel } from './SharePanel';
import { SummaryPanel } from './SummaryPanel';
import { TicketAudioPlayer } from './TicketAudioPlayer';
import { isRunning, useTranscription } from './transcript-queries';
import { TranscriptSection } from './TranscriptSection';
import classes from './transcript.module.css';
import { usePlayback } from './use-playback';

type Tab = 'transcript' | 'summary' | 'chat' | 'share';
const NO_SEGMENTS: readonly Segment[] = [];

/** One transcription: its state, player, transcript, summary, chat and links (read-only for a channel's). */
export default function TranscriptPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('transcript');
  const { t: common } = useTranslation();
  const config = useServerConfig();
  const [search, setSearch] = useSearchParams();
  const query = useTranscription(id);
  const playback = usePlayback(query.data?.segments ?? NO_SEGMENTS);
  useDocumentTitle(query.data ? `${query.data.file_name} · ${common('appName')}` : common('appName'));

  if (query.isPending) return <PageLoader />;
  if (query.isError) {
    if (query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 400)) return <NotFoundPage />;
    return <ErrorAlert error={query.error} />;
  }
  const job = query.data;
  const owner = job.is_personal;
  const hasTranscript = job.segments.length > 0 || !!job.text;
  const available: Tab[] = [
    'transcript',
    'summary',
    ...(config.data?.chat_available && hasTranscript ? (['chat'] as const) : []),
    ...(owner ? (['share'] as const) : []),
  ];
  const requested = search.get('tab') as Tab | null;
  const tab = requested && available.includes(requested) ? requested : 'transcript';

  return (
    <Container size="lg" px={0}>
      <Stack gap="md">
        <Anchor component={Link} to="/" size="sm">
          <Group gap={4} component="span">
            <IconArrowLeft size={14} aria-hidden />
            {t('back')}
          </Group>
        </Anchor>
        <Group justify="space-between" align="flex-start" gap="sm">
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere', flex: '1 1 16rem' }}>
            {job.file_name}
          </Title>
          {owner && <JobActions job={job} />}
        </Group>
        <JobDetails job={job} />
        {isRunning(job) && <JobProgress job={job} />}
        <JobProblem job={job} canChange={owner} />
        {job.audio_available && <TicketAudioPlayer id={job.id} playback={playback} />}
        <Tabs
          classNames={{ tabSection: classes.tabIcon }}
          value={tab}
          onChange={(value) => setSearch(value && value !== 'transcript' ? { tab: value } : {}, { replace: true })}
        >
          <Tabs.List>
            <Tabs.Tab value="transcript" leftSection={<IconFileText size={16} aria-hidden />}>
              {t('tabs.transcript')}
            </Tabs.Tab>
            <Tabs.Tab value="summary" leftSection={<IconSparkles size={16} aria-hidden />}>
              {t('tabs.summary')}
            </Tabs.Tab>
            {available.includes('chat') && (
              <Tabs.Tab value="chat" leftSection={<IconMessageCircle size={16} aria-hidden />}>
                {t('tabs.chat')}
              </Tabs.Tab>
            )}
            {owner && (
              <Tabs.Tab value="share" leftSection={<IconLink size={16} aria-hidden />}>
                {t('tabs.share')}
              </Tabs.Tab>
            )}
          </Tabs.List>
          <Tabs.Panel value="transcript" pt="md">
            <TranscriptSection job={job} canEdit={owner} playback={job.audio_available ? playback : null} />
          </Tabs.Panel>
          <Tabs.Panel value="summary" pt="md">
            <SummaryPanel job={job} canSummarize={owner && job.status === TranscriptionStatus.Completed && !!job.text?.trim()} />
          </Tabs.Panel>
          {available.includes('chat') && (
            <Tabs.Panel value="chat" pt="md">
              <ChatPanel id={job.id} />
            </Tabs.Panel>
          )}
          {owner && (
            <Tabs.Panel value="share" pt="md">
              <SharePanel id={job.id} />
            </Tabs.Panel>
          )}
        </Tabs>
      </Stack>
    </Container>
  );
}
