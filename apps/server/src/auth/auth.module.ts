import { Global, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { UsersModule } from '../users/users.module.js';
import { TokenKeys } from './token-keys.js';
import { UserAuthGuard } from './user-auth.guard.js';
import { UserJwtStrategy } from './user-jwt.strategy.js';

@Global()
@Module({
  imports: [PassportModule, UsersModule],
  providers: [TokenKeys, UserJwtStrategy, UserAuthGuard],
  exports: [UserAuthGuard],
})
export class AuthModule {}
