import { ApiProperty } from '@nestjs/swagger';

export class ServerHealthDto {
  @ApiProperty({ enum: ['healthy', 'unhealthy'] })
  status!: 'healthy' | 'unhealthy';

  @ApiProperty({ example: 'server' })
  service!: 'server';

  @ApiProperty({ enum: ['up', 'down'] })
  database!: 'up' | 'down';
}

/** The shape of every 4xx/5xx body (docs/api.md). */
export class ErrorResponseDto {
  @ApiProperty({ example: 404 })
  statusCode!: number;

  @ApiProperty({ example: 'Not Found' })
  error!: string;

  @ApiProperty({ example: 'Transcription not found' })
  message!: string;
}
