import { type DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { RunnerConfig } from './config/runner-config.js';
import { HealthController } from './health/health.controller.js';
import { RunnerState } from './runner-state.js';

@Module({})
export class RunnerModule {
  static forRoot(config: RunnerConfig): DynamicModule {
    return {
      module: RunnerModule,
      imports: [ScheduleModule.forRoot()],
      controllers: [HealthController],
      providers: [{ provide: RunnerConfig, useValue: config }, RunnerState],
    };
  }
}
