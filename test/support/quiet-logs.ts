import { Logger } from '@nestjs/common';
import { logLevels } from '../../libs/contracts/src/runtime/logger.js';

// Tests log warnings and errors only, unless LOG_LEVEL asks for more.
process.env.LOG_LEVEL ??= 'warn';
Logger.overrideLogger(logLevels());
