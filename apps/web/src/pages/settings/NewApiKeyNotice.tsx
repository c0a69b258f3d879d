import type { CreatedApiKeyDto } from '@app/contracts';
import { Button, Code, CopyButton, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** The key just made: shown this once, with a copy button. */
export function NewApiKeyNotice({ created, onDismiss }: { created: CreatedApiKeyDto; onDismiss: () => void }) {
  const { t } = useTranslation(['settings', 'common']);
  return (
    <Paper withBorder p="md" style={{ borderColor: 'var(--mantine-color-green-8)', borderWidth: 2 }}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('apiKeys.createdTitle', { name: created.name })}
        </Title>
        <Text size="sm" fw={600}>
          {t('apiKeys.shownOnce')}
        </Text>
        <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
          {created.key}
        </Code>
        <Group gap="sm">
          <CopyButton value={created.key}>
            {({ copied, copy }) => (
              <Button
                size="xs"
                color="blue.8"
                leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                onClick={copy}
              >
                {copied ? t('common:actions.copied') : t('apiKeys.copyKey')}
              </Button>
            )}
          </CopyButton>
          <Button size="xs" variant="default" onClick={onDismiss}>
            {t('apiKeys.done')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
