import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AdminAudioPageDto,
  AdminAudioQueryDto,
  AssignChannelsDto,
  ChannelAssignmentDto,
  ChannelBriefDto,
  ErrorResponseDto,
} from '@app/contracts';
import { CurrentUser, UserAuth } from '../auth/user-auth.decorator.js';
import type { User } from '../users/user.js';
import { toAdminAudioDto, toAssignmentDto } from './channel.js';
import { ChannelsService } from './channels.service.js';

const ADMIN = { admin: true } as const;

/** Every user's transcriptions and their channels, as the admin "audio management" tab shows and changes them. */
@ApiTags('channels')
@UserAuth({ admin: true })
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'bad id, body or query' })
@Controller('api/admin/audio')
export class AdminAudioController {
  constructor(private readonly channels: ChannelsService) {}

  @Get()
  @ApiOperation({ summary: "Every user's transcriptions, newest first, with their owners and channels" })
  @ApiOkResponse({ type: AdminAudioPageDto })
  async list(@Query() query: AdminAudioQueryDto): Promise<AdminAudioPageDto> {
    const page = await this.channels.audio(query.page, query.page_size);
    const items = page.items.map(toAdminAudioDto);
    return { ...page, items, data: items };
  }

  @Get(':id/channels')
  @ApiOperation({ summary: 'The channels a transcription is shared with' })
  @ApiOkResponse({ type: [ChannelBriefDto] })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  channelsOf(@Param('id', new ParseUUIDPipe()) id: string): Promise<ChannelBriefDto[]> {
    return this.channels.channelsOf(ADMIN, id);
  }

  @Post(':id/channels')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Share a transcription with exactly these channels (an empty list: with none)' })
  @ApiOkResponse({ type: ChannelAssignmentDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async assign(
    @CurrentUser() admin: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AssignChannelsDto,
  ): Promise<ChannelAssignmentDto> {
    return toAssignmentDto(await this.channels.assign(ADMIN, admin, id, body.channel_ids));
  }
}
