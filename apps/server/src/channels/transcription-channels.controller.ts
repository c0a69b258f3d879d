import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AssignChannelsDto, ChannelAssignmentDto, ChannelBriefDto, ErrorResponseDto } from '@app/contracts';
import { CurrentUser, UserAuth } from '../auth/user-auth.decorator.js';
import type { User } from '../users/user.js';
import { toAssignmentDto } from './channel.js';
import { ChannelsService } from './channels.service.js';

const ADMIN = { admin: true } as const;

/**
 * The channels of a transcription: its owner, the members of its channels and administrators see
 * them; its owner (into channels they are in) and administrators (into any) change them.
 */
@ApiTags('channels')
@UserAuth()
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'no such transcription that you may see' })
@Controller('api/transcriptions')
export class TranscriptionChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Get(':id/channels')
  @ApiOperation({ summary: 'The channels a transcription is shared with' })
  @ApiOkResponse({ type: [ChannelBriefDto] })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'bad id' })
  channelsOf(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<ChannelBriefDto[]> {
    return this.channels.channelsOf(user.isAdmin ? ADMIN : { viewerId: user.id }, id);
  }

  @Post(':id/channels')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Share a transcription with exactly these channels (an empty list: with none)',
    description: 'Its owner may name only channels they are a member of; an administrator, any. On a refusal nothing changes.',
  })
  @ApiOkResponse({ type: ChannelAssignmentDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'bad id or body, or a channel that does not exist' })
  @ApiForbiddenResponse({
    type: ErrorResponseDto,
    description: 'shared with you through a channel (read-only), a channel you are not in, or account not active',
  })
  async assign(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AssignChannelsDto,
  ): Promise<ChannelAssignmentDto> {
    const scope = user.isAdmin ? ADMIN : { ownerId: user.id };
    return toAssignmentDto(await this.channels.assign(scope, user, id, body.channel_ids));
  }
}
