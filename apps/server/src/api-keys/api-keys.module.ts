import { Module } from '@nestjs/common';
import { ApiKeyAuthenticator } from './api-key-authenticator.js';
import { ApiKeyRepository } from './api-key.repository.js';
import { AdminApiKeysController, ApiKeysController } from './api-keys.controller.js';
import { ApiKeysService } from './api-keys.service.js';

/** Personal API keys and the check the user guard makes of them (exported through AuthModule). */
@Module({
  controllers: [ApiKeysController, AdminApiKeysController],
  providers: [ApiKeysService, ApiKeyRepository, ApiKeyAuthenticator],
  exports: [ApiKeyAuthenticator],
})
export class ApiKeysModule {}
