import type { UserDto } from '@app/contracts';
import type { SupabaseClient } from '@supabase/supabase-js';
import { createContext, useContext } from 'react';

export type AuthState =
  | { status: 'loading' }
  | { status: 'signed-out'; expired: boolean }
  | { status: 'signed-in'; user: UserDto }
  /** The server could not say who this is (unreachable, 5xx): not a sign-out. */
  | { status: 'unavailable'; error: Error };

export interface AuthContextValue {
  state: AuthState;
  /** Supabase mode only: the client the sign-in form uses. */
  supabase: SupabaseClient | undefined;
  /** Local mode: sign in with a pasted access token. */
  signInWithToken: (token: string) => void;
  signOut: () => Promise<void>;
  /** Reads the signed-in user again (after an admin changed them). */
  refresh: () => Promise<void>;
}

export const AuthContext = createContext<AuthContextValue | undefined>(undefined);

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in user (only under a page that requires one). */
export function useCurrentUser(): UserDto {
  const { state } = useAuth();
  if (state.status !== 'signed-in') throw new Error('useCurrentUser without a signed-in user');
  return state.user;
}
