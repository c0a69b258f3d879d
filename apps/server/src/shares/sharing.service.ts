import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { DownloadFormat } from '@app/contracts';
import { ChatService } from '../chat/chat.service.js';
import { newSecretToken, SECRET_TOKEN_SHAPE, secretTokenHash } from '../common/secret-tokens.js';
import type { ChatMessage } from '../chat/chat-message.js';
import type { DownloadableFile } from '../transcriptions/send-document.js';
import type { Transcription } from '../transcriptions/transcription.js';
import { TranscriptionsService } from '../transcriptions/transcriptions.service.js';
import type { User } from '../users/user.js';
import type { ShareLink } from './share-link.js';
import { ShareLinkRepository } from './share-link.repository.js';

const ADMIN = { admin: true } as const;
const NOT_SHARED = 'this share link does not exist, was revoked or has expired';

/**
 * Public read-only links. The owner makes and revokes them; anyone holding a live one reads the
 * transcript, summary, segments, the owner's chat and the audio, without signing in. Only a hash
 * of each token is stored. While a live link exists, the transcription's audio is kept (see
 * TranscriptionRepository.completeAll and the retention sweep).
 */
@Injectable()
export class SharingService {
  private readonly logger = new Logger(SharingService.name);

  constructor(
    private readonly links: ShareLinkRepository,
    private readonly transcriptions: TranscriptionsService,
    private readonly chat: ChatService,
  ) {}

  /** A new link; the token is returned this once. */
  async create(owner: User, transcriptionId: string, expiresInDays: number | null): Promise<{ link: ShareLink; token: string }> {
    await this.transcriptions.owned({ ownerId: owner.id }, transcriptionId);
    const token = newSecretToken();
    const link = await this.links.insert(transcriptionId, secretTokenHash(token), owner.id, expiresInDays);
    this.logger.log(`share link ${link.id} of transcription ${transcriptionId} created by its owner`);
    return { link, token };
  }

  async list(owner: User, transcriptionId: string): Promise<ShareLink[]> {
    await this.transcriptions.owned({ ownerId: owner.id }, transcriptionId);
    return this.links.listFor(transcriptionId);
  }

  async revoke(owner: User, transcriptionId: string, linkId: string): Promise<void> {
    await this.transcriptions.owned({ ownerId: owner.id }, transcriptionId);
    const link = await this.links.revoke(transcriptionId, linkId);
    if (!link) throw new NotFoundException('this transcription has no such share link');
    this.logger.log(`share link ${linkId} of transcription ${transcriptionId} revoked by its owner`);
  }

  /** The shared transcription with the owner's conversation; counts a visit. */
  async view(token: string): Promise<{ transcription: Transcription; chat: ChatMessage[] }> {
    const transcription = await this.open(token, true);
    return { transcription, chat: await this.chat.ownerConversation(transcription) };
  }

  /** The shared transcription (for its segments, files and audio; not counted as a visit). */
  transcription(token: string): Promise<Transcription> {
    return this.open(token, false);
  }

  async download(token: string, format: DownloadFormat): Promise<DownloadableFile> {
    return this.transcriptions.download(ADMIN, (await this.open(token, false)).id, format);
  }

  async summaryDocx(token: string): Promise<DownloadableFile> {
    return this.transcriptions.summaryDocx(ADMIN, (await this.open(token, false)).id);
  }

  async audio(token: string): Promise<{ path: string; contentType: string | null; fileName: string }> {
    return this.transcriptions.audio(ADMIN, (await this.open(token, false)).id);
  }

  /** Unknown, malformed, revoked and expired tokens all answer the same 404. */
  private async open(token: string, visit: boolean): Promise<Transcription> {
    const link = SECRET_TOKEN_SHAPE.test(token) ? await this.links.findLive(secretTokenHash(token), visit) : undefined;
    if (!link) throw new NotFoundException(NOT_SHARED);
    return this.transcriptions.completed(ADMIN, link.transcriptionId);
  }
}
