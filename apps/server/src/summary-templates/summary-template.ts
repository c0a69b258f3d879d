import type { SummaryTemplateBriefDto, SummaryTemplateDto } from '@app/contracts';
import type { Plain } from '../transcriptions/transcription-dto.js';

/** A named summary instruction that admins keep and users pick; a job copies its instruction. */
export interface SummaryTemplate {
  id: string;
  name: string;
  instruction: string;
  /** The administrator who made it; null once they are deleted. */
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SummaryTemplateRow {
  id: string;
  name: string;
  instruction: string;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export function toSummaryTemplate(row: SummaryTemplateRow): SummaryTemplate {
  return {
    id: row.id,
    name: row.name,
    instruction: row.instruction,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toSummaryTemplateBriefDto(template: SummaryTemplate): Plain<SummaryTemplateBriefDto> {
  return { id: template.id, name: template.name, instruction: template.instruction };
}

export function toSummaryTemplateDto(template: SummaryTemplate): Plain<SummaryTemplateDto> {
  return {
    ...toSummaryTemplateBriefDto(template),
    created_by: template.createdBy,
    created_at: template.createdAt.toISOString(),
    updated_at: template.updatedAt.toISOString(),
  };
}
