import type { ArgumentsHost } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { HttpExceptionFilter } from './http-exception.filter.js';

/** What the filter sends for `exception`: status, headers and body. */
function send(exception: unknown): { status: number; headers: Record<string, string>; body: Record<string, unknown> } {
  const sent = { status: 0, headers: {} as Record<string, string>, body: {} as Record<string, unknown> };
  const response = {
    headersSent: false,
    getHeader: (name: string) => sent.headers[name],
    setHeader: (name: string, value: string) => (sent.headers[name] = value),
    status(code: number) {
      sent.status = code;
      return this;
    },
    json: (body: Record<string, unknown>) => (sent.body = body),
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ id: 'req-1', method: 'GET', originalUrl: '/x' }), getResponse: () => response }),
  } as unknown as ArgumentsHost;
  new HttpExceptionFilter().catch(exception, host);
  return sent;
}

/** An error as node-postgres throws it for a failed statement. */
const postgresError = (code: string) => Object.assign(new Error(`statement failed (${code})`), { code });

describe('HttpExceptionFilter', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['error', 'warn', 'log']));

  it('answers a deadlock or serialization failure with 503 and Retry-After: sending it again works', () => {
    for (const code of ['40P01', '40001']) {
      const { status, headers, body } = send(postgresError(code));
      expect(status).toBe(503);
      expect(headers['Retry-After']).toBe('5');
      expect(body).toMatchObject({ statusCode: 503, message: expect.stringMatching(/try again/), request_id: 'req-1' });
    }
  });

  it('keeps constraint refusals 409, malformed values 400, and anything else a 500 without details', () => {
    expect(send(postgresError('23505')).status).toBe(409);
    expect(send(postgresError('22P02')).status).toBe(400);
    const unexpected = send(postgresError('XX000'));
    expect(unexpected.status).toBe(500);
    expect(unexpected.body.message).not.toMatch(/XX000|statement/);
    expect(unexpected.headers['Retry-After']).toBeUndefined();
  });
});
