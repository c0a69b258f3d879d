import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  HttpException,
  HttpStatus,
  Injectable,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { Repository } from 'typeorm';
import { TranscriptionStatus } from '@app/contracts';
import { ServerConfig } from '../config/server-config.js';
import { TranscriptionEntity, type UserEntity } from '../database/entities/index.js';
import { AudioStorage, AudioTooLargeError, type StoredAudio } from '../storage/audio-storage.js';
import { AudioSniffer, NotAudioError, type AudioType } from './audio-type.js';
import { cleanFileName } from './file-name.js';
import { receiveMultipart } from './multipart-upload.js';

/** ISO 639-1/-3 code (optionally with a region, e.g. zh-TW), or "auto". */
const LANGUAGE = /^(auto|[a-z]{2,3}(-[A-Za-z]{2,4})?)$/;
/** Room for the multipart boundaries and fields around the file. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/**
 * Receives an upload: streamed to storage (size and sha256 computed on the way, the type decided
 * from the first bytes), then the pending row. The file is renamed into place before the row is
 * written, and removed again if the row cannot be; a crash in between leaves only a file without
 * a row, which the storage sweep removes. So a row never points at a missing or partial file.
 */
@Injectable()
export class UploadService {
  constructor(
    @InjectRepository(TranscriptionEntity) private readonly transcriptions: Repository<TranscriptionEntity>,
    private readonly storage: AudioStorage,
    private readonly config: ServerConfig,
  ) {}

  async upload(user: UserEntity, request: Request, response: Response): Promise<TranscriptionEntity> {
    await this.enforceRateLimit(user, response);
    const declared = Number(request.headers['content-length']);
    if (declared > this.config.maxUploadBytes + MULTIPART_OVERHEAD_BYTES) {
      response.setHeader('Connection', 'close');
      throw this.tooLarge();
    }

    const id = randomUUID();
    let stored: (StoredAudio & { type?: AudioType }) | undefined;
    const { fileName, fields } = await receiveMultipart(request, 'file', async (file) => {
      const sniffer = new AudioSniffer();
      try {
        const result = await this.storage.write(id, file, this.config.maxUploadBytes, sniffer);
        stored = { ...result, type: sniffer.detected };
      } catch (error) {
        file.resume();
        throw this.translate(error);
      }
    }).catch(async (error: unknown) => {
      await this.storage.delete(id); // stored completely but the request failed afterwards
      throw error;
    });

    try {
      if (!stored || stored.size === 0) throw new BadRequestException('the file is empty');
      const language = this.parseLanguage(fields.language);
      const unknownField = Object.keys(fields).find((name) => name !== 'language');
      if (unknownField) throw new BadRequestException(`unknown form field "${unknownField}"`);
      return await this.transcriptions.save(
        this.transcriptions.create({
          id,
          userId: user.id,
          fileName: cleanFileName(fileName),
          filePath: id,
          contentType: stored.type?.mime ?? null,
          fileSize: stored.size,
          audioSha256: stored.sha256,
          language,
          status: TranscriptionStatus.Pending,
        }),
      );
    } catch (error) {
      await this.storage.delete(id);
      throw error;
    }
  }

  private parseLanguage(value: string | undefined): string {
    const language = value?.trim() || 'auto';
    if (!LANGUAGE.test(language)) {
      throw new BadRequestException(`language must be an ISO code such as "en" or "zh", or "auto" (got "${value}")`);
    }
    return language;
  }

  /** Counted in the database, so the limit holds across server replicas and restarts. */
  private async enforceRateLimit(user: UserEntity, response: Response): Promise<void> {
    const limit = this.config.uploadRateLimit;
    if (limit === 0) return;
    const window = this.config.uploadRateWindowSeconds;
    const [row] = (await this.transcriptions.query(
      `SELECT count(*)::int AS uploads,
              extract(epoch FROM min(created_at) + make_interval(secs => $2) - now()) AS retry_after
         FROM (SELECT created_at FROM transcriptions
                WHERE user_id = $1 AND created_at > now() - make_interval(secs => $2)
                ORDER BY created_at DESC LIMIT $3) recent`,
      [user.id, window, limit],
    )) as { uploads: number; retry_after: string | null }[];
    if (row && row.uploads >= limit) {
      const retryAfter = Math.max(1, Math.ceil(Number(row.retry_after ?? window)));
      response.setHeader('Retry-After', String(retryAfter));
      response.setHeader('Connection', 'close');
      throw new HttpException(
        `upload limit reached: ${limit} uploads per ${window} s; try again in ${retryAfter} s`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }

  private translate(error: unknown): unknown {
    if (error instanceof AudioTooLargeError) return this.tooLarge();
    if (error instanceof NotAudioError) return new UnsupportedMediaTypeException(error.message);
    return error;
  }

  private tooLarge(): PayloadTooLargeException {
    return new PayloadTooLargeException(`the file is larger than the ${this.config.maxUploadMb} MB limit`);
  }
}
