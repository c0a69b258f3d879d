import { ApiProperty } from '@nestjs/swagger';
import type { AudioTicketDto } from '@app/contracts';

/** AudioTicketDto (a plain type in contracts, for the web app) as the OpenAPI document describes it. */
export class AudioTicketResponse implements AudioTicketDto {
  @ApiProperty({
    example: '/api/audio/0b6f…?ticket=…',
    description: 'give it to the <audio> element: plays this recording (with Range requests) until expires_at',
  })
  url!: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'one hour after it was issued' })
  expires_at!: string;
}
