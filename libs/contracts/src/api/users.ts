import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { Transform } from 'class-transformer';

export class UserDto {
  @ApiProperty({ format: 'uuid', description: "The Supabase user id (the token's sub)" })
  id!: string;

  @ApiProperty({ type: String, nullable: true, example: 'ada@example.com' })
  email!: string | null;

  @ApiProperty()
  is_active!: boolean;

  @ApiProperty()
  is_admin!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Ada Lovelace',
    description: 'the name they gave themselves (PUT /api/users/me)',
  })
  full_name!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'when an administrator (or the first sign-in) activated it',
  })
  activated_at!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at!: string;
}

export class SetActiveDto {
  @ApiPropertyOptional({ default: true, description: 'no body at all activates, as the original web app sends it' })
  @IsOptional()
  @IsBoolean()
  is_active: boolean = true;
}

export class SetAdminDto {
  @ApiProperty()
  @IsBoolean()
  is_admin!: boolean;
}

/** What a user may change about themselves. */
export class UpdateMeDto {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, description: 'null or blank clears it; absent leaves it' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value))
  @IsOptional()
  @IsString()
  @MaxLength(200)
  full_name?: string | null;
}
