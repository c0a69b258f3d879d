import type { CreatedShareLinkDto, ShareLinkDto } from '@app/contracts';
import { Alert, Badge, Button, CopyButton, Group, NumberInput, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy, IconLink } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type SubmitEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/http';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { useFormatters } from './format';
import { transcriptKeys } from './transcript-queries';
import classes from './transcript.module.css';
import { useErrorText } from './use-error-text';

/** A link's full address, to copy: the API gives it relative to the web app. */
const fullUrl = (link: CreatedShareLinkDto) => new URL(link.share_url, window.location.origin).href;

function CreatedLink({ link }: { link: CreatedShareLinkDto }) {
  const { t } = useTranslation('transcript');
  const url = fullUrl(link);
  return (
    <Alert color="green" title={t('share.created')} role="status">
      <Stack gap="xs">
        <Text size="sm">{t('share.onlyOnce')}</Text>
        <Group gap="xs" wrap="nowrap" align="flex-end">
          <TextInput
            label={t('share.url')}
            value={url}
            readOnly
            onFocus={(event) => event.currentTarget.select()}
            style={{ flex: 1, minWidth: 0 }}
          />
          <CopyButton value={url}>
            {({ copied, copy }) => (
              <Button
                variant={copied ? 'filled' : 'default'}
                color={copied ? 'teal' : undefined}
                leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                onClick={copy}
              >
                {copied ? t('share.copied') : t('share.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Alert>
  );
}

function LinkState({ link }: { link: ShareLinkDto }) {
  const { t } = useTranslation('transcript');
  if (link.revoked_at)
    return (
      <Badge color="gray" variant="dot">
        {t('share.revoked')}
      </Badge>
    );
  if (!link.is_live)
    return (
      <Badge color="gray" variant="dot">
        {t('share.expired')}
      </Badge>
    );
  return (
    <Badge color="green" variant="dot">
      {t('share.live')}
    </Badge>
  );
}

function ShareLinkItem({ link, onRevoke }: { link: ShareLinkDto; onRevoke: (link: ShareLinkDto) => void }) {
  const { t } = useTranslation('transcript');
  const format = useFormatters();
  return (
    <Paper component="li" withBorder p="sm">
      <Group justify="space-between" gap="sm">
        <Stack gap={2}>
          <Group gap="xs">
            <Text fw={600}>{t('share.createdAt', { date: format.date(link.created_at) })}</Text>
            <LinkState link={link} />
          </Group>
          <Text size="sm" className={classes.muted}>
            {link.expires_at ? t('share.expiresAt', { date: format.date(link.expires_at) }) : t('share.noExpiry')}
            {' · '}
            {t('share.visits', { count: link.access_count })}
            {link.last_accessed_at && ` · ${t('share.lastVisit', { date: format.date(link.last_accessed_at) })}`}
          </Text>
        </Stack>
        {link.is_live && (
          <Button variant="outline" color="red.9" size="xs" onClick={() => onRevoke(link)}>
            {t('share.revoke')}
          </Button>
        )}
      </Group>
    </Paper>
  );
}

/** The owner's public links to a transcript: make one (shown whole once), see who used them, revoke. */
export function SharePanel({ id }: { id: string }) {
  const { t } = useTranslation('transcript');
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [days, setDays] = useState<string | number>('');
  const [created, setCreated] = useState<CreatedShareLinkDto | null>(null);
  const links = useQuery({
    queryKey: transcriptKeys.shares(id),
    queryFn: ({ signal }) => request<ShareLinkDto[]>(`/api/transcriptions/${id}/shares`, { signal }),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: transcriptKeys.shares(id) });
  const create = useMutation({
    mutationFn: () =>
      request<CreatedShareLinkDto>(`/api/transcriptions/${id}/share`, {
        method: 'POST',
        json: typeof days === 'number' ? { expires_in_days: days } : {},
      }),
    onSuccess: (link) => {
      setCreated(link);
      void refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (link: ShareLinkDto) => request<undefined>(`/api/transcriptions/${id}/shares/${link.id}`, { method: 'DELETE' }),
    onSuccess: (_nothing, link) => {
      if (created?.id === link.id) setCreated(null);
      notifications.show({ color: 'green', message: t('share.revokedNotice') });
      void refresh();
    },
    onError: (error) => notifications.show({ color: 'red', title: t('share.revokeFailed'), message: errorText(error) }),
  });
  const confirmRevoke = (link: ShareLinkDto) =>
    modals.openConfirmModal({
      title: t('share.revokeTitle'),
      children: <Text size="sm">{t('share.revokeText')}</Text>,
      labels: { confirm: t('share.revoke'), cancel: t('actions.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => revoke.mutate(link),
    });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    create.mutate();
  };

  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        {t('share.title')}
      </Title>
      <Text>{t('share.intro')}</Text>
      <form onSubmit={submit}>
        <Group align="flex-end" gap="sm">
          <NumberInput
            label={t('share.expiresIn')}
            description={t('share.expiresInHint')}
            value={days}
            onChange={setDays}
            min={1}
            max={3650}
            allowDecimal={false}
            allowNegative={false}
            w={220}
          />
          <Button type="submit" leftSection={<IconLink size={16} aria-hidden />} loading={create.isPending}>
            {t('share.create')}
          </Button>
        </Group>
      </form>
      {create.isError && (
        <Alert color="red" role="alert">
          {errorText(create.error)}
        </Alert>
      )}
      {created && <CreatedLink link={created} />}
      <Title order={3} size="h4">
        {t('share.existing')}
      </Title>
      {links.isPending ? (
        <PageLoader />
      ) : links.isError ? (
        <ErrorAlert error={links.error} />
      ) : links.data.length === 0 ? (
        <Text className={classes.muted}>{t('share.none')}</Text>
      ) : (
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
          {links.data.map((link) => (
            <ShareLinkItem key={link.id} link={link} onRevoke={confirmRevoke} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
