import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { ServerHealthDto } from '@app/contracts';

const PROBE_TIMEOUT_MS = 2000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
    const probe = this.dataSource.query('SELECT 1').then(
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
