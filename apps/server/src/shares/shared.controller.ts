import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DownloadQueryDto, ErrorResponseDto, SegmentDto, SharedTranscriptionDto } from '@app/contracts';
import { contentDisposition } from '../audio/file-name.js';
import { sendAudio } from '../audio/send-audio.js';
import { toChatMessageDto } from '../chat/chat-message.js';
import { sendDocument } from '../transcriptions/send-document.js';
import { SharingService } from './sharing.service.js';

/** What a share link opens, for anyone holding it: no sign-in. */
@ApiTags('sharing')
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'unknown, revoked or expired link' })
@Controller('api/shared/:token')
export class SharedController {
  constructor(private readonly sharing: SharingService) {}

  @Get()
  @ApiOperation({ summary: 'The shared transcription, its summary and its owner’s chat (counts a visit)' })
  @ApiOkResponse({ type: SharedTranscriptionDto })
  async view(@Param('token') token: string): Promise<SharedTranscriptionDto> {
    const { transcription: t, chat } = await this.sharing.view(token);
    return {
      id: t.id,
      file_name: t.fileName,
      text: t.text ?? '',
      summary: t.summary,
      language: t.language,
      duration_seconds: t.durationSeconds,
      created_at: t.createdAt.toISOString(),
      chat_messages: chat.map(toChatMessageDto),
      audio_available: t.filePath !== null,
    };
  }

  @Get('segments')
  @ApiOperation({ summary: 'Its timed segments' })
  @ApiOkResponse({ type: [SegmentDto] })
  async segments(@Param('token') token: string): Promise<SegmentDto[]> {
    return (await this.sharing.transcription(token)).segments ?? [];
  }

  @Get('download')
  @ApiOperation({ summary: 'The transcript as a file: txt, srt, vtt, json or md' })
  @ApiProduces('text/plain', 'application/x-subrip', 'text/vtt', 'application/json', 'text/markdown')
  @ApiOkResponse({ description: 'the file, as an attachment' })
  async download(@Param('token') token: string, @Query() query: DownloadQueryDto, @Res() response: Response): Promise<void> {
    sendDocument(response, await this.sharing.download(token, query.format));
  }

  @Get('download-docx')
  @ApiOperation({ summary: 'The summary as a Word document' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  @ApiOkResponse({ description: 'the .docx file, as an attachment' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'it has no summary' })
  async downloadDocx(@Param('token') token: string, @Res() response: Response): Promise<void> {
    sendDocument(response, await this.sharing.summaryDocx(token));
  }

  @Get('audio')
  @ApiOperation({ summary: 'The audio, streamed with Range support (while it is kept)' })
  @ApiOkResponse({ description: 'the audio bytes (206 for a range)' })
  async audio(@Param('token') token: string, @Res() response: Response): Promise<void> {
    const audio = await this.sharing.audio(token);
    await sendAudio(response, audio.path, audio.contentType, contentDisposition(audio.fileName));
  }
}
