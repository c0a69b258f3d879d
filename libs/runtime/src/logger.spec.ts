import { jest } from '@jest/globals';
import { requestContext } from './request-context.js';
import { createLogger, logLevels } from './logger.js';

describe('createLogger', () => {
  let written: string[];
  let spy: ReturnType<typeof jest.spyOn>;
  beforeEach(() => {
    written = [];
    spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => spy.mockRestore());

  it('adds the request id to every JSON line logged while serving a request', () => {
    const logger = createLogger('server', { logFormat: 'json', logLevel: 'log' });
    requestContext.run({ requestId: 'trace-42' }, () => logger.log('inside', 'SomeService'));
    logger.log('outside', 'SomeService');
    const [inside, outside] = written.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(inside).toMatchObject({ message: 'inside', context: 'SomeService', request_id: 'trace-42' });
    expect(outside).toMatchObject({ message: 'outside' });
    expect(outside).not.toHaveProperty('request_id');
  });

  it('puts it in readable lines too, and logs nothing below LOG_LEVEL', () => {
    const logger = createLogger('server', { logFormat: 'pretty', logLevel: 'warn' });
    requestContext.run({ requestId: 'trace-43' }, () => {
      logger.warn('careful', 'SomeService');
      logger.log('routine', 'SomeService');
    });
    expect(written).toHaveLength(1);
    expect(written[0]).toContain('[request trace-43]');
    expect(written[0]).toContain('careful');
  });
});

describe('logLevels', () => {
  it('is the named level and every more severe one', () => {
    expect(logLevels('warn')).toEqual(['fatal', 'error', 'warn']);
    expect(logLevels('verbose')).toEqual(['fatal', 'error', 'warn', 'log', 'debug', 'verbose']);
  });
});
