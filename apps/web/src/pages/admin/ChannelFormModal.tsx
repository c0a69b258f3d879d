import type { ChannelDto } from '@app/contracts';
import { Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { type SubmitEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/http';
import { adminApi, useAdminMutation } from './admin-api';
import { MAX_CHANNEL_DESCRIPTION_LENGTH, MAX_CHANNEL_NAME_LENGTH } from '@app/contracts/limits';

/** A new channel, or an existing one's name and description. */
export function ChannelFormModal({ opened, channel, onClose }: { opened: boolean; channel?: ChannelDto; onClose: () => void }) {
  const { t } = useTranslation('admin');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={channel ? t('channels.editTitle') : t('channels.createTitle')}
      closeButtonProps={{ 'aria-label': t('channels.closeDialog') }}
    >
      {opened && <ChannelForm key={channel?.id ?? 'new'} channel={channel} onDone={onClose} />}
    </Modal>
  );
}

function ChannelForm({ channel, onDone }: { channel?: ChannelDto; onDone: () => void }) {
  const { t } = useTranslation(['admin', 'common']);
  const [name, setName] = useState(channel?.name ?? '');
  const [description, setDescription] = useState(channel?.description ?? '');
  const [error, setError] = useState<string | null>(null);
  const save = useAdminMutation(
    () => {
      const body = { name: name.trim(), description: description.trim() || null };
      return channel ? adminApi.updateChannel(channel.id, body) : adminApi.createChannel(body);
    },
    {
      onSuccess: onDone,
      onError: (failure) =>
        setError(failure instanceof ApiError && failure.status === 409 ? t('channels.nameTaken') : failure.message),
    },
  );
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (!name.trim()) setError(t('channels.nameRequired'));
    else save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label={t('channels.name')}
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
            setError(null);
          }}
          maxLength={MAX_CHANNEL_NAME_LENGTH}
          error={error}
          required
          data-autofocus
        />
        <Textarea
          label={t('channels.description')}
          value={description}
          onChange={(event) => setDescription(event.currentTarget.value)}
          maxLength={MAX_CHANNEL_DESCRIPTION_LENGTH}
          autosize
          minRows={2}
          maxRows={8}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {channel ? t('common:actions.save') : t('channels.createSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
