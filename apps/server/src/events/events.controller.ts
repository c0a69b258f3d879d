import { Controller, ForbiddenException, Get, Headers, HttpCode, HttpStatus, Post, Query, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiKeyScope, ErrorResponseDto, EventStreamQueryDto, EventTicketDto } from '@app/contracts';
import { CurrentApiKeyScope, CurrentUser, UserAuth } from '../auth/user-auth.decorator.js';
import type { User } from '../users/user.js';
import { EventStreamAuthGuard } from './event-stream-auth.guard.js';
import { EventStreams } from './event-streams.js';
import { EventTickets } from './event-tickets.js';

const LAST_EVENT_ID = /^\d{1,18}$/;

@ApiTags('events')
@Controller('api/events')
export class EventsController {
  constructor(
    private readonly streams: EventStreams,
    private readonly tickets: EventTickets,
  ) {}

  @Get()
  @UseGuards(EventStreamAuthGuard)
  @ApiBearerAuth('user')
  @ApiOperation({
    summary: 'Live changes of your jobs (admins: scope=all for everyone’s and the runners), as server-sent events',
    description:
      'Open it with fetch and the Authorization header, or with EventSource and ?ticket= (POST /api/events/ticket). ' +
      '`event: ready` first; then `event: transcription` (and `event: runner`) with ids; `: ping` comments every 15 s. ' +
      'Reconnecting with Last-Event-ID replays what was missed (kept 15 minutes), else `event: resync`: reload.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'the stream' })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'no token or ticket, or a used or expired ticket' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'inactive account, or scope=all without being an admin' })
  async stream(
    @CurrentUser() user: User,
    @CurrentApiKeyScope() keyScope: ApiKeyScope | undefined,
    @Query() query: EventStreamQueryDto,
    @Headers('last-event-id') lastEventHeader: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    if (query.scope === 'all' && !user.isAdmin) throw new ForbiddenException('scope=all is for administrators');
    if (query.scope === 'all' && keyScope !== undefined && keyScope !== ApiKeyScope.Admin) {
      throw new ForbiddenException('scope=all with an API key needs a key with the admin scope, or a session token');
    }
    const header = lastEventHeader !== undefined && LAST_EVENT_ID.test(lastEventHeader) ? Number(lastEventHeader) : undefined;
    await this.streams.stream(response, { userId: user.id, everyone: query.scope === 'all' }, header ?? query.last_event_id);
  }

  @Post('ticket')
  @HttpCode(HttpStatus.CREATED)
  @UserAuth()
  @ApiOperation({ summary: 'A single-use ticket (valid 60 s) to open the event stream with EventSource' })
  @ApiCreatedResponse({ type: EventTicketDto })
  async ticket(@CurrentUser() user: User): Promise<EventTicketDto> {
    const { ticket, expiresAt } = await this.tickets.issue(user);
    return { ticket, expires_at: expiresAt.toISOString(), url: `/api/events?ticket=${ticket}` };
  }
}
