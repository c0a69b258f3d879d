import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
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
  AdminApiKeyDto,
  ApiKeyDto,
  CreateApiKeyDto,
  CreatedApiKeyDto,
  ErrorResponseDto,
  MAX_API_KEYS_PER_USER,
} from '@app/contracts';
import { SessionOnly } from '../auth/api-key-scope.decorator.js';
import { CurrentUser, UserAuth } from '../auth/user-auth.decorator.js';
import type { User } from '../users/user.js';
import { ApiKeysService } from './api-keys.service.js';
import { toAdminApiKeyDto, toApiKeyDto } from './api-key.js';

/** The caller's own API keys; managed with a session token only, never with a key. */
@ApiTags('api-keys')
@UserAuth()
@SessionOnly()
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'bad id or body' })
@Controller('api/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @ApiOperation({
    summary: 'Create an API key',
    description: `The key is shown only in this answer. At most ${MAX_API_KEYS_PER_USER} live keys per user; admin scope for admins only.`,
  })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: `you already have ${MAX_API_KEYS_PER_USER} live keys` })
  async create(@CurrentUser() user: User, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const { apiKey, key } = await this.apiKeys.create(user, body.name, body.scope, body.expires_in_days);
    const { id, name, scope, prefix, expires_at, created_at } = toApiKeyDto(apiKey);
    return { id, name, scope, prefix, key, expires_at, created_at };
  }

  @Get()
  @ApiOperation({ summary: 'Your API keys, newest first (never the keys themselves)' })
  @ApiOkResponse({ type: [ApiKeyDto] })
  async list(@CurrentUser() user: User): Promise<ApiKeyDto[]> {
    return (await this.apiKeys.list(user)).map(toApiKeyDto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke one of your keys (again: 204); refused everywhere within a second' })
  @ApiNoContentResponse({ description: 'revoked' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'no such key of yours' })
  async revoke(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.apiKeys.revoke(user, id);
  }
}

/** Everyone's API keys, for administrators. */
@ApiTags('admin')
@UserAuth({ admin: true })
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'bad id' })
@Controller('api/admin/api-keys')
export class AdminApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  @ApiOperation({ summary: "All users' API keys, newest first, with their user's e-mail address" })
  @ApiOkResponse({ type: [AdminApiKeyDto] })
  async list(): Promise<AdminApiKeyDto[]> {
    return (await this.apiKeys.listAll()).map(toAdminApiKeyDto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: "Revoke anyone's key (again: 204)" })
  @ApiNoContentResponse({ description: 'revoked' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'no such key' })
  async revoke(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.apiKeys.revokeAny(id);
  }
}
