import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  Logger,
  Param,
  ParseUUIDPipe,
  Post,
  Res,
} from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ChatHistoryDto, ChatMessageDto, ChatQuestionDto, ErrorResponseDto } from '@app/contracts';
import { CurrentUser, UserAuth } from '../auth/user-auth.decorator.js';
import type { User } from '../users/user.js';
import { toChatMessageDto } from './chat-message.js';
import { ChatService } from './chat.service.js';

const NOT_COMPLETED = 'the transcription is not completed: there is no transcript to ask about yet';
const NO_MODEL = 'no language model is configured (GLM_API_KEY)';

/** One event of the answer stream, as the original web app reads it. */
type StreamEvent = { content: string } | { done: true } | { error: string };

/**
 * Questions about a transcription and the language model's answers: the caller's own
 * conversation, about a completed transcription they can see (their own, or one of their
 * channels').
 */
@ApiTags('chat')
@UserAuth()
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'no such transcription that you may see' })
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'bad id or body' })
@Controller('api/transcriptions')
export class ChatController {
  private readonly logger = new Logger(ChatController.name);

  constructor(private readonly chat: ChatService) {}

  @Get(':id/chat')
  @ApiOperation({ summary: 'Your conversation about a transcription, oldest first' })
  @ApiOkResponse({ type: ChatHistoryDto })
  async history(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<ChatHistoryDto> {
    return { messages: (await this.chat.history(user.id, id)).map(toChatMessageDto) };
  }

  @Post(':id/chat')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Ask a question about a transcription; answers when the whole answer is there' })
  @ApiOkResponse({ type: ChatMessageDto, description: "the model's answer, saved in your conversation with your question" })
  @ApiConflictResponse({ type: ErrorResponseDto, description: NOT_COMPLETED })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: NO_MODEL })
  @ApiBadGatewayResponse({
    type: ErrorResponseDto,
    description: 'the language model failed (your question is saved, without an answer)',
  })
  async ask(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ChatQuestionDto,
  ): Promise<ChatMessageDto> {
    return toChatMessageDto(await this.chat.ask(user.id, id, body.content));
  }

  @Post(':id/chat/stream')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Ask a question about a transcription; the answer comes as server-sent events while it is written',
    description:
      'Events: `data: {"content": "…"}` per piece of the answer, then `data: {"done": true}` once the answer is saved. ' +
      'If the answer breaks off, `data: {"error": "…"}` ends the stream and the partial answer is not saved. ' +
      'Errors before the first event are ordinary JSON error responses.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'the answer, as server-sent events' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: NOT_COMPLETED })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: NO_MODEL })
  @ApiBadGatewayResponse({
    type: ErrorResponseDto,
    description: 'the language model failed before answering (your question is saved)',
  })
  async stream(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ChatQuestionDto,
    @Res() response: Response,
  ): Promise<void> {
    // A caller who leaves stops the model's answer, which is then not saved.
    const gone = new AbortController();
    response.on('close', () => gone.abort());
    const pieces = await this.chat.stream(user.id, id, body.content, gone.signal);
    response.status(HttpStatus.OK);
    response.set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' });
    response.flushHeaders();
    const send = (event: StreamEvent) => response.write(`data: ${JSON.stringify(event)}\n\n`);
    try {
      for await (const content of pieces) send({ content });
      send({ done: true });
    } catch (error) {
      if (!gone.signal.aborted) send({ error: this.describe(error) });
    } finally {
      response.end();
    }
  }

  /** What the caller is told of an error after the stream started (an unexpected one goes to the log). */
  private describe(error: unknown): string {
    if (error instanceof HttpException) return error.message;
    this.logger.error(`the chat stream failed: ${String(error)}`, error instanceof Error ? error.stack : undefined);
    return 'An unexpected error occurred; it has been logged';
  }
}
