import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import {
  DeleteAllResultDto,
  DownloadQueryDto,
  EditSegmentsDto,
  ErrorResponseDto,
  PERSONAL_FILTER,
  ResummarizeDto,
  TranscriptionDto,
  TranscriptionListQueryDto,
  TranscriptionPageDto,
} from '@app/contracts';
import { CurrentUser, UserAuth } from '../auth/user-auth.decorator.js';
import type { User } from '../users/user.js';
import { SummaryTemplatesService } from '../summary-templates/summary-templates.service.js';
import { toSearchMatch } from './search-snippet.js';
import { sendDocument } from './send-document.js';
import { toListItemDto, toTranscriptionDto } from './transcription-dto.js';
import type { Transcription } from './transcription.js';
import { type Scope, TranscriptionsService } from './transcriptions.service.js';

const CHANNEL_READ_ONLY = 'shared with you through a channel: read-only';

/**
 * The caller's transcriptions, and those of the channels they are in (read-only: changing one of
 * those answers 403; anyone else's answers 404, as if it did not exist).
 */
@ApiTags('transcriptions')
@UserAuth()
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'no such transcription that you may see' })
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'bad id, body or query' })
@Controller('api/transcriptions')
export class TranscriptionsController {
  constructor(
    private readonly transcriptions: TranscriptionsService,
    private readonly templates: SummaryTemplatesService,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      "Your transcriptions and your channels', newest first; with q, those whose file name, summary or transcript contains it, ranked",
  })
  @ApiOkResponse({ type: TranscriptionPageDto })
  async list(@CurrentUser() user: User, @Query() query: TranscriptionListQueryDto): Promise<TranscriptionPageDto> {
    const scope = { viewerId: user.id };
    const filter =
      query.channel_id === PERSONAL_FILTER
        ? { status: query.status, userId: user.id }
        : { status: query.status, channelId: query.channel_id };
    const view = this.transcriptions.viewOf(scope);
    const { q } = query;
    if (q !== undefined) {
      const found = await this.transcriptions.search(scope, filter, q, query.page, query.page_size);
      const items = found.items.map((hit) => ({
        ...toListItemDto(hit.transcription, view),
        matches: hit.excerpts.map((excerpt) => toSearchMatch(excerpt, q)),
      }));
      return { ...found, items, data: items };
    }
    const page = await this.transcriptions.list(scope, filter, query.page, query.page_size);
    const items = page.items.map((t) => toListItemDto(t, view));
    return { ...page, items, data: items };
  }

  // Before ':id', which would take "all" for an id.
  @Delete('all')
  @ApiOperation({ summary: 'Delete all your own transcriptions, with their audio (not those of your channels)' })
  @ApiOkResponse({ type: DeleteAllResultDto })
  async deleteAll(@CurrentUser() user: User): Promise<DeleteAllResultDto> {
    const deleted = await this.transcriptions.deleteAllOf(user.id);
    return { deleted_count: deleted, message: `Deleted ${deleted} transcription${deleted === 1 ? '' : 's'}` };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One transcription with its result' })
  @ApiOkResponse({ type: TranscriptionDto })
  async get(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<TranscriptionDto> {
    return this.dto(await this.transcriptions.get({ viewerId: user.id }, id), { viewerId: user.id });
  }

  @Get(':id/download')
  @ApiOperation({ summary: 'The transcript as a file: txt, srt, vtt, json or md (with the summary)' })
  @ApiProduces('text/plain', 'application/x-subrip', 'text/vtt', 'application/json', 'text/markdown')
  @ApiOkResponse({ description: 'the file, as an attachment' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'not completed yet' })
  async download(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: DownloadQueryDto,
    @Res() response: Response,
  ): Promise<void> {
    sendDocument(response, await this.transcriptions.download({ viewerId: user.id }, id, query.format));
  }

  @Get(':id/download-docx')
  @ApiOperation({ summary: 'The summary as a Word document (CJK text intact)' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  @ApiOkResponse({ description: 'the .docx file, as an attachment' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'not completed yet, or no summary' })
  async downloadDocx(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() response: Response,
  ): Promise<void> {
    sendDocument(response, await this.transcriptions.summaryDocx({ viewerId: user.id }, id));
  }

  @Get(':id/download-notebooklm')
  @ApiOperation({
    summary: 'A text guideline for NotebookLM, from the transcript and summary',
    description:
      'Written by the language model (GLM_*) when the server has one, kept until the transcript or summary changes; ' +
      'otherwise, or when the model fails, an outline built without it. The header X-Guideline-Source and the last ' +
      'line of the file say which (language-model or outline).',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'the .txt file, as an attachment' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'not completed yet' })
  async downloadNotebookLm(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() response: Response,
  ): Promise<void> {
    const guide = await this.transcriptions.notebookLmGuide({ viewerId: user.id }, id);
    sendDocument(response.setHeader('X-Guideline-Source', guide.source), guide);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel a pending or processing transcription' })
  @ApiOkResponse({ type: TranscriptionDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: CHANNEL_READ_ONLY })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'already completed, failed or cancelled' })
  async cancel(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<TranscriptionDto> {
    return this.dto(await this.transcriptions.cancel({ ownerId: user.id }, id), { viewerId: user.id });
  }

  @Post(':id/retry')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Queue a failed or cancelled transcription again (while its audio exists)' })
  @ApiOkResponse({ type: TranscriptionDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: CHANNEL_READ_ONLY })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'not failed/cancelled, or the audio is gone' })
  async retry(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<TranscriptionDto> {
    return this.dto(await this.transcriptions.requeue({ ownerId: user.id }, id), { viewerId: user.id });
  }

  @Post(':id/summarize')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Summarize a completed transcription again, optionally with an instruction',
    description:
      'Queues a summary-only job (a runner picks it up like any other; the transcript stays readable meanwhile). ' +
      'The new summary becomes `summary` and is added to `summaries`.',
  })
  @ApiAcceptedResponse({ type: TranscriptionDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: CHANNEL_READ_ONLY })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'not completed (still working, failed or cancelled)' })
  async resummarize(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ResummarizeDto,
  ): Promise<TranscriptionDto> {
    if (body.template_id !== undefined && body.instruction !== undefined) {
      throw new BadRequestException('send instruction or template_id, not both');
    }
    const instruction =
      body.template_id === undefined
        ? (body.instruction ?? null)
        : await this.templates.instructionOf(body.template_id, 'template_id');
    return this.dto(await this.transcriptions.resummarize({ ownerId: user.id }, id, instruction), {
      viewerId: user.id,
    });
  }

  @Patch(':id/segments')
  @ApiOperation({
    summary: 'Correct the text of some segments',
    description: "The runner's segments are kept as `original_segments` at the first edit; `text` follows the segments.",
  })
  @ApiOkResponse({ type: TranscriptionDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: CHANNEL_READ_ONLY })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'not completed, or no such segment' })
  async editSegments(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: EditSegmentsDto,
  ): Promise<TranscriptionDto> {
    return this.dto(await this.transcriptions.editSegments({ ownerId: user.id }, id, body.segments), { viewerId: user.id });
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a transcription, its audio and its results' })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: CHANNEL_READ_ONLY })
  async delete(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.transcriptions.delete({ ownerId: user.id }, id);
  }

  private dto(transcription: Transcription, scope: Scope): TranscriptionDto {
    return toTranscriptionDto(transcription, this.transcriptions.viewOf(scope));
  }
}
