import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UserDto } from '@app/contracts';
import { CurrentUser, UserAuth } from '../auth/user-auth.decorator.js';
import { toUserDto, type User } from './user.js';

@ApiTags('users')
@Controller('api/users')
export class UsersController {
  @Get('me')
  @UserAuth({ allowInactive: true })
  @ApiOperation({ summary: 'The signed-in user (also for inactive accounts)' })
  @ApiOkResponse({ type: UserDto })
  me(@CurrentUser() user: User): UserDto {
    return toUserDto(user);
  }
}
