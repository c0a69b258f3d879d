import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { WebConfigDto } from '@app/contracts';
import { WebConfigResponse } from './web-config.dto.js';
import { WebConfigService } from './web-config.service.js';

@ApiTags('web')
@Controller('api/config')
export class WebConfigController {
  constructor(private readonly webConfig: WebConfigService) {}

  @Get()
  @ApiOperation({
    summary: 'What the web app needs before sign-in: auth mode, public Supabase settings, upload limit, languages, chat',
  })
  @ApiOkResponse({ type: WebConfigResponse })
  get(): WebConfigDto {
    return this.webConfig.get();
  }
}
