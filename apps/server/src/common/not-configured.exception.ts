import { ServiceUnavailableException } from '@nestjs/common';

/** A feature this server is not set up for: a 503 without Retry-After, since waiting will not help. */
export class NotConfiguredException extends ServiceUnavailableException {}
