import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { BearerSecret } from '@app/runtime';
import { ServerConfig } from '../config/server-config.js';

/**
 * The runner API's key (BearerSecret: constant time). Without RUNNER_API_KEY the runner API
 * refuses everything; a user token never matches.
 */
@Injectable()
export class RunnerKeyGuard implements CanActivate {
  private readonly expected?: BearerSecret;

  constructor(config: ServerConfig) {
    this.expected = config.runnerApiKey ? new BearerSecret(config.runnerApiKey) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) throw new UnauthorizedException('the runner API is disabled: the server has no RUNNER_API_KEY');
    const sent = this.expected.check(context.switchToHttp().getRequest<Request>().header('authorization'));
    if (sent === 'missing') throw new UnauthorizedException('missing runner key: send Authorization: Bearer <RUNNER_API_KEY>');
    if (sent === 'wrong') throw new UnauthorizedException('invalid runner key');
    return true;
  }
}
