import type { IncomingMessage } from 'node:http';
import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  mixin,
  type Type,
  UnauthorizedException,
} from '@nestjs/common';
import { collectDefaultMetrics, prometheusContentType, Registry } from 'prom-client';
import { BearerSecret } from './bearer-secret.js';

export const METRICS_CONTENT_TYPE = prometheusContentType;

/**
 * A guard for an optional bearer secret (METRICS_TOKEN): open while `secretOf(config)` is unset,
 * else `Authorization: Bearer <secret>` is required (BearerSecret). Both apps guard their /metrics with it, each with its config.
 */
export function optionalBearerGuard<Config>(
  configType: Type<Config>,
  secretOf: (config: Config) => string | undefined,
  setting: string,
): Type<CanActivate> {
  @Injectable()
  class OptionalBearerGuard implements CanActivate {
    private readonly expected?: BearerSecret;

    constructor(@Inject(configType) config: Config) {
      const secret = secretOf(config);
      this.expected = secret === undefined ? undefined : new BearerSecret(secret);
    }

    canActivate(context: ExecutionContext): boolean {
      const sent = this.expected?.check(context.switchToHttp().getRequest<IncomingMessage>().headers.authorization);
      if (sent === 'missing') throw new UnauthorizedException(`send Authorization: Bearer <${setting}>`);
      if (sent === 'wrong') throw new UnauthorizedException(`invalid ${setting}`);
      return true;
    }
  }
  return mixin(OptionalBearerGuard);
}

let processRegistry: Registry | undefined;

/**
 * An app's metrics in Prometheus text format, followed by prom-client's default process metrics
 * (CPU, memory, event loop, GC). Those describe the process, not one app in it, so they are
 * collected once per process: the e2e tests boot several servers in one, each with its own registry.
 */
export function scrapeMetrics(registry: Registry): Promise<string> {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return Registry.merge([registry, processRegistry]).metrics();
}
