import type { UserDto } from '@app/contracts';

/** A person who signed in through Supabase (or a local token); `id` is the token's `sub`. */
export interface User {
  id: string;
  email: string | null;
  isActive: boolean;
  isAdmin: boolean;
  fullName: string | null;
  activatedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface UserRow {
  id: string;
  email: string | null;
  is_active: boolean;
  is_admin: boolean;
  full_name: string | null;
  activated_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    isActive: row.is_active,
    isAdmin: row.is_admin,
    fullName: row.full_name,
    activatedAt: row.activated_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toUserDto(user: User): UserDto {
  return {
    id: user.id,
    email: user.email,
    is_active: user.isActive,
    is_admin: user.isAdmin,
    full_name: user.fullName,
    activated_at: user.activatedAt?.toISOString() ?? null,
    created_at: user.createdAt.toISOString(),
  };
}
