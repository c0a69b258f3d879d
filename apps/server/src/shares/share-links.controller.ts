import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CreatedShareLinkDto, CreateShareLinkDto, ErrorResponseDto, ShareLinkDto } from '@app/contracts';
import { CurrentUser, UserAuth } from '../auth/user-auth.decorator.js';
import type { User } from '../users/user.js';
import { toShareLinkDto } from './share-link.js';
import { SharingService } from './sharing.service.js';

@ApiTags('sharing')
@UserAuth()
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'no such transcription of yours (or no such link)' })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'shared with you through a channel: only its owner shares it' })
@Controller('api/transcriptions/:id')
export class ShareLinksController {
  constructor(private readonly sharing: SharingService) {}

  @Post('share')
  @ApiOperation({
    summary: 'Make a public link to your transcription',
    description:
      'Every call makes a new link (only a hash of its token is stored, so an earlier token cannot be shown again). ' +
      'While a live link exists the audio is kept, so share before the job completes, or set AUDIO_RETENTION_HOURS, ' +
      'for the audio to be playable on the shared page.',
  })
  @ApiCreatedResponse({ type: CreatedShareLinkDto })
  async create(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CreateShareLinkDto,
  ): Promise<CreatedShareLinkDto> {
    const { link, token } = await this.sharing.create(user, id, body.expires_in_days ?? null);
    return { ...toShareLinkDto(link), share_token: token, share_url: `/shared/${token}` };
  }

  @Get('shares')
  @ApiOperation({ summary: "Your transcription's links, newest first (tokens are not shown again)" })
  @ApiOkResponse({ type: [ShareLinkDto] })
  async list(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<ShareLinkDto[]> {
    return (await this.sharing.list(user, id)).map(toShareLinkDto);
  }

  @Delete('shares/:linkId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke a link: it answers 404 from now on' })
  @ApiNoContentResponse({ description: 'revoked (also when it already was)' })
  async revoke(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('linkId', new ParseUUIDPipe()) linkId: string,
  ): Promise<void> {
    await this.sharing.revoke(user, id, linkId);
  }
}
