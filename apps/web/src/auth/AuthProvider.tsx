import type { UserDto, WebConfigDto } from '@app/contracts';
import type { SupabaseClient } from '@supabase/supabase-js';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { ApiError, configureAuth, request } from '../api/http';
import { type AuthContextValue, AuthContext, type AuthState } from './auth-context';
import { localToken, takeTokenFromLocation } from './local-token';

/** Supabase's client is loaded only by servers in Supabase mode. */
async function supabaseClient(config: WebConfigDto): Promise<SupabaseClient> {
  const { createClient } = await import('@supabase/supabase-js');
  return createClient(config.supabase_url!, config.supabase_anon_key!, {
    auth: { persistSession: true, autoRefreshToken: true, detectSessionInUrl: true },
  });
}

export const meKey = ['me'] as const;

/** Whether this browser holds a session: unknown until Supabase has read its storage. */
type Session = 'unknown' | 'none' | 'present';

export function AuthProvider({ config, children }: { config: WebConfigDto; children: ReactNode }) {
  const queryClient = useQueryClient();
  const local = config.auth_mode === 'local';
  const [session, setSession] = useState<Session>(() => {
    if (!local) return 'unknown';
    takeTokenFromLocation();
    return localToken.get() ? 'present' : 'none';
  });
  const [expired, setExpired] = useState(false);
  const [supabase, setSupabase] = useState<SupabaseClient>();

  useEffect(() => {
    const expire = () => {
      if (local) localToken.clear();
      queryClient.clear();
      setExpired(true);
      setSession('none');
    };
    if (local) {
      configureAuth(() => Promise.resolve(localToken.get()), expire);
      return;
    }
    let cancelled = false;
    let unsubscribe: (() => void) | undefined;
    void supabaseClient(config).then(async (client) => {
      if (cancelled) return;
      configureAuth(async () => (await client.auth.getSession()).data.session?.access_token ?? null, expire);
      unsubscribe = client.auth.onAuthStateChange((_event, current) => {
        setSession(current ? 'present' : 'none');
        if (current) void queryClient.invalidateQueries({ queryKey: meKey });
      }).data.subscription.unsubscribe;
      setSupabase(client);
      const { data } = await client.auth.getSession();
      setSession(data.session ? 'present' : 'none');
    });
    return () => {
      cancelled = true;
      unsubscribe?.();
    };
  }, [config, local, queryClient]);

  const me = useQuery({
    queryKey: meKey,
    queryFn: () => request<UserDto>('/api/users/me'),
    enabled: session === 'present',
    retry: (failures, error) => !(error instanceof ApiError && error.status === 401) && failures < 3,
  });

  const state: AuthState = useMemo(() => {
    if (session === 'none') return { status: 'signed-out', expired };
    if (me.data) return { status: 'signed-in', user: me.data };
    if (me.error instanceof ApiError && me.error.status === 401) return { status: 'signed-out', expired: true };
    if (me.error) return { status: 'unavailable', error: me.error };
    return { status: 'loading' };
  }, [session, expired, me.data, me.error]);

  const value = useMemo<AuthContextValue>(
    () => ({
      state,
      supabase,
      signInWithToken: (token) => {
        localToken.set(token.trim());
        setExpired(false);
        setSession('present');
        void queryClient.resetQueries({ queryKey: meKey });
      },
      signOut: async () => {
        if (supabase) await supabase.auth.signOut();
        localToken.clear();
        queryClient.clear();
        setExpired(false);
        setSession('none');
      },
      refresh: async () => {
        await me.refetch();
      },
    }),
    [state, supabase, queryClient, me],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
