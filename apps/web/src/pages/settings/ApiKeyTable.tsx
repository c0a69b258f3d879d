import type { AdminApiKeyDto, ApiKeyDto } from '@app/contracts';
import { Badge, Button, Table, Text, VisuallyHidden } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

type Listed = ApiKeyDto & Partial<Pick<AdminApiKeyDto, 'user_email' | 'user_id'>>;

function useDateFormat() {
  const { i18n } = useTranslation();
  return useMemo(() => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }), [i18n.language]);
}

/** Whether the key still opens anything at `now`: revoked, expired, or live. */
export function apiKeyState(key: ApiKeyDto, now: number): 'revoked' | 'expired' | 'live' {
  if (key.revoked_at) return 'revoked';
  if (key.expires_at && Date.parse(key.expires_at) <= now) return 'expired';
  return 'live';
}

/**
 * API keys as a table (the caller's own, or everyone's with an owner column for admins); live
 * keys can be revoked after a confirmation.
 */
export function ApiKeyTable({
  keys,
  showOwner = false,
  revokingId,
  onRevoke,
}: {
  keys: Listed[];
  showOwner?: boolean;
  revokingId: string | null;
  onRevoke: (key: Listed) => void;
}) {
  const { t } = useTranslation(['settings', 'common']);
  const date = useDateFormat();
  // When the page was opened: a key that expires while it is open shows as live until the next visit.
  const [now] = useState(Date.now);
  const confirmRevoke = (key: Listed) =>
    modals.openConfirmModal({
      title: t('apiKeys.revokeTitle'),
      children: <Text size="sm">{t('apiKeys.revokeBody', { name: key.name, prefix: key.prefix })}</Text>,
      labels: { confirm: t('apiKeys.revokeConfirm'), cancel: t('common:actions.cancel') },
      confirmProps: { color: 'red.8' },
      onConfirm: () => onRevoke(key),
    });
  return (
    <Table.ScrollContainer
      minWidth={showOwner ? 980 : 820}
      scrollAreaProps={{ type: 'auto', viewportProps: { tabIndex: 0, role: 'region', 'aria-label': t('apiKeys.listTitle') } }}
    >
      <Table verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('apiKeys.name')}</Table.Th>
            {showOwner && <Table.Th>{t('apiKeys.owner')}</Table.Th>}
            <Table.Th>{t('apiKeys.prefix')}</Table.Th>
            <Table.Th>{t('apiKeys.scope')}</Table.Th>
            <Table.Th>{t('apiKeys.created')}</Table.Th>
            <Table.Th>{t('apiKeys.lastUsed')}</Table.Th>
            <Table.Th>{t('apiKeys.expires')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('apiKeys.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keys.map((key) => {
            const state = apiKeyState(key, now);
            return (
              <Table.Tr key={key.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {key.name}
                  </Text>
                </Table.Td>
                {showOwner && <Table.Td>{key.user_email ?? key.user_id}</Table.Td>}
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {key.prefix}…
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t(`apiKeys.scopes.${key.scope}`)}</Text>
                </Table.Td>
                <Table.Td>{date.format(new Date(key.created_at))}</Table.Td>
                <Table.Td>{key.last_used_at ? date.format(new Date(key.last_used_at)) : t('apiKeys.never')}</Table.Td>
                <Table.Td>{key.expires_at ? date.format(new Date(key.expires_at)) : t('apiKeys.noExpiry')}</Table.Td>
                <Table.Td>
                  {state === 'live' ? (
                    <Button
                      size="xs"
                      variant="outline"
                      color="red.9"
                      loading={revokingId === key.id}
                      onClick={() => confirmRevoke(key)}
                      aria-label={t('apiKeys.revokeNamed', { name: key.name })}
                    >
                      {t('apiKeys.revoke')}
                    </Button>
                  ) : (
                    <Badge variant="outline" color="gray.7" size="sm">
                      {t(`apiKeys.state.${state}`)}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
