import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorResponseDto, UpdateMeDto, UserDto } from '@app/contracts';
import { CurrentUser, UserAuth } from '../auth/user-auth.decorator.js';
import { toUserDto, type User } from './user.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @UserAuth({ allowInactive: true })
  @ApiOperation({ summary: 'The signed-in user (also for inactive accounts)' })
  @ApiOkResponse({ type: UserDto })
  me(@CurrentUser() user: User): UserDto {
    return toUserDto(user);
  }

  @Put('me')
  @UserAuth()
  @ApiOperation({ summary: 'Change your own name' })
  @ApiOkResponse({ type: UserDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'not a string, or longer than 200 characters' })
  async updateMe(@CurrentUser() user: User, @Body() body: UpdateMeDto): Promise<UserDto> {
    return toUserDto(body.full_name === undefined ? user : await this.users.setFullName(user, body.full_name));
  }
}
