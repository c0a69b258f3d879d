export * from './config/env.js';
export * from './transcription-status.js';
export * from './health.js';
