import type { SummaryTemplateDto } from '@app/contracts';
import { Button, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { ProblemAlert } from './ProblemAlert';
import { ScrollTable } from './ScrollTable';
import { useAdminSummaryTemplates } from './summary-templates-api';
import { SummaryTemplateFormModal } from './SummaryTemplateFormModal';
import { SummaryTemplateRow } from './SummaryTemplateRow';

/** The form, for a new template (no template) or an existing one. */
type Open = { template?: SummaryTemplateDto } | undefined;

/** Summary templates users pick at upload or for a new summary: create, edit, delete. */
export function SummaryTemplatesPage() {
  const { t } = useTranslation('admin');
  const templates = useAdminSummaryTemplates();
  const [open, setOpen] = useState<Open>();
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <Title order={1}>{t('templates.title')}</Title>
        <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setOpen({})}>
          {t('templates.create')}
        </Button>
      </Group>
      <Text size="sm">{t('templates.intro')}</Text>
      <ProblemAlert problem={problem} onDismiss={() => setProblem(null)} />
      {templates.isPending ? (
        <PageLoader />
      ) : templates.isError ? (
        <ErrorAlert error={templates.error} />
      ) : templates.data.length === 0 ? (
        <Text>{t('templates.empty')}</Text>
      ) : (
        <ScrollTable label={t('templates.title')} minWidth={600}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('templates.name')}</Table.Th>
              <Table.Th>{t('templates.instruction')}</Table.Th>
              <Table.Th>{t('templates.updated')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('templates.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {templates.data.map((template) => (
              <SummaryTemplateRow
                key={template.id}
                template={template}
                onEdit={() => setOpen({ template })}
                onProblem={setProblem}
              />
            ))}
          </Table.Tbody>
        </ScrollTable>
      )}
      <SummaryTemplateFormModal opened={open !== undefined} template={open?.template} onClose={() => setOpen(undefined)} />
    </Stack>
  );
}
