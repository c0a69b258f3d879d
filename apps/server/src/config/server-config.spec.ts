import path from 'node:path';
import { ConfigError } from '@app/runtime';
import { loadServerConfig } from './server-config.js';

describe('ServerConfig', () => {
  it('has the documented defaults', () => {
    const config = loadServerConfig({});
    expect(config.port).toBe(8000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.storageDir).toBe(path.resolve('data/uploads'));
    expect(config.maxUploadMb).toBe(500);
    expect(config.leaseSeconds).toBe(120);
    expect(config.maxAttempts).toBe(3);
    expect(config.runnerApiKey).toBeUndefined();
    expect(config.logFormat).toBe('pretty');
  });

  it('derives STORAGE_DIR from DATA_DIR unless set', () => {
    expect(loadServerConfig({ DATA_DIR: '/srv/ws' }).storageDir).toBe('/srv/ws/uploads');
    expect(loadServerConfig({ DATA_DIR: '/srv/ws', STORAGE_DIR: '/mnt/audio' }).storageDir).toBe('/mnt/audio');
  });

  it('logs JSON in production', () => {
    expect(loadServerConfig({ NODE_ENV: 'production' }).logFormat).toBe('json');
    expect(loadServerConfig({ NODE_ENV: 'production', LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
  });

  it('parses lists of admins and origins', () => {
    const config = loadServerConfig({ ADMIN_EMAILS: 'a@x.io, b@x.io', CORS_ORIGINS: 'https://app.example' });
    expect(config.adminEmails).toEqual(['a@x.io', 'b@x.io']);
    expect(config.corsOrigins).toEqual(['https://app.example']);
  });

  it('lists every bad value at once', () => {
    try {
      loadServerConfig({
        PORT: 'x',
        DATABASE_URL: 'mysql://nope',
        RUNNER_API_KEY: 'short',
        MAX_UPLOAD_MB: '0',
        LEASE_SECONDS: '-5',
        LOG_FORMAT: 'xml',
        LOG_LEVEL: 'loud',
      });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      for (const name of [
        'PORT',
        'DATABASE_URL',
        'RUNNER_API_KEY',
        'MAX_UPLOAD_MB',
        'LEASE_SECONDS',
        'LOG_FORMAT',
        'LOG_LEVEL',
      ]) {
        expect(message).toContain(name);
      }
    }
  });
});
