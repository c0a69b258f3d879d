import type { SummaryTemplateDto } from '@app/contracts';
import { MAX_SUMMARY_INSTRUCTION_LENGTH, MAX_SUMMARY_TEMPLATE_NAME_LENGTH } from '@app/contracts/limits';
import { Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { type SubmitEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/http';
import { summaryTemplatesApi, useSummaryTemplateMutation } from './summary-templates-api';

/** A new summary template, or an existing one's name and instruction. */
export function SummaryTemplateFormModal({
  opened,
  template,
  onClose,
}: {
  opened: boolean;
  template?: SummaryTemplateDto;
  onClose: () => void;
}) {
  const { t } = useTranslation('admin');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={template ? t('templates.editTitle') : t('templates.createTitle')}
      closeButtonProps={{ 'aria-label': t('templates.closeDialog') }}
    >
      {opened && <SummaryTemplateForm key={template?.id ?? 'new'} template={template} onDone={onClose} />}
    </Modal>
  );
}

function SummaryTemplateForm({ template, onDone }: { template?: SummaryTemplateDto; onDone: () => void }) {
  const { t } = useTranslation(['admin', 'common']);
  const [name, setName] = useState(template?.name ?? '');
  const [instruction, setInstruction] = useState(template?.instruction ?? '');
  const [nameError, setNameError] = useState<string | null>(null);
  const [instructionError, setInstructionError] = useState<string | null>(null);
  const save = useSummaryTemplateMutation(
    () => {
      const body = { name: name.trim(), instruction: instruction.trim() };
      return template ? summaryTemplatesApi.update(template.id, body) : summaryTemplatesApi.create(body);
    },
    {
      onSuccess: onDone,
      onError: (failure) =>
        setNameError(failure instanceof ApiError && failure.status === 409 ? t('templates.nameTaken') : failure.message),
    },
  );
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const missingName = !name.trim();
    const missingInstruction = !instruction.trim();
    setNameError(missingName ? t('templates.nameRequired') : null);
    setInstructionError(missingInstruction ? t('templates.instructionRequired') : null);
    if (!missingName && !missingInstruction) save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label={t('templates.name')}
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
            setNameError(null);
          }}
          maxLength={MAX_SUMMARY_TEMPLATE_NAME_LENGTH}
          error={nameError}
          required
          data-autofocus
        />
        <Textarea
          label={t('templates.instruction')}
          description={t('templates.instructionHint')}
          value={instruction}
          onChange={(event) => {
            setInstruction(event.currentTarget.value);
            setInstructionError(null);
          }}
          maxLength={MAX_SUMMARY_INSTRUCTION_LENGTH}
          error={instructionError}
          required
          autosize
          minRows={3}
          maxRows={10}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {template ? t('common:actions.save') : t('templates.createSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
