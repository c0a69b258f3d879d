import type { SummaryTemplateDto } from '@app/contracts';
import { Table, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useTranslation } from 'react-i18next';
import { useAdminFormat } from './format';
import { summaryTemplatesApi, useSummaryTemplateMutation } from './summary-templates-api';
import { RowActions } from './RowActions';

export function SummaryTemplateRow({
  template,
  onEdit,
  onProblem,
}: {
  template: SummaryTemplateDto;
  onEdit: () => void;
  onProblem: (message: string) => void;
}) {
  const { t } = useTranslation(['admin', 'common']);
  const format = useAdminFormat();
  const remove = useSummaryTemplateMutation(() => summaryTemplatesApi.delete(template), {
    onError: (error) => onProblem(t('templates.failed', { name: template.name, message: error.message })),
  });
  const confirmDelete = () =>
    modals.openConfirmModal({
      title: t('templates.deleteTitle'),
      children: <Text size="sm">{t('templates.deleteBody', { name: template.name })}</Text>,
      labels: { confirm: t('templates.deleteConfirm'), cancel: t('common:actions.cancel') },
      confirmProps: { color: 'red.8' },
      onConfirm: () => remove.mutate(undefined),
    });
  return (
    <Table.Tr>
      <Table.Td maw={220}>
        <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
          {template.name}
        </Text>
      </Table.Td>
      <Table.Td maw={420}>
        <Text size="sm" lineClamp={3} style={{ overflowWrap: 'anywhere' }}>
          {template.instruction}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{format.dateTime(template.updated_at)}</Text>
      </Table.Td>
      <Table.Td>
        <RowActions
          editLabel={t('templates.edit', { name: template.name })}
          deleteLabel={t('templates.delete', { name: template.name })}
          onEdit={onEdit}
          onDelete={confirmDelete}
          deleting={remove.isPending}
        />
      </Table.Td>
    </Table.Tr>
  );
}
