import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ConfigError, loadDotEnv } from '@app/runtime';
import { signAccessToken } from '../auth/access-token.js';
import { loadServerConfig } from '../config/server-config.js';

const USAGE = 'usage: npm run token -- --email you@example.com [--admin] [--hours 24] [--sub <uuid>]';

/** `npm run token`: prints an access token signed with the server's HS256 secret (local use, tests). */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      admin: { type: 'boolean', default: false },
      hours: { type: 'string', default: '24' },
      sub: { type: 'string' },
    },
  });
  const hours = Number(values.hours);
  if (!values.email || !/^[^@\s]+@[^@\s]+$/.test(values.email) || !(hours > 0)) throw new Error(USAGE);
  loadDotEnv();
  const config = loadServerConfig();
  const token = await signAccessToken(config, {
    email: values.email,
    admin: values.admin,
    sub: values.sub,
    expiresInSeconds: Math.round(hours * 3600),
  });
  process.stdout.write(token + '\n');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exit(1);
});
