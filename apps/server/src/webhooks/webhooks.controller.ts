import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
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
  CreateWebhookDto,
  ErrorResponseDto,
  UpdateWebhookDto,
  WebhookDeliveryDto,
  WebhookDeliveryPageDto,
  WebhookDeliveryQueryDto,
  WebhookDto,
  WebhookWithSecretDto,
} from '@app/contracts';
import { CurrentUser, UserAuth } from '../auth/user-auth.decorator.js';
import type { User } from '../users/user.js';
import { MAX_WEBHOOKS_PER_USER, WebhookService } from './webhook.service.js';
import { toWebhookDeliveryDto, toWebhookDto } from './webhook.js';

/** The caller's webhooks and the deliveries of their events; anyone else's answer 404. */
@ApiTags('webhooks')
@UserAuth()
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'bad id, body or query, or a URL that may not be called' })
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'no such webhook (or delivery) of yours' })
@Controller('api/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhookService) {}

  // The delivery routes come before ':id', which would take "deliveries" for an id.
  @Get('deliveries')
  @ApiOperation({
    summary: 'Deliveries of your events, newest first',
    description: "Those to your webhooks and to your uploads' callback_url, with their status, attempts and last error.",
  })
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  async deliveries(@CurrentUser() user: User, @Query() query: WebhookDeliveryQueryDto): Promise<WebhookDeliveryPageDto> {
    const filter = { transcriptionId: query.transcription_id, webhookId: query.webhook_id };
    const page = await this.webhooks.deliveries(user, filter, query.page, query.page_size);
    const items = page.items.map(toWebhookDeliveryDto);
    return { ...page, items, data: items };
  }

  @Post('deliveries/:id/retry')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Send a delivery again now',
    description: 'Pending, failed or delivered: it is due at once, with a fresh retry window (receivers dedupe on its id).',
  })
  @ApiOkResponse({ type: WebhookDeliveryDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'it is being sent right now' })
  async retry(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<WebhookDeliveryDto> {
    return toWebhookDeliveryDto(await this.webhooks.retryDelivery(user, id));
  }

  @Post()
  @ApiOperation({
    summary: 'Register a webhook',
    description:
      'Every completed, failed or cancelled transcription of yours is POSTed to it, signed with its secret, which is shown only ' +
      `in this answer. At most ${MAX_WEBHOOKS_PER_USER} per user.`,
  })
  @ApiCreatedResponse({ type: WebhookWithSecretDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: `you already have ${MAX_WEBHOOKS_PER_USER}` })
  async create(@CurrentUser() user: User, @Body() body: CreateWebhookDto): Promise<WebhookWithSecretDto> {
    const { webhook, secret } = await this.webhooks.create(user, body.url, body.description ?? null);
    return { ...toWebhookDto(webhook), secret };
  }

  @Get()
  @ApiOperation({ summary: 'Your webhooks, oldest first (without their secrets)' })
  @ApiOkResponse({ type: [WebhookDto] })
  async list(@CurrentUser() user: User): Promise<WebhookDto[]> {
    return (await this.webhooks.list(user)).map(toWebhookDto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of your webhooks (without its secret)' })
  @ApiOkResponse({ type: WebhookDto })
  async get(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<WebhookDto> {
    return toWebhookDto(await this.webhooks.get(user, id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change its URL, description, or whether it is enabled' })
  @ApiOkResponse({ type: WebhookDto })
  async update(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateWebhookDto,
  ): Promise<WebhookDto> {
    return toWebhookDto(await this.webhooks.update(user, id, body));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a webhook, with its deliveries (pending ones are not sent)' })
  @ApiNoContentResponse({ description: 'deleted' })
  async delete(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.webhooks.delete(user, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Give a webhook a new secret, shown only in this answer',
    description: 'Deliveries are signed with the new secret from now on, retries of earlier events included.',
  })
  @ApiOkResponse({ type: WebhookWithSecretDto })
  async rotateSecret(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<WebhookWithSecretDto> {
    const { webhook, secret } = await this.webhooks.rotateSecret(user, id);
    return { ...toWebhookDto(webhook), secret };
  }
}
