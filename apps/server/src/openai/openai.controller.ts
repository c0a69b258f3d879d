import { Controller, Get, HttpCode, HttpStatus, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiBody, type ApiBodyOptions, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiKeyScope } from '@app/contracts';
import { RequiresScope } from '../auth/api-key-scope.decorator.js';
import { CurrentUser, UserAuth } from '../auth/user-auth.decorator.js';
import type { User } from '../users/user.js';
import { OpenAiExceptionFilter } from './openai-exception.filter.js';
import { OPENAI_RESPONSE_FORMATS } from './openai-formats.js';
import { DEFAULT_MODEL, OpenAiService } from './openai.service.js';

/** When the server started: the `created` of its models. */
const STARTED = Math.floor(Date.now() / 1000);

const form = (translate: boolean): ApiBodyOptions => ({
  schema: {
    type: 'object',
    required: ['file', 'model'],
    properties: {
      file: { type: 'string', format: 'binary' },
      model: {
        type: 'string',
        example: DEFAULT_MODEL,
        description: `"${DEFAULT_MODEL}": any runner; or a model an online runner has (GET /v1/models)`,
      },
      ...(translate ? {} : { language: { type: 'string', example: 'en' } }),
      prompt: { type: 'string', maxLength: 1000 },
      response_format: { type: 'string', enum: [...OPENAI_RESPONSE_FORMATS], default: 'json' },
      temperature: { type: 'number', minimum: 0, maximum: 1, description: "whisper's sampling temperature (blank: its default)" },
      ...(translate
        ? {}
        : { 'timestamp_granularities[]': { type: 'array', items: { type: 'string', enum: ['segment', 'word'] } } }),
    },
  },
});

/** OpenAI's audio API (a drop-in for its clients); errors in OpenAI's shape. */
@ApiTags('openai')
@Controller('v1')
@UseFilters(OpenAiExceptionFilter)
export class OpenAiController {
  constructor(private readonly openai: OpenAiService) {}

  @Post('audio/transcriptions')
  @UserAuth()
  @RequiresScope(ApiKeyScope.Transcribe)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "OpenAI's transcription API: queues the upload and answers when the job is done" })
  @ApiConsumes('multipart/form-data')
  @ApiBody(form(false))
  @ApiOkResponse({ description: 'the transcript in the response_format asked for' })
  async transcriptions(@CurrentUser() user: User, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.run(user, 'transcribe', request, response);
  }

  @Post('audio/translations')
  @UserAuth()
  @RequiresScope(ApiKeyScope.Transcribe)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "OpenAI's translation API: the speech translated to English" })
  @ApiConsumes('multipart/form-data')
  @ApiBody(form(true))
  @ApiOkResponse({ description: 'the English text in the response_format asked for' })
  async translations(@CurrentUser() user: User, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.run(user, 'translate', request, response);
  }

  @Get('models')
  @UserAuth()
  @ApiOperation({ summary: 'The models the /v1 routes take: whisper-1 and those the online runners have' })
  @ApiOkResponse({ description: '{object: "list", data: [{id, object, created, owned_by}]}' })
  async models(): Promise<object> {
    const models = await this.openai.models();
    return {
      object: 'list',
      data: models.map((id) => ({ id, object: 'model', created: STARTED, owned_by: 'whisper-summarizer' })),
    };
  }

  private async run(user: User, task: 'transcribe' | 'translate', request: Request, response: Response): Promise<void> {
    const answer = await this.openai.transcribe(user, task, request, response);
    if (!answer) return; // the client is gone
    response.status(HttpStatus.OK).type(answer.contentType);
    if (typeof answer.body === 'string') response.send(answer.body);
    else response.json(answer.body);
  }
}
