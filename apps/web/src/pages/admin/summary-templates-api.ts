import type { SummaryTemplateDto } from '@app/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../api/http';
import { summaryTemplateKeys } from '../../api/summary-templates';
import { useAdminMutation } from './admin-api';

export interface SummaryTemplateBody {
  name: string;
  instruction: string;
}

export function useAdminSummaryTemplates() {
  return useQuery({
    queryKey: summaryTemplateKeys.admin,
    queryFn: ({ signal }) => request<SummaryTemplateDto[]>('/api/admin/summary-templates', { signal }),
  });
}

/** A change to the templates: the admin list is read again (as every admin change), and the users' list too. */
export function useSummaryTemplateMutation<TVariables, TResult = unknown>(
  mutationFn: (variables: TVariables) => Promise<TResult>,
  options: { onSuccess?: () => void; onError?: (error: Error) => void } = {},
) {
  const queryClient = useQueryClient();
  return useAdminMutation(mutationFn, {
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: summaryTemplateKeys.list });
      options.onSuccess?.();
    },
    onError: options.onError,
  });
}

export const summaryTemplatesApi = {
  create: (body: SummaryTemplateBody) =>
    request<SummaryTemplateDto>('/api/admin/summary-templates', { method: 'POST', json: body }),
  update: (id: string, body: SummaryTemplateBody) =>
    request<SummaryTemplateDto>(`/api/admin/summary-templates/${id}`, { method: 'PUT', json: body }),
  delete: (template: SummaryTemplateDto) =>
    request<undefined>(`/api/admin/summary-templates/${template.id}`, { method: 'DELETE' }),
};
