import type { ChatMessageDto } from '@app/contracts';
import { Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from './format';
import { SafeMarkdown } from './SafeMarkdown';
import classes from './transcript.module.css';

/** One turn: who said it, when, and what (answers are Markdown, shown safely; questions plain text). */
export function ChatBubble({
  role,
  createdAt,
  children,
}: {
  role: ChatMessageDto['role'];
  createdAt?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation('transcript');
  const format = useFormatters();
  const question = role === 'user';
  return (
    <Paper
      component="li"
      withBorder
      p="sm"
      className={classes.chatMessage}
      bg={question ? 'var(--mantine-primary-color-light)' : undefined}
      ml={question ? 'auto' : undefined}
    >
      <Text size="xs" fw={600} className={classes.muted}>
        {question ? t('chat.you') : t('chat.assistant')}
        {createdAt && ` · ${format.date(createdAt)}`}
      </Text>
      {children}
    </Paper>
  );
}

/** A conversation about a transcript, oldest first. */
export function ChatMessages({ messages, extra }: { messages: ChatMessageDto[]; extra?: ReactNode }) {
  return (
    <Stack component="ol" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
      {messages.map((message) => (
        <ChatBubble key={message.id} role={message.role} createdAt={message.created_at}>
          {message.role === 'user' ? (
            <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{message.content}</Text>
          ) : (
            <SafeMarkdown>{message.content}</SafeMarkdown>
          )}
        </ChatBubble>
      ))}
      {extra}
    </Stack>
  );
}
