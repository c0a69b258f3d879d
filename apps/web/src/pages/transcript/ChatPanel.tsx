import type { ChatHistoryDto } from '@app/contracts';
import { Alert, Button, Group, Loader, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type SubmitEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/http';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { ChatBubble, ChatMessages } from './ChatMessages';
import { ChatStreamError, streamChatAnswer } from './chat-stream';
import { SafeMarkdown } from './SafeMarkdown';
import { transcriptKeys } from './transcript-queries';
import classes from './transcript.module.css';
import { useErrorText } from './use-error-text';
import { CHAT_QUESTION_MAX_CHARS } from '@app/contracts/limits';

/** The signed-in user's conversation about a transcript, with answers streamed as they are written. */
export function ChatPanel({ id }: { id: string }) {
  const { t } = useTranslation('transcript');
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const history = useQuery({
    queryKey: transcriptKeys.chat(id),
    queryFn: ({ signal }) => request<ChatHistoryDto>(`/api/transcriptions/${id}/chat`, { signal }),
  });
  const [draft, setDraft] = useState('');
  const [asked, setAsked] = useState<string | null>(null);
  const [answer, setAnswer] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const running = useRef<AbortController | null>(null);
  useEffect(() => () => running.current?.abort(), []);

  const ask = async (event: SubmitEvent) => {
    event.preventDefault();
    const question = draft.trim();
    if (!question || asked !== null) return;
    const controller = new AbortController();
    running.current = controller;
    setAsked(question);
    setAnswer('');
    setFailure(null);
    setDraft('');
    try {
      await streamChatAnswer(id, question, (piece) => setAnswer((sofar) => sofar + piece), controller.signal);
    } catch (error) {
      if (controller.signal.aborted) return;
      setFailure(error instanceof ChatStreamError ? (error.reason ?? t('chat.brokeOff')) : errorText(error));
      // A refused question was not sent; give it back to edit.
      if (!(error instanceof ChatStreamError)) setDraft(question);
    }
    // The saved conversation (with the question, and the answer when it was saved) replaces the live one.
    await queryClient.invalidateQueries({ queryKey: transcriptKeys.chat(id) });
    setAsked(null);
    setAnswer('');
  };

  if (history.isPending) return <PageLoader />;
  if (history.isError) return <ErrorAlert error={history.error} />;
  const messages = history.data.messages;
  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        {t('chat.title')}
      </Title>
      {messages.length === 0 && asked === null && <Text className={classes.muted}>{t('chat.empty')}</Text>}
      <ChatMessages
        messages={messages}
        extra={
          asked !== null && (
            <>
              <ChatBubble role="user">
                <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{asked}</Text>
              </ChatBubble>
              <ChatBubble role="assistant">
                <div aria-live="polite" aria-busy="true">
                  {answer ? (
                    <SafeMarkdown>{answer}</SafeMarkdown>
                  ) : (
                    <Loader size="sm" type="dots" role="status" aria-label={t('chat.answering')} />
                  )}
                </div>
              </ChatBubble>
            </>
          )
        }
      />
      {failure && (
        <Alert color="red" role="alert" title={t('chat.failed')}>
          {failure}
        </Alert>
      )}
      <form onSubmit={(event) => void ask(event)}>
        <Stack gap="xs">
          <Textarea
            label={t('chat.question')}
            description={t('chat.questionHint')}
            value={draft}
            onChange={(event) => setDraft(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
                event.preventDefault();
                event.currentTarget.form?.requestSubmit();
              }
            }}
            maxLength={CHAT_QUESTION_MAX_CHARS}
            autosize
            minRows={2}
            maxRows={8}
          />
          <Group justify="flex-end">
            <Button
              type="submit"
              leftSection={<IconSend size={16} aria-hidden />}
              loading={asked !== null}
              disabled={!draft.trim()}
            >
              {t('chat.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
