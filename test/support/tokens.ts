import { generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';

export const TEST_JWT_SECRET = 'test-supabase-jwt-secret-0123456789abcdef';

export interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: KeyObject;
  publicJwk: Record<string, unknown>;
}

export function generateSigningKey(alg: 'RS256' | 'ES256'): SigningKey {
  const { privateKey, publicKey } =
    alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = randomUUID();
  return { kid, alg, privateKey, publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' } };
}

export interface FakeSupabase {
  url: string;
  /** Times the JWKS was fetched. */
  jwksRequests(): number;
  /** Auth users deleted through the admin API, with the key they were deleted with. */
  deletedUsers: { id: string; apikey: string | undefined }[];
  close(): Promise<void>;
}

/**
 * A stand-in for a Supabase project's auth: its JWKS (`keys`, read at each request, so a test
 * can rotate them) and the admin API's DELETE /auth/v1/admin/users/{id}.
 */
export async function startFakeSupabase(keys: SigningKey[]): Promise<FakeSupabase> {
  let jwksRequests = 0;
  const deletedUsers: FakeSupabase['deletedUsers'] = [];
  const server = http.createServer((request, response) => {
    response.setHeader('Content-Type', 'application/json');
    if (request.method === 'GET' && request.url === '/auth/v1/.well-known/jwks.json') {
      jwksRequests += 1;
      response.end(JSON.stringify({ keys: keys.map((key) => key.publicJwk) }));
      return;
    }
    const deletion = /^\/auth\/v1\/admin\/users\/([0-9a-f-]{36})/.exec(request.url ?? '');
    if (request.method === 'DELETE' && deletion) {
      deletedUsers.push({ id: deletion[1]!, apikey: request.headers.apikey as string | undefined });
      response.end(JSON.stringify({ id: deletion[1] }));
      return;
    }
    response.statusCode = 404;
    response.end(JSON.stringify({ message: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    jwksRequests: () => jwksRequests,
    deletedUsers,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface TokenOptions {
  sub?: string;
  email?: string;
  issuer?: string;
  audience?: string;
  expiresIn?: number;
  key?: SigningKey;
  secret?: string;
  claims?: Record<string, unknown>;
}

/** A Supabase-shaped access token, HS256 with TEST_JWT_SECRET unless a key is given. */
export function signToken(options: TokenOptions = {}): string {
  const payload = { sub: options.sub ?? randomUUID(), email: options.email, role: 'authenticated', ...options.claims };
  const common = {
    audience: options.audience ?? 'authenticated',
    expiresIn: options.expiresIn ?? 3600,
    ...(options.issuer ? { issuer: options.issuer } : {}),
  };
  if (options.key) {
    return jwt.sign(payload, options.key.privateKey, { ...common, algorithm: options.key.alg, keyid: options.key.kid });
  }
  return jwt.sign(payload, options.secret ?? TEST_JWT_SECRET, { ...common, algorithm: 'HS256' });
}

/** An unsigned token (`alg: none`), which must always be refused. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ aud: 'authenticated', exp: Math.floor(Date.now() / 1000) + 3600, ...claims })}.`;
}
