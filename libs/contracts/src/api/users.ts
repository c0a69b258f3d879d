import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

export class UserDto {
  @ApiProperty({ format: 'uuid', description: "The Supabase user id (the token's sub)" })
  id!: string;

  @ApiProperty({ type: String, nullable: true, example: 'ada@example.com' })
  email!: string | null;

  @ApiProperty()
  is_active!: boolean;

  @ApiProperty()
  is_admin!: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at!: string;
}

export class SetActiveDto {
  @ApiProperty()
  @IsBoolean()
  is_active!: boolean;
}

export class SetAdminDto {
  @ApiProperty()
  @IsBoolean()
  is_admin!: boolean;
}
