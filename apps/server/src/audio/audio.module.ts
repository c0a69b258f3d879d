import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TranscriptionEntity } from '../database/entities/index.js';
import { TranscriptionsModule } from '../transcriptions/transcriptions.module.js';
import { AudioController } from './audio.controller.js';
import { UploadAttemptRepository } from './upload-attempts.repository.js';
import { UploadService } from './upload.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([TranscriptionEntity]), TranscriptionsModule],
  controllers: [AudioController],
  providers: [UploadService, UploadAttemptRepository],
})
export class AudioModule {}
