import { IsIn, IsOptional, IsString } from 'class-validator';
import { LOG_LEVELS, type LogLevelName } from '../logger.js';
import { FromEnv } from './env.js';

/** How an app logs; both apps' config classes extend it. */
export class LogSettings {
  /** json: one JSON object per line (production); pretty: readable, coloured (development). */
  @FromEnv('LOG_FORMAT')
  @IsOptional()
  @IsIn(['json', 'pretty'])
  logFormatSetting?: 'json' | 'pretty';

  /** The least severe level that is logged. */
  @FromEnv('LOG_LEVEL')
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of: ${LOG_LEVELS.join(', ')}` })
  logLevel: LogLevelName = 'log';

  @FromEnv('NODE_ENV')
  @IsOptional()
  @IsString()
  nodeEnv?: string;

  get logFormat(): 'json' | 'pretty' {
    return this.logFormatSetting ?? (this.nodeEnv === 'production' ? 'json' : 'pretty');
  }
}
