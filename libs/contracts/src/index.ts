export * from './transcription-status.js';
export * from './health.js';
export * from './api/users.js';
export * from './api/transcriptions.js';
export * from './api/admin.js';
export * from './api/runner.js';
export * from './values.js';
