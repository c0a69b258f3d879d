import { type DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PeriodicTasks } from './common/periodic-tasks.js';
import { ServerConfig } from './config/server-config.js';
import { dataSourceOptions } from './database/data-source.js';
import { DatabaseModule } from './database/database.module.js';
import { AdminModule } from './admin/admin.module.js';
import { AudioModule } from './audio/audio.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ChannelsModule } from './channels/channels.module.js';
import { ChatModule } from './chat/chat.module.js';
import { SummaryTemplatesModule } from './summary-templates/summary-templates.module.js';
import { EventsModule } from './events/events.module.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { OpenAiModule } from './openai/openai.module.js';
import { RunnerQueueModule } from './runner-queue/runner-queue.module.js';
import { SharingModule } from './shares/sharing.module.js';
import { StorageSweepModule } from './storage/storage-sweep.module.js';
import { StorageModule } from './storage/storage.module.js';
import { TranscriptionsModule } from './transcriptions/transcriptions.module.js';
import { UsersModule } from './users/users.module.js';
import { WebModule } from './web/web.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

@Module({})
export class AppModule {
  /** The server, for a validated config and the URL of the database to use. */
  static forRoot(config: ServerConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl, {
            connectMs: config.databaseConnectTimeoutSeconds * 1000,
            queryMs: config.databaseQueryTimeoutSeconds * 1000,
          }),
          // Fail fast at boot instead of retrying for minutes against a wrong URL.
          retryAttempts: 2,
          retryDelay: 1000,
        }),
        DatabaseModule,
        ScheduleModule.forRoot(),
        StorageModule,
        StorageSweepModule,
        HealthModule,
        MetricsModule,
        AuthModule,
        UsersModule,
        AudioModule,
        TranscriptionsModule,
        AdminModule,
        ChannelsModule,
        SummaryTemplatesModule,
        ChatModule,
        SharingModule,
        EventsModule,
        RunnerQueueModule,
        WebhooksModule,
        OpenAiModule,
        WebModule,
      ],
      providers: [{ provide: ServerConfig, useValue: config }, PeriodicTasks],
      exports: [ServerConfig, PeriodicTasks],
    };
  }
}
