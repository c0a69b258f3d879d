import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  CreateSummaryTemplateDto,
  ErrorResponseDto,
  SummaryTemplateBriefDto,
  SummaryTemplateDto,
  UpdateSummaryTemplateDto,
} from '@app/contracts';
import { CurrentUser, UserAuth } from '../auth/user-auth.decorator.js';
import type { User } from '../users/user.js';
import { toSummaryTemplateBriefDto, toSummaryTemplateDto } from './summary-template.js';
import { SummaryTemplatesService } from './summary-templates.service.js';

const DUPLICATE_NAME = 'another summary template has this name (whatever its case)';

/** Summary templates, as administrators manage them. */
@ApiTags('summary templates')
@UserAuth({ admin: true })
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'bad id or body' })
@Controller('api/admin/summary-templates')
export class AdminSummaryTemplatesController {
  constructor(private readonly templates: SummaryTemplatesService) {}

  @Get()
  @ApiOperation({ summary: 'All summary templates, by name' })
  @ApiOkResponse({ type: [SummaryTemplateDto] })
  async list(): Promise<SummaryTemplateDto[]> {
    return (await this.templates.list()).map(toSummaryTemplateDto);
  }

  @Post()
  @ApiOperation({ summary: 'Make a summary template' })
  @ApiCreatedResponse({ type: SummaryTemplateDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: DUPLICATE_NAME })
  async create(@CurrentUser() admin: User, @Body() body: CreateSummaryTemplateDto): Promise<SummaryTemplateDto> {
    return toSummaryTemplateDto(await this.templates.create(admin, body.name, body.instruction));
  }

  @Put(':id')
  @ApiOperation({ summary: 'Rename a summary template or change its instruction (jobs already made keep theirs)' })
  @ApiOkResponse({ type: SummaryTemplateDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: DUPLICATE_NAME })
  async update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateSummaryTemplateDto,
  ): Promise<SummaryTemplateDto> {
    return toSummaryTemplateDto(await this.templates.update(id, body));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a summary template (jobs already made keep the instruction they copied)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async delete(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.templates.delete(id);
  }
}

/** The templates users pick from. */
@ApiTags('summary templates')
@UserAuth()
@Controller('api/summary-templates')
export class SummaryTemplatesController {
  constructor(private readonly templates: SummaryTemplatesService) {}

  @Get()
  @ApiOperation({ summary: 'The summary templates to pick for an upload or a new summary, by name' })
  @ApiOkResponse({ type: [SummaryTemplateBriefDto] })
  async list(): Promise<SummaryTemplateBriefDto[]> {
    return (await this.templates.list()).map(toSummaryTemplateBriefDto);
  }
}
