import { Stack, Text, Title } from '@mantine/core';
import { IconLinkOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** An unknown, revoked or expired link: the server answers 404 and says no more, nor do we. */
export function SharedNotFound() {
  const { t } = useTranslation('shared');
  return (
    <Stack align="center" ta="center" py="xl" gap="sm">
      <IconLinkOff size={48} aria-hidden />
      <Title order={1}>{t('notFound.title')}</Title>
      <Text maw={520}>{t('notFound.text')}</Text>
    </Stack>
  );
}
