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

  @ApiProperty({
    example: 'Transcription not found',
    description: 'the message again, under the name the original web app reads',
  })
  detail!: string;

  @ApiProperty({
    example: '3f2c9a0e-6b1d-4c1e-9f7a-2d5e8b0c4a11',
    description: 'the X-Request-Id of the request, as it appears in the server log',
  })
  request_id!: string;
}
