import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ServerHealthDto } from '@app/contracts';
import { Database } from '../database/database.js';

const PROBE_TIMEOUT_MS = 2000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly database: Database) {}

  @Get()
  @ApiOkResponse({ type: ServerHealthDto, description: 'Server and database are up' })
  @ApiServiceUnavailableResponse({ type: ServerHealthDto, description: 'The database is unreachable' })
  async check(@Res({ passthrough: true }) response: Response): Promise<ServerHealthDto> {
    const databaseUp = await this.probeDatabase();
    if (!databaseUp) response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: databaseUp ? 'healthy' : 'unhealthy', service: 'server', database: databaseUp ? 'up' : 'down' };
  }

  private async probeDatabase(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
    });
    const probe = this.database.ping().then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
