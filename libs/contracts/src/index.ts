export * from './config/env.js';
export * from './transcription-status.js';
export * from './health.js';
export * from './runtime/logger.js';
export * from './runtime/dotenv.js';
export * from './runtime/shutdown.js';
