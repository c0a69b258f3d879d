import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { type ApiKeyScope, ErrorResponseDto } from '@app/contracts';
import { JsonBodyGuard } from '../common/json-body.js';
import type { User } from '../users/user.js';
import { USER_AUTH_OPTIONS, UserAuthGuard, type UserAuthOptions } from './user-auth.guard.js';

/** The route needs a user token (see UserAuthOptions), then reads its JSON body. Documents the scheme and the 401/403. */
export function UserAuth(options: UserAuthOptions = {}): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(USER_AUTH_OPTIONS, options),
    UseGuards(UserAuthGuard, JsonBodyGuard),
    ApiBearerAuth('user'),
    ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'missing, invalid or expired token' }),
    ApiForbiddenResponse({
      type: ErrorResponseDto,
      description: options.admin ? 'not an active administrator' : 'account not active',
    }),
  );
}

/** The signed-in user (a User), set by UserAuthGuard. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<{ user: User }>().user,
);

/** The scope of the API key the request came with; undefined for a session token. */
export const CurrentApiKeyScope = createParamDecorator(
  (_data: unknown, context: ExecutionContext) =>
    context.switchToHttp().getRequest<{ apiKey?: { scope: ApiKeyScope } }>().apiKey?.scope,
);
