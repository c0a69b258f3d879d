import { Button, Group, Text } from '@mantine/core';
import { useInterval } from '@mantine/hooks';
import { IconMicrophone, IconPlayerStopFilled } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration } from './format';
import classes from './transcriptions.module.css';

// mediaDevices is missing on plain-http pages (other than localhost); MediaRecorder in older browsers.
const canRecord = 'MediaRecorder' in window && 'mediaDevices' in navigator;

/** `recording-2026-11-27-1530.webm`: when it was started, with the extension of what the browser recorded. */
function recordingName(started: Date, type: string): string {
  const two = (value: number) => String(value).padStart(2, '0');
  const extension = type.includes('ogg') ? 'ogg' : type.includes('mp4') ? 'm4a' : 'webm';
  return `recording-${started.getFullYear()}-${two(started.getMonth() + 1)}-${two(started.getDate())}-${two(
    started.getHours(),
  )}${two(started.getMinutes())}.${extension}`;
}

/**
 * Records from the microphone in the browser; Stop hands the recording to `onRecorded` (the upload
 * queue). Not shown where the browser cannot record.
 */
export function RecordButton({ onRecorded }: { onRecorded: (file: File) => void }) {
  const { t } = useTranslation('transcriptions');
  const [started, setStarted] = useState<Date>();
  const [elapsed, setElapsed] = useState(0);
  const [problem, setProblem] = useState<'denied' | 'unavailable'>();
  const [starting, setStarting] = useState(false);
  const recorder = useRef<MediaRecorder>(undefined);
  // The recording goes where the page says when it stops (the language may change meanwhile).
  const handOver = useRef(onRecorded);
  useEffect(() => {
    handOver.current = onRecorded;
  });
  const clock = useInterval(() => started && setElapsed((Date.now() - started.getTime()) / 1000), 500);

  // Leaving the page while recording keeps what was recorded: it is stopped and uploaded.
  useEffect(
    () => () => {
      if (recorder.current?.state === 'recording') recorder.current.stop();
    },
    [],
  );

  if (!canRecord) return null;

  const start = async () => {
    setProblem(undefined);
    setStarting(true);
    let stream: MediaStream | undefined;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const media = new MediaRecorder(stream);
      const tracks = stream.getTracks();
      const begun = new Date();
      const chunks: Blob[] = [];
      media.ondataavailable = (event) => chunks.push(event.data);
      media.onstop = () => {
        for (const track of tracks) track.stop();
        recorder.current = undefined;
        const type = [media.mimeType, chunks[0]?.type].find(Boolean) ?? 'audio/webm';
        handOver.current(new File(chunks, recordingName(begun, type), { type }));
      };
      media.start(1000);
      recorder.current = media;
      setStarted(begun);
      setElapsed(0);
      clock.start();
    } catch (error) {
      for (const track of stream?.getTracks() ?? []) track.stop();
      const name = error instanceof DOMException ? error.name : '';
      setProblem(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'unavailable');
    } finally {
      setStarting(false);
    }
  };

  const stop = () => {
    clock.stop();
    recorder.current?.stop();
    setStarted(undefined);
  };

  return (
    <div>
      {started ? (
        <Group gap="sm" wrap="nowrap">
          <Button color="red" leftSection={<IconPlayerStopFilled size={16} aria-hidden />} onClick={stop}>
            {t('record.stop')}
          </Button>
          <Text size="sm" role="timer">
            {t('record.elapsed', { time: formatDuration(elapsed) })}
          </Text>
        </Group>
      ) : (
        <Button
          variant="default"
          leftSection={<IconMicrophone size={16} aria-hidden />}
          loading={starting}
          onClick={() => void start()}
        >
          {t('record.start')}
        </Button>
      )}
      {problem && (
        <Text size="sm" role="alert" mt={4} className={classes.error}>
          {t(problem === 'denied' ? 'record.denied' : 'record.unavailable')}
        </Text>
      )}
    </div>
  );
}
