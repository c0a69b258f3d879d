import { Body, Controller, Delete, Get, HttpStatus, Param, ParseUUIDPipe, Post, Put, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import {
  AddChannelMemberDto,
  ChannelDetailDto,
  ChannelDto,
  ChannelMemberDto,
  ChannelMessageDto,
  CreateChannelDto,
  ErrorResponseDto,
  UpdateChannelDto,
} from '@app/contracts';
import { CurrentUser, UserAuth } from '../auth/user-auth.decorator.js';
import { toUserDto, type User } from '../users/user.js';
import { toChannelDto, toMembershipDto } from './channel.js';
import { ChannelsService } from './channels.service.js';

const DUPLICATE_NAME = 'another channel has this name (whatever its case)';

/** Channels and their members, as administrators manage them. */
@ApiTags('channels')
@UserAuth({ admin: true })
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'bad id or body' })
@Controller('api/admin/channels')
export class AdminChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Get()
  @ApiOperation({ summary: 'All channels, by name, with how many members each has' })
  @ApiOkResponse({ type: [ChannelDto] })
  async list(): Promise<ChannelDto[]> {
    return (await this.channels.list()).map(toChannelDto);
  }

  @Post()
  @ApiOperation({ summary: 'Make a channel' })
  @ApiCreatedResponse({ type: ChannelDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: DUPLICATE_NAME })
  async create(@CurrentUser() admin: User, @Body() body: CreateChannelDto): Promise<ChannelDto> {
    return toChannelDto(await this.channels.create(admin, body.name, body.description ?? null));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One channel with its members' })
  @ApiOkResponse({ type: ChannelDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async detail(@Param('id', new ParseUUIDPipe()) id: string): Promise<ChannelDetailDto> {
    const { channel, members } = await this.channels.detail(id);
    return { ...toChannelDto(channel), members: members.map(toUserDto) };
  }

  @Put(':id')
  @ApiOperation({ summary: 'Rename a channel or change its description' })
  @ApiOkResponse({ type: ChannelDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: DUPLICATE_NAME })
  async update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateChannelDto): Promise<ChannelDto> {
    return toChannelDto(await this.channels.update(id, body));
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a channel: its members lose sight of its transcriptions (which stay with their owners)' })
  @ApiOkResponse({ type: ChannelMessageDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async delete(@Param('id', new ParseUUIDPipe()) id: string): Promise<ChannelMessageDto> {
    await this.channels.delete(id);
    return { message: 'Channel deleted' };
  }

  @Post(':id/members')
  @ApiOperation({ summary: 'Add a user to a channel (adding a member again changes nothing)' })
  @ApiCreatedResponse({ type: ChannelMemberDto, description: 'added' })
  @ApiOkResponse({ type: ChannelMemberDto, description: 'already a member: the membership as it was' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'no such channel or user' })
  async addMember(
    @CurrentUser() admin: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AddChannelMemberDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ChannelMemberDto> {
    const { membership, added } = await this.channels.addMember(id, body.user_id, admin);
    if (!added) response.status(HttpStatus.OK);
    return toMembershipDto(membership);
  }

  @Delete(':id/members/:userId')
  @ApiOperation({ summary: 'Remove a user from a channel: they lose sight of its transcriptions at once' })
  @ApiOkResponse({ type: ChannelMessageDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'not a member of this channel' })
  async removeMember(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('userId', new ParseUUIDPipe()) userId: string,
  ): Promise<ChannelMessageDto> {
    await this.channels.removeMember(id, userId);
    return { message: 'User removed from channel' };
  }
}
