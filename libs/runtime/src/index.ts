export * from './config/env.js';
export * from './config/log-settings.js';
export * from './config/language-model-settings.js';
export * from './logger.js';
export * from './dotenv.js';
export * from './shutdown.js';
export * from './request-context.js';
