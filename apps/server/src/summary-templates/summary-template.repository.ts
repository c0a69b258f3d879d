import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { type SummaryTemplate, type SummaryTemplateRow, toSummaryTemplate } from './summary-template.js';

const COLUMNS = 'id, name, instruction, created_by, created_at, updated_at';

export interface SummaryTemplateChanges {
  name?: string;
  instruction?: string;
}

/** Statements on summary templates. A name another template has (whatever its case) is refused by the unique index (23505). */
@Injectable()
export class SummaryTemplateRepository {
  constructor(private readonly db: Database) {}

  async list(): Promise<SummaryTemplate[]> {
    const rows = await this.db.rows<SummaryTemplateRow>(`SELECT ${COLUMNS} FROM summary_templates ORDER BY lower(name), id`);
    return rows.map(toSummaryTemplate);
  }

  async find(id: string): Promise<SummaryTemplate | undefined> {
    const [row] = await this.db.rows<SummaryTemplateRow>(`SELECT ${COLUMNS} FROM summary_templates WHERE id = $1`, [id]);
    return row && toSummaryTemplate(row);
  }

  async insert(template: { name: string; instruction: string; createdBy: string }): Promise<SummaryTemplate> {
    const [row] = await this.db.rows<SummaryTemplateRow>(
      `INSERT INTO summary_templates (name, instruction, created_by) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
      [template.name, template.instruction, template.createdBy],
    );
    return toSummaryTemplate(row!);
  }

  async update(id: string, changes: SummaryTemplateChanges): Promise<SummaryTemplate | undefined> {
    const [row] = await this.db.rows<SummaryTemplateRow>(
      `UPDATE summary_templates SET name = COALESCE($2, name), instruction = COALESCE($3, instruction), updated_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, changes.name ?? null, changes.instruction ?? null],
    );
    return row && toSummaryTemplate(row);
  }

  /** False if there was none. Jobs keep the instruction they copied. */
  async delete(id: string): Promise<boolean> {
    return (await this.db.rows(`DELETE FROM summary_templates WHERE id = $1 RETURNING id`, [id])).length > 0;
  }
}
