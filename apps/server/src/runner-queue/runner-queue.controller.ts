import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Res, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import {
  COMPLETION_LIMITS,
  ClaimedJobDto,
  ClaimJobsDto,
  CompleteJobDto,
  ErrorResponseDto,
  FailJobDto,
  HeartbeatDto,
  HeartbeatResponseDto,
  JobResultDto,
  ProgressDto,
  ProgressResponseDto,
  RunnerAudioDto,
  RunnerModelsDto,
  RunnerJobDto,
  RunnerJobListQueryDto,
  StartedJobDto,
} from '@app/contracts';
import { sendAudio } from '../audio/send-audio.js';
import { JsonBodyGuard, JsonBodyLimit } from '../common/json-body.js';
import { ServerMetrics } from '../metrics/server-metrics.js';
import { CompletionBody, CompletionPipe } from './completion.pipe.js';
import { toClaimedJobDto, toRunnerJobDto } from './runner-dto.js';
import { RunnerKeyGuard } from './runner-key.guard.js';
import { RunnerQueueService } from './runner-queue.service.js';

const STALE_LEASE = { type: ErrorResponseDto, description: 'stale lease: expired, reassigned or cancelled; nothing changed' };

@ApiTags('runner')
@ApiBearerAuth('runner')
@UseGuards(RunnerKeyGuard, JsonBodyGuard)
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'missing or wrong runner key' })
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'bad id or body' })
@Controller('api/runner')
export class RunnerQueueController {
  constructor(
    private readonly queue: RunnerQueueService,
    private readonly metrics: ServerMetrics,
  ) {}

  @Get('jobs')
  @ApiOperation({ summary: 'List jobs by status, oldest first (claims nothing: use claim)' })
  @ApiOkResponse({ type: [RunnerJobDto] })
  async list(@Query() query: RunnerJobListQueryDto): Promise<RunnerJobDto[]> {
    return (await this.queue.list(query.status, query.limit)).map(toRunnerJobDto);
  }

  @Post('jobs/claim')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Claim up to `limit` pending jobs, each to exactly one runner, under a lease',
    description:
      'With `wait_seconds` and nothing pending, the answer waits for the first job to arrive (or [] when the time is up).',
  })
  @ApiOkResponse({ type: [ClaimedJobDto] })
  async claim(@Body() body: ClaimJobsDto, @Res({ passthrough: true }) response: Response): Promise<ClaimedJobDto[]> {
    const gone = new AbortController();
    const leave = () => gone.abort();
    response.on('close', leave); // before the answer is sent: the runner disconnected
    try {
      const jobs = await this.queue.claimWaiting(body.runner_id, body.limit, body.wait_seconds, gone.signal, body.models);
      this.metrics.jobsClaimed(jobs.length);
      return jobs.map(toClaimedJobDto);
    } finally {
      response.off('close', leave);
    }
  }

  @Post('jobs/:id/start')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Claim this one job (for runners that list, then start); of racing runners exactly one wins' })
  @ApiOkResponse({ type: StartedJobDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'not pending, or it names a model not in `models`' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async start(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: RunnerModelsDto): Promise<StartedJobDto> {
    const job = await this.queue.start(id, body.runner_id, body.models);
    this.metrics.jobsClaimed(1);
    return { status: 'started', ...toClaimedJobDto(job) };
  }

  @Get('audio/:id')
  @ApiOperation({ summary: 'Where and what to download for a job' })
  @ApiOkResponse({ type: RunnerAudioDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'no such job, or its audio is deleted' })
  async audio(@Param('id', new ParseUUIDPipe()) id: string): Promise<RunnerAudioDto> {
    const audio = await this.queue.audioInfo(id);
    return { file_size: audio.fileSize, content_type: audio.contentType, sha256: audio.sha256, download_url: audio.downloadUrl };
  }

  @Get('audio/:id/download')
  @ApiOperation({ summary: 'The audio bytes, streamed, with Range support (206) to resume' })
  @ApiOkResponse({ description: 'the audio' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async download(@Param('id', new ParseUUIDPipe()) id: string, @Res() response: Response): Promise<void> {
    const audio = await this.queue.audioInfo(id);
    await sendAudio(response, audio.path, audio.contentType);
  }

  @Post('jobs/:id/progress')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Report progress; renews the lease; tells whether the job was cancelled' })
  @ApiOkResponse({ type: ProgressResponseDto })
  @ApiConflictResponse(STALE_LEASE)
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'the job was deleted' })
  progress(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: ProgressDto): Promise<ProgressResponseDto> {
    return this.queue.progress(id, body);
  }

  @Post('jobs/:id/complete')
  @HttpCode(HttpStatus.OK)
  @JsonBodyLimit(COMPLETION_LIMITS.bodyBytes)
  @ApiOperation({ summary: 'Store the result and delete the audio; repeating it is harmless' })
  @ApiBody({ type: CompleteJobDto })
  @ApiOkResponse({ type: JobResultDto })
  @ApiConflictResponse(STALE_LEASE)
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'the job was deleted' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'over the documented completion limits' })
  complete(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CompletionBody(CompletionPipe) body: CompleteJobDto,
  ): Promise<JobResultDto> {
    return this.queue.complete(id, body);
  }

  @Post('jobs/:id/fail')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Give up on a job: retried while attempts are left (retryable), else failed' })
  @ApiOkResponse({ type: JobResultDto })
  @ApiConflictResponse(STALE_LEASE)
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'the job was deleted' })
  fail(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: FailJobDto): Promise<JobResultDto> {
    return this.queue.fail(id, body);
  }

  @Post('heartbeat')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Record the runner, renew its leases, learn which of its jobs to stop' })
  @ApiOkResponse({ type: HeartbeatResponseDto })
  heartbeat(@Body() body: HeartbeatDto): Promise<HeartbeatResponseDto> {
    return this.queue.heartbeat(body);
  }
}
