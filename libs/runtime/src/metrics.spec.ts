import type { ExecutionContext } from '@nestjs/common';
import { UnauthorizedException } from '@nestjs/common';
import { Registry } from 'prom-client';
import { optionalBearerGuard, scrapeMetrics } from './metrics.js';

class Settings {
  token?: string;
}

const Guard = optionalBearerGuard(Settings, (settings) => settings.token, 'METRICS_TOKEN');
const guard = (token?: string) => new Guard(Object.assign(new Settings(), { token }));
const withHeader = (authorization?: string) =>
  ({ switchToHttp: () => ({ getRequest: () => ({ headers: { authorization } }) }) }) as ExecutionContext;

describe('optionalBearerGuard', () => {
  it('lets everyone in while the setting is unset', () => {
    expect(guard().canActivate(withHeader())).toBe(true);
    expect(guard().canActivate(withHeader('Bearer anything'))).toBe(true);
  });

  it('requires the exact token once it is set', () => {
    const token = 'metrics-token-0123456789';
    expect(guard(token).canActivate(withHeader(`Bearer ${token}`))).toBe(true);
    expect(guard(token).canActivate(withHeader(`bearer ${token}`))).toBe(true);
    expect(() => guard(token).canActivate(withHeader())).toThrow(
      new UnauthorizedException('send Authorization: Bearer <METRICS_TOKEN>'),
    );
    expect(() => guard(token).canActivate(withHeader(`Basic ${token}`))).toThrow(UnauthorizedException);
    expect(() => guard(token).canActivate(withHeader(`Bearer ${token}x`))).toThrow(
      new UnauthorizedException('invalid METRICS_TOKEN'),
    );
    expect(() => guard(token).canActivate(withHeader('Bearer metrics'))).toThrow(UnauthorizedException);
  });
});

describe('scrapeMetrics', () => {
  it("serves each app's registry with the process's default metrics, which two registries can share", async () => {
    const [one, two] = [new Registry(), new Registry()];
    for (const text of [await scrapeMetrics(one), await scrapeMetrics(two)]) {
      expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
      expect(text).toContain('# TYPE nodejs_heap_size_used_bytes gauge');
    }
  });
});
