import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { userIdForEmail } from '@server/auth/access-token.js';
import jwt from 'jsonwebtoken';
import { TEST_JWT_SECRET } from './tokens.js';

export const FAKE_ANON_KEY = 'anon-key-for-tests';

export interface FakeSupabaseAuth {
  url: string;
  /** Grants made, in order: `password`, `refresh_token`. */
  grants: string[];
  /** Magic links asked for: the e-mail and where the link would lead. */
  magicLinks: { email: string; redirectTo: string | null }[];
  signOuts: number;
  close(): Promise<void>;
}

/**
 * A stand-in for Supabase Auth's endpoints that `@supabase/supabase-js` calls from the browser:
 * password and refresh-token grants, magic links (recorded, not mailed), the user, sign-out. Its
 * access tokens are HS256 with TEST_JWT_SECRET, as the project's would be with its JWT secret, and
 * live `tokenSeconds` (short, so the client has to refresh them).
 */
export async function startFakeSupabaseAuth(
  users: Record<string, string>,
  options: { tokenSeconds?: number } = {},
): Promise<FakeSupabaseAuth> {
  const tokenSeconds = options.tokenSeconds ?? 3600;
  const refreshTokens = new Map<string, string>();
  const state: Omit<FakeSupabaseAuth, 'url' | 'close'> = { grants: [], magicLinks: [], signOuts: 0 };
  let issuer = '';

  const userOf = (email: string) => ({
    id: userIdForEmail(email),
    aud: 'authenticated',
    role: 'authenticated',
    email,
    app_metadata: { provider: 'email' },
    user_metadata: {},
    created_at: new Date(0).toISOString(),
  });
  const session = (email: string) => {
    const refreshToken = randomBytes(16).toString('hex');
    refreshTokens.set(refreshToken, email);
    const claims = { sub: userIdForEmail(email), email, role: 'authenticated' };
    const accessToken = jwt.sign(claims, TEST_JWT_SECRET, {
      algorithm: 'HS256',
      audience: 'authenticated',
      issuer,
      expiresIn: tokenSeconds,
    });
    return {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: tokenSeconds,
      expires_at: Math.floor(Date.now() / 1000) + tokenSeconds,
      refresh_token: refreshToken,
      user: userOf(email),
    };
  };

  const userFromToken = (authorization: string | undefined): [number, unknown] => {
    try {
      const claims = jwt.verify((authorization ?? '').replace(/^Bearer /, ''), TEST_JWT_SECRET) as { email: string };
      return [200, userOf(claims.email)];
    } catch {
      return [401, { message: 'invalid JWT' }];
    }
  };

  const server = http.createServer((request, response) => {
    // The page calls from the server's origin: answer CORS as Supabase does.
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.setHeader(
      'Access-Control-Allow-Headers',
      'authorization, apikey, content-type, x-client-info, x-supabase-api-version',
    );
    response.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
    if (request.method === 'OPTIONS') {
      response.statusCode = 204;
      response.end();
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://x');
      const body = (chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}) as Record<string, string>;
      const answer = (status: number, value: unknown) => {
        response.statusCode = status;
        response.setHeader('Content-Type', 'application/json');
        response.end(JSON.stringify(value));
      };
      const refused = { error: 'invalid_grant', error_description: 'Invalid login credentials', code: 'invalid_credentials' };
      const grant = url.searchParams.get('grant_type') ?? '';
      if (request.method === 'POST' && url.pathname === '/auth/v1/token') {
        state.grants.push(grant);
        const email = grant === 'password' ? body.email : refreshTokens.get(body.refresh_token ?? '');
        const valid =
          email !== undefined && (grant === 'refresh_token' || (users[email] !== undefined && users[email] === body.password));
        answer(valid ? 200 : 400, valid ? session(email) : refused);
      } else if (request.method === 'POST' && url.pathname === '/auth/v1/otp') {
        state.magicLinks.push({ email: body.email ?? '', redirectTo: url.searchParams.get('redirect_to') });
        answer(200, {});
      } else if (request.method === 'POST' && url.pathname === '/auth/v1/logout') {
        state.signOuts += 1;
        response.statusCode = 204;
        response.end();
      } else if (request.method === 'GET' && url.pathname === '/auth/v1/user') {
        answer(...userFromToken(request.headers.authorization));
      } else {
        answer(404, { message: 'not found' });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = `${url}/auth/v1`;
  return Object.assign(state, { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}
