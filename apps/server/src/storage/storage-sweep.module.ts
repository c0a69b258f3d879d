import { Module } from '@nestjs/common';
import { TranscriptionsModule } from '../transcriptions/transcriptions.module.js';
import { StorageSweeper } from './storage-sweeper.js';

/** The storage sweep, apart from AudioStorage: it reconciles files with the transcriptions' rows. */
@Module({ imports: [TranscriptionsModule], providers: [StorageSweeper] })
export class StorageSweepModule {}
