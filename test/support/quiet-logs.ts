import { Logger } from '@nestjs/common';
import { LOG_LEVELS, type LogLevelName, logLevels } from '@app/runtime';

// Tests log warnings and errors only, unless LOG_LEVEL asks for more.
process.env.LOG_LEVEL ??= 'warn';
const level: LogLevelName = LOG_LEVELS.find((name) => name === process.env.LOG_LEVEL) ?? 'warn';
Logger.overrideLogger(logLevels(level));
