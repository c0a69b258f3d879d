import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';

const ENV_NAMES = Symbol('env-names');

type EnvSource = Record<string, string | undefined>;

/**
 * Binds a config property to an environment variable (and optional legacy aliases, read when the
 * main name is unset). Values arrive as strings; the property's class-validator and
 * class-transformer decorators turn them into numbers, booleans and lists.
 */
export function FromEnv(name: string, ...aliases: string[]): PropertyDecorator {
  return (target, property) => {
    // A copy: a subclass adds to its own map, never to the one it inherits from its parent.
    const names = new Map<string | symbol, string[]>(envNames(target));
    names.set(property, [name, ...aliases]);
    Reflect.defineMetadata(ENV_NAMES, names, target);
  };
}

/** The variable names bound to each property of a config class (on its prototype). */
function envNames(prototype: object): Map<string | symbol, string[]> {
  return (
    (Reflect.getMetadata(ENV_NAMES, prototype) as Map<string | symbol, string[]> | undefined) ??
    new Map<string | symbol, string[]>()
  );
}

export class ConfigError extends Error {
  constructor(
    readonly appName: string,
    readonly problems: string[],
  ) {
    super(`${appName} cannot start: its configuration is invalid.\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** "true"/"1"/"yes"/"on" → true, "false"/"0"/"no"/"off" → false, anything else is left for @IsBoolean to refuse. */
export function parseBoolean({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string') return value;
  const normalized = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalized)) return true;
  if (['false', '0', 'no', 'off'].includes(normalized)) return false;
  return value;
}

/** Numeric strings → numbers; anything else is left for @IsInt/@IsNumber to refuse. */
export function parseNumber({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string' || value.trim() === '') return value;
  const parsed = Number(value);
  return Number.isNaN(parsed) ? value : parsed;
}

/** "a, b,,c" → ["a", "b", "c"]. */
export function parseList({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string') return value;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function flatten(errors: ValidationError[], envNameOf: (property: string) => string): string[] {
  return errors.flatMap((error) => {
    const name = envNameOf(error.property);
    const own = Object.values(error.constraints ?? {}).map((message) => message.replace(error.property, name));
    return [...own, ...flatten(error.children ?? [], envNameOf)];
  });
}

/**
 * Reads the environment into a config class and validates it, failing with one error that lists
 * every problem (a person fixing a deployment should not have to restart once per mistake).
 * Empty strings count as unset, so `FOO=` in a .env file falls back to the default.
 */
export function loadConfig<T extends object>(appName: string, configClass: new () => T, env: EnvSource): T {
  const names = envNames(configClass.prototype as object);
  const plain: Record<string, string> = {};
  for (const [property, candidates] of names) {
    const found = candidates.map((candidate) => env[candidate]).find((value) => value !== undefined && value !== '');
    if (found !== undefined) plain[String(property)] = found;
  }
  const config = plainToInstance(configClass, plain, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length > 0) {
    const envNameOf = (property: string) => names.get(property)?.[0] ?? property;
    throw new ConfigError(appName, flatten(errors, envNameOf));
  }
  return config;
}
