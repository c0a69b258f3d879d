import { Global, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { ApiKeysModule } from '../api-keys/api-keys.module.js';
import { UsersModule } from '../users/users.module.js';
import { TokenKeys } from './token-keys.js';
import { UserAuthGuard } from './user-auth.guard.js';
import { UserJwtStrategy } from './user-jwt.strategy.js';

@Global()
@Module({
  imports: [PassportModule, UsersModule, ApiKeysModule],
  providers: [TokenKeys, UserJwtStrategy, UserAuthGuard],
  // ApiKeysModule's check, for the guards that extend UserAuthGuard elsewhere.
  exports: [UserAuthGuard, ApiKeysModule],
})
export class AuthModule {}
