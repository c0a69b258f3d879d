import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  AdminJobDto,
  AdminJobPageDto,
  AdminJobsQueryDto,
  ErrorResponseDto,
  RunnerStatusDto,
  SetActiveDto,
  SetAdminDto,
  StatsDto,
  UserDto,
} from '@app/contracts';
import { UserAuth } from '../auth/user-auth.decorator.js';
import { toRunnerStatusDto } from '../runner-queue/runner-dto.js';
import { RunnerQueueService } from '../runner-queue/runner-queue.service.js';
import { toAdminJobDto } from '../transcriptions/transcription-dto.js';
import { TranscriptionsService } from '../transcriptions/transcriptions.service.js';
import { toUserDto } from '../users/user.js';
import { UserAdministration } from '../users/user-administration.service.js';
import { AdminStatsService } from './admin-stats.service.js';

const ADMIN = { admin: true } as const;

@ApiTags('admin')
@UserAuth({ admin: true })
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'bad id, body or query' })
@Controller('api/admin')
export class AdminController {
  constructor(
    private readonly users: UserAdministration,
    private readonly transcriptions: TranscriptionsService,
    private readonly queue: RunnerQueueService,
    private readonly stats: AdminStatsService,
  ) {}

  @Get('users')
  @ApiOperation({ summary: 'All users' })
  @ApiOkResponse({ type: [UserDto] })
  async listUsers(): Promise<UserDto[]> {
    return (await this.users.list()).map(toUserDto);
  }

  @Put('users/:id/activate')
  @ApiOperation({ summary: 'Activate or deactivate a user' })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'would leave no active admin' })
  async setActive(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: SetActiveDto): Promise<UserDto> {
    return toUserDto(await this.users.setActive(id, body.is_active));
  }

  @Put('users/:id/admin')
  @ApiOperation({ summary: 'Grant or revoke admin' })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'would leave no active admin' })
  async setAdmin(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: SetAdminDto): Promise<UserDto> {
    return toUserDto(await this.users.setAdmin(id, body.is_admin));
  }

  @Delete('users/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a user with their transcriptions and audio (and their Supabase user)' })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'the last active admin' })
  async deleteUser(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.users.delete(id);
  }

  @Get('jobs')
  @ApiOperation({ summary: 'Jobs of all users, newest first' })
  @ApiOkResponse({ type: AdminJobPageDto })
  async listJobs(@Query() query: AdminJobsQueryDto): Promise<AdminJobPageDto> {
    const page = await this.transcriptions.list(
      ADMIN,
      { userId: query.user_id, status: query.status, channelId: query.channel_id },
      query.page,
      query.page_size,
    );
    const view = this.transcriptions.viewOf(ADMIN);
    const items = page.items.map((t) => toAdminJobDto(t, view));
    return { ...page, items, data: items };
  }

  @Post('jobs/:id/requeue')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Put a job back in the queue (attempts reset)' })
  @ApiOkResponse({ type: AdminJobDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'completed, or the audio is gone' })
  async requeue(@Param('id', new ParseUUIDPipe()) id: string): Promise<AdminJobDto> {
    return toAdminJobDto(await this.transcriptions.requeue(ADMIN, id), this.transcriptions.viewOf(ADMIN));
  }

  @Post('jobs/:id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Cancel anyone's pending or processing job (its runner is told to stop)" })
  @ApiOkResponse({ type: AdminJobDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'already completed, failed or cancelled' })
  async cancel(@Param('id', new ParseUUIDPipe()) id: string): Promise<AdminJobDto> {
    return toAdminJobDto(await this.transcriptions.cancel(ADMIN, id), this.transcriptions.viewOf(ADMIN));
  }

  @Get('runners')
  @ApiOperation({ summary: 'Runners as their heartbeats report them' })
  @ApiOkResponse({ type: [RunnerStatusDto] })
  async runners(): Promise<RunnerStatusDto[]> {
    return (await this.queue.runners()).map(toRunnerStatusDto);
  }

  @Get('stats')
  @ApiOperation({
    summary:
      'Counts per status, queue depth, oldest pending age, mean processing time; the last 24 h: completed, failed, real-time factor, jobs per hour',
  })
  @ApiOkResponse({ type: StatsDto })
  getStats(): Promise<StatsDto> {
    return this.stats.stats();
  }
}
