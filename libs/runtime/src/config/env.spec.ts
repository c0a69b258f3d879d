import { IsBoolean, IsInt, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import { Transform } from 'class-transformer';
import { ConfigError, FromEnv, loadConfig, parseBoolean, parseList, parseNumber } from './env.js';

class SampleConfig {
  @FromEnv('PORT')
  @Transform(parseNumber)
  @IsInt()
  @Min(1)
  @Max(65535)
  port = 8000;

  @FromEnv('ENABLED', 'LEGACY_ENABLED')
  @Transform(parseBoolean)
  @IsBoolean()
  enabled = true;

  @FromEnv('NAMES')
  @Transform(parseList)
  @IsString({ each: true })
  names: string[] = [];

  @FromEnv('SERVER_URL')
  @IsOptional()
  @IsUrl({ require_tld: false })
  serverUrl?: string;
}

describe('loadConfig', () => {
  it('applies defaults when variables are unset or empty', () => {
    const config = loadConfig('sample', SampleConfig, { PORT: '' });
    expect(config).toMatchObject({ port: 8000, enabled: true, names: [] });
    expect(config.serverUrl).toBeUndefined();
  });

  it('converts strings to numbers, booleans and lists', () => {
    const config = loadConfig('sample', SampleConfig, { PORT: '9000', ENABLED: 'no', NAMES: 'a, b,,c' });
    expect(config).toMatchObject({ port: 9000, enabled: false, names: ['a', 'b', 'c'] });
  });

  it('reads a legacy alias only when the main name is unset', () => {
    expect(loadConfig('sample', SampleConfig, { LEGACY_ENABLED: 'false' }).enabled).toBe(false);
    expect(loadConfig('sample', SampleConfig, { ENABLED: 'true', LEGACY_ENABLED: 'false' }).enabled).toBe(true);
  });

  it('lists every problem, by environment variable name, in one error', () => {
    let caught: unknown;
    try {
      loadConfig('sample', SampleConfig, { PORT: 'eighty', ENABLED: 'maybe', SERVER_URL: 'not a url' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems.some((p) => p.startsWith('PORT'))).toBe(true);
    expect(problems.some((p) => p.startsWith('ENABLED'))).toBe(true);
    expect(problems.some((p) => p.startsWith('SERVER_URL'))).toBe(true);
    expect((caught as Error).message).toContain('sample cannot start');
  });

  it('refuses out-of-range numbers', () => {
    expect(() => loadConfig('sample', SampleConfig, { PORT: '70000' })).toThrow(/PORT must not be greater than 65535/);
  });
});
