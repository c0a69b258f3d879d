import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ErrorResponseDto, UploadCreatedDto } from '@app/contracts';
import { CurrentUser, UserAuth } from '../auth/user-auth.decorator.js';
import type { User } from '../users/user.js';
import { TranscriptionsService } from '../transcriptions/transcriptions.service.js';
import { toCreatedDto } from '../transcriptions/transcription-dto.js';
import { contentDisposition } from './file-name.js';
import { sendAudio } from './send-audio.js';
import { UploadService } from './upload.service.js';

@ApiTags('audio')
@UserAuth()
@Controller('api/audio')
export class AudioController {
  constructor(
    private readonly uploads: UploadService,
    private readonly transcriptions: TranscriptionsService,
  ) {}

  @Post('upload')
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
        callback_url: {
          type: 'string',
          example: 'https://example.com/hooks/transcriptions',
          description: "where to POST this upload's completed, failed or cancelled event too, signed with callback_secret",
        },
      },
    },
  })
  @ApiCreatedResponse({ type: UploadCreatedDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'no file, empty file, bad language or callback_url' })
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
  @ApiOperation({ summary: 'The original audio, streamed, with Range support' })
  @ApiOkResponse({ description: 'the audio bytes (206 for a range)' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'no such transcription you may see, or its audio was deleted' })
  async download(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() response: Response,
  ): Promise<void> {
    const audio = await this.transcriptions.audio({ viewerId: user.id }, id);
    await sendAudio(response, audio.path, audio.contentType, contentDisposition(audio.fileName));
  }
}
