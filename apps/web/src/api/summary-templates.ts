import type { SummaryTemplateBriefDto } from '@app/contracts';
import { useQuery } from '@tanstack/react-query';
import { request } from './http';

export const summaryTemplateKeys = {
  /** What users pick from (GET /api/summary-templates). */
  list: ['summary-templates'] as const,
  /** What admins manage (GET /api/admin/summary-templates). */
  admin: ['admin', 'summary-templates'] as const,
};

/** The summary templates to pick for an upload or a new summary, by name. */
export function useSummaryTemplates() {
  return useQuery({
    queryKey: summaryTemplateKeys.list,
    queryFn: ({ signal }) => request<SummaryTemplateBriefDto[]>('/api/summary-templates', { signal }),
    staleTime: 60_000,
  });
}
