import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiQuery,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiKeyScope, type AudioTicketDto, ErrorResponseDto, UploadCreatedDto } from '@app/contracts';
import { RequiresScope } from '../auth/api-key-scope.decorator.js';
import { CurrentUser, UserAuth } from '../auth/user-auth.decorator.js';
import type { User } from '../users/user.js';
import { TranscriptionsService } from '../transcriptions/transcriptions.service.js';
import { toCreatedDto } from '../transcriptions/transcription-dto.js';
import { AudioAccessGuard } from './audio-access.guard.js';
import { AudioTicketResponse } from './audio-ticket.dto.js';
import { AudioTickets } from './audio-tickets.js';
import { contentDisposition } from './file-name.js';
import { sendAudio } from './send-audio.js';
import { UploadService } from './upload.service.js';

@ApiTags('audio')
@Controller('api/audio')
export class AudioController {
  constructor(
    private readonly uploads: UploadService,
    private readonly transcriptions: TranscriptionsService,
    private readonly tickets: AudioTickets,
  ) {}

  @Post('upload')
  @UserAuth()
  @RequiresScope(ApiKeyScope.Transcribe)
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Upload audio (or video); queues a transcription' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'the recording; its type is read from its content' },
        language: { type: 'string', example: 'auto', description: 'ISO code such as "en" or "zh", or "auto"' },
        task: { type: 'string', enum: ['transcribe', 'translate'], default: 'transcribe', description: 'translate: to English' },
        prompt: { type: 'string', maxLength: 1000, description: "whisper's initial prompt: vocabulary, names, style" },
        word_timestamps: { type: 'boolean', default: false, description: 'segments carry `words` with their times' },
        temperature: {
          type: 'number',
          minimum: 0,
          maximum: 1,
          description: "whisper's sampling temperature (blank: its default)",
        },
        vad: {
          type: 'boolean',
          description:
            "skip silence: whisper hears only the speech voice activity detection finds (left out: the runner's VAD_ENABLED)",
        },
        model: {
          type: 'string',
          example: 'large-v3-turbo',
          description: 'the whisper model to run on (a runner WHISPER_MODEL); the job waits until a runner with it is online',
        },
        summary_instruction: { type: 'string', maxLength: 2000, description: 'what the first summary should follow' },
        summary_template_id: {
          type: 'string',
          format: 'uuid',
          description: 'a summary template whose instruction the first summary follows (not with summary_instruction)',
        },
        callback_url: {
          type: 'string',
          example: 'https://example.com/hooks/transcriptions',
          description: "where to POST this upload's completed, failed or cancelled event too, signed with callback_secret",
        },
      },
    },
  })
  @ApiCreatedResponse({ type: UploadCreatedDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description:
      'no file, empty file, bad language, task, prompt, word_timestamps, temperature, vad, model, summary options or callback_url',
  })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'larger than MAX_UPLOAD_MB' })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorResponseDto, description: 'not audio or video' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'upload rate limit; see Retry-After' })
  async upload(
    @CurrentUser() user: User,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UploadCreatedDto> {
    const { transcription, callbackSecret } = await this.uploads.upload(user, request, response);
    return { ...toCreatedDto(transcription), ...(callbackSecret === null ? {} : { callback_secret: callbackSecret }) };
  }

  @Get(':id')
  @UseGuards(AudioAccessGuard)
  @ApiBearerAuth('user')
  @ApiOperation({
    summary: 'The original audio, streamed, with Range support',
    description: 'Authenticate with Authorization, or with ?ticket= from POST /api/audio/{id}/ticket (for an <audio> element).',
  })
  @ApiQuery({ name: 'ticket', required: false, description: 'a ticket to this recording, instead of Authorization' })
  @ApiOkResponse({ description: 'the audio bytes (206 for a range)' })
  @ApiUnauthorizedResponse({
    type: ErrorResponseDto,
    description: 'no token or ticket; a bad token; an unknown or expired ticket, or one for another recording',
  })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'account not active' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'no such transcription you may see, or its audio was deleted' })
  async download(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() response: Response,
  ): Promise<void> {
    const audio = await this.transcriptions.audio({ viewerId: user.id }, id);
    await sendAudio(response, audio.path, audio.contentType, contentDisposition(audio.fileName));
  }

  @Post(':id/ticket')
  @UserAuth()
  @RequiresScope(ApiKeyScope.Read)
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'A URL that plays this audio for one hour without Authorization (for an <audio> element)' })
  @ApiCreatedResponse({ type: AudioTicketResponse })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'no such transcription you may see, or its audio was deleted' })
  async ticket(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<AudioTicketDto> {
    const { ticket, expiresAt } = await this.tickets.issue(user, id);
    return { url: `/api/audio/${id}?ticket=${ticket}`, expires_at: expiresAt.toISOString() };
  }
}
