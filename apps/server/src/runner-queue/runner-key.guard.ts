import { createHash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { ServerConfig } from '../config/server-config.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The runner API's key, compared in constant time (over digests, so the length leaks nothing
 * either). Without RUNNER_API_KEY the runner API refuses everything; a user token never matches.
 */
@Injectable()
export class RunnerKeyGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(config: ServerConfig) {
    this.expected = config.runnerApiKey ? digest(config.runnerApiKey) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!this.expected) throw new UnauthorizedException('the runner API is disabled: the server has no RUNNER_API_KEY');
    if (!match) throw new UnauthorizedException('missing runner key: send Authorization: Bearer <RUNNER_API_KEY>');
    if (!timingSafeEqual(digest(match[1]!), this.expected)) throw new UnauthorizedException('invalid runner key');
    return true;
  }
}
