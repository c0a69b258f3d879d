import type { AudioTicketDto } from '@app/contracts';
import { Alert } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/http';
import { ErrorAlert } from '../../components/ErrorAlert';
import { AudioPlayer } from './AudioPlayer';
import { transcriptKeys } from './transcript-queries';
import type { Playback } from './use-playback';

const EXPIRY_MARGIN_MS = 60_000;
const expiresIn = (ticket: AudioTicketDto) => Date.parse(ticket.expires_at) - Date.now();

/**
 * The player for a signed-in user's recording. An <audio> element cannot send Authorization,
 * so it plays a ticket URL (good for an hour); when the element fails after that, a new ticket
 * is fetched and playback resumes where it was.
 */
export function TicketAudioPlayer({ id, playback }: { id: string; playback: Playback }) {
  const { t } = useTranslation('transcript');
  const ticket = useQuery({
    queryKey: transcriptKeys.audioTicket(id),
    queryFn: () => request<AudioTicketDto>(`/api/audio/${id}/ticket`, { method: 'POST' }),
    staleTime: (query) => (query.state.data ? Math.max(0, expiresIn(query.state.data) - EXPIRY_MARGIN_MS) : 0),
  });
  const resumeAt = useRef<number | null>(null);
  const [unplayable, setUnplayable] = useState(false);

  if (ticket.isError) return <ErrorAlert error={ticket.error} />;
  if (!ticket.data) return null;
  const { data } = ticket;
  return (
    <>
      <AudioPlayer
        src={data.url}
        playback={playback}
        onError={(event) => {
          if (expiresIn(data) <= EXPIRY_MARGIN_MS) {
            resumeAt.current = event.currentTarget.currentTime;
            void ticket.refetch();
          } else {
            setUnplayable(true);
          }
        }}
        onLoadedMetadata={(event) => {
          setUnplayable(false);
          if (resumeAt.current !== null) event.currentTarget.currentTime = resumeAt.current;
          resumeAt.current = null;
        }}
      />
      {unplayable && (
        <Alert color="yellow" role="status">
          {t('player.unplayable')}
        </Alert>
      )}
    </>
  );
}
