import { Module } from '@nestjs/common';
import { TranscriptionsModule } from '../transcriptions/transcriptions.module.js';
import { AdminAudioController } from './admin-audio.controller.js';
import { AdminChannelsController } from './admin-channels.controller.js';
import { ChannelRepository } from './channel.repository.js';
import { ChannelsService } from './channels.service.js';
import { TranscriptionChannelsController } from './transcription-channels.controller.js';

/** Channels, their members, and the transcriptions shared with them. */
@Module({
  imports: [TranscriptionsModule],
  controllers: [AdminChannelsController, TranscriptionChannelsController, AdminAudioController],
  providers: [ChannelsService, ChannelRepository],
})
export class ChannelsModule {}
