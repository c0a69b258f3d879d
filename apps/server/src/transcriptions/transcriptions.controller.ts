import { Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import {
  DownloadQueryDto,
  ErrorResponseDto,
  TranscriptionDto,
  TranscriptionListQueryDto,
  TranscriptionPageDto,
} from '@app/contracts';
import { contentDisposition } from '../audio/file-name.js';
import { CurrentUser, UserAuth } from '../auth/user-auth.decorator.js';
import type { User } from '../users/user.js';
import { toListItemDto, toTranscriptionDto } from './transcription-dto.js';
import { TranscriptionsService } from './transcriptions.service.js';

@ApiTags('transcriptions')
@UserAuth()
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'no such transcription of yours' })
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'bad id or query' })
@Controller('api/transcriptions')
export class TranscriptionsController {
  constructor(private readonly transcriptions: TranscriptionsService) {}

  @Get()
  @ApiOperation({ summary: 'Your transcriptions, newest first' })
  @ApiOkResponse({ type: TranscriptionPageDto })
  async list(@CurrentUser() user: User, @Query() query: TranscriptionListQueryDto): Promise<TranscriptionPageDto> {
    const page = await this.transcriptions.list({ ownerId: user.id }, { status: query.status }, query.page, query.page_size);
    return { ...page, items: page.items.map(toListItemDto) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One transcription with its result' })
  @ApiOkResponse({ type: TranscriptionDto })
  async get(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<TranscriptionDto> {
    return toTranscriptionDto(await this.transcriptions.get({ ownerId: user.id }, id));
  }

  @Get(':id/download')
  @ApiOperation({ summary: 'The transcript as a file: txt, srt, vtt or json' })
  @ApiProduces('text/plain', 'application/x-subrip', 'text/vtt', 'application/json')
  @ApiOkResponse({ description: 'the file, as an attachment' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'not completed yet' })
  async download(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: DownloadQueryDto,
    @Res() response: Response,
  ): Promise<void> {
    const file = await this.transcriptions.download({ ownerId: user.id }, id, query.format);
    const baseName = file.fileName.replace(/\.[^.]*$/, '') || 'transcript';
    response
      .status(HttpStatus.OK)
      .setHeader('Content-Type', file.contentType)
      .setHeader('Content-Disposition', contentDisposition(`${baseName}.${file.extension}`))
      .send(Buffer.from(file.body, 'utf8'));
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel a pending or processing transcription' })
  @ApiOkResponse({ type: TranscriptionDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'already completed, failed or cancelled' })
  async cancel(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<TranscriptionDto> {
    return toTranscriptionDto(await this.transcriptions.cancel({ ownerId: user.id }, id));
  }

  @Post(':id/retry')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Queue a failed or cancelled transcription again (while its audio exists)' })
  @ApiOkResponse({ type: TranscriptionDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'not failed/cancelled, or the audio is gone' })
  async retry(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<TranscriptionDto> {
    return toTranscriptionDto(await this.transcriptions.requeue({ ownerId: user.id }, id));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a transcription, its audio and its results' })
  @ApiNoContentResponse({ description: 'deleted' })
  async delete(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.transcriptions.delete({ ownerId: user.id }, id);
  }
}
