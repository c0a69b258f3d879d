import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { sqlState } from '../database/database-errors.js';
import type { User } from '../users/user.js';
import { type SummaryTemplateChanges, SummaryTemplateRepository } from './summary-template.repository.js';
import type { SummaryTemplate } from './summary-template.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const templateNotFound = () => new NotFoundException('summary template not found');

/** Summary templates: admins manage them; uploads and new summaries copy one's instruction. */
@Injectable()
export class SummaryTemplatesService {
  private readonly logger = new Logger(SummaryTemplatesService.name);

  constructor(private readonly templates: SummaryTemplateRepository) {}

  list(): Promise<SummaryTemplate[]> {
    return this.templates.list();
  }

  async create(admin: User, name: string, instruction: string): Promise<SummaryTemplate> {
    const template = await this.uniquelyNamed(name, () => this.templates.insert({ name, instruction, createdBy: admin.id }));
    this.logger.log(`summary template ${template.id} created`);
    return template;
  }

  async update(id: string, changes: SummaryTemplateChanges): Promise<SummaryTemplate> {
    const template = await this.uniquelyNamed(changes.name, () => this.templates.update(id, changes));
    if (!template) throw templateNotFound();
    return template;
  }

  async delete(id: string): Promise<void> {
    if (!(await this.templates.delete(id))) throw templateNotFound();
  }

  /** The instruction of the template a request names (`field`); an unknown one is the caller's mistake (400). */
  async instructionOf(id: string, field: string): Promise<string> {
    const template = UUID.test(id) ? await this.templates.find(id) : undefined;
    if (!template) throw new BadRequestException(`${field} names no summary template (got "${id}")`);
    return template.instruction;
  }

  private async uniquelyNamed<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (sqlState(error) === '23505') {
        throw new ConflictException(`a summary template named "${name}" already exists (names are compared whatever their case)`);
      }
      throw error;
    }
  }
}
