import { IsIn, IsOptional, IsString } from 'class-validator';
import { FromEnv } from './env.js';

/** How an app logs; both apps' config classes extend it. */
export class LogSettings {
  /** json: one JSON object per line (production); pretty: readable, coloured (development). */
  @FromEnv('LOG_FORMAT')
  @IsOptional()
  @IsIn(['json', 'pretty'])
  logFormatSetting?: 'json' | 'pretty';

  @FromEnv('NODE_ENV')
  @IsOptional()
  @IsString()
  nodeEnv?: string;

  get logFormat(): 'json' | 'pretty' {
    return this.logFormatSetting ?? (this.nodeEnv === 'production' ? 'json' : 'pretty');
  }
}
