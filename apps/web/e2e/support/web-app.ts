import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { signAccessToken } from '@server/auth/access-token.js';
import axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { ROOT } from '@test/support/processes.js';
import { FAKE_WHISPER, startRunner, type TestRunner } from '@test/support/runners.js';
import { startTestServer, type TestServer } from '@test/support/server.js';

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The built web app (`npm run build`); WEB_DIR points at another build. */
export const WEB_DIR = process.env.WEB_DIR ?? path.join(ROOT, 'dist/web');
export const SCREENSHOTS = path.join(ROOT, 'test-results/screenshots');

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      // The closed network refuses these background calls; they only slow the browser down.
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      // A microphone that plays a tone, granted without asking: recording in the page works headless.
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
    ],
  });
}

export interface WebAppOptions {
  /** Server settings (local auth mode unless SUPABASE_* are given). */
  env?: Record<string, string>;
  /** Start a runner with the stand-in whisper (these settings on top). */
  runner?: Record<string, string>;
}

export interface WebApp {
  server: TestServer;
  runner?: TestRunner;
  browser: Browser;
  url: string;
  /** A local-mode access token for this e-mail (the same e-mail is always the same user). */
  token(email: string, options?: { admin?: boolean }): Promise<string>;
  /** A new browser context and page; signed in through the `/#token=` link when `email` is given. */
  open(options?: {
    email?: string;
    admin?: boolean;
    path?: string;
    viewport?: { width: number; height: number };
    locale?: string;
  }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** The real server (serving the built web app) on real PostgreSQL, a runner if asked, and Chromium. */
export async function startWebApp(options: WebAppOptions = {}): Promise<WebApp> {
  const server = await startTestServer({ WEB_DIR, UPLOAD_RATE_LIMIT: '0', ...options.env });
  const runner = options.runner
    ? await startRunner(server.url, { WHISPER_CLI_PATH: FAKE_WHISPER, ...options.runner })
    : undefined;
  const browser = await launchBrowser();
  const contexts: BrowserContext[] = [];
  const token = (email: string, tokenOptions: { admin?: boolean } = {}) =>
    signAccessToken(server.config, { email, admin: tokenOptions.admin });
  return {
    server,
    runner,
    browser,
    url: server.url,
    token,
    async open(openOptions = {}) {
      const context = await browser.newContext({
        viewport: openOptions.viewport ?? DESKTOP,
        locale: openOptions.locale ?? 'en-US',
        acceptDownloads: true,
      });
      contexts.push(context);
      const page = await context.newPage();
      const fragment = openOptions.email ? `#token=${await token(openOptions.email, { admin: openOptions.admin })}` : '';
      await page.goto(`${server.url}${openOptions.path ?? '/'}${fragment}`);
      return { context, page };
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await runner?.stop();
      await server.close();
    },
  };
}

/** Writes `<name>-<width>x<height>.png` under test-results/screenshots (for people to look at). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const size = page.viewportSize() ?? DESKTOP;
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${size.width}x${size.height}.png`), fullPage: true });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
  // A notification or dialog still fading in or out has its text at part opacity, which axe reads
  // as too little contrast: scan once the finite transitions are over (spinners run forever).
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
  // evaluate() runs outside the page's Content-Security-Policy, which forbids inline scripts.
  await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      resultTypes: ['violations'],
    });
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? null,
        help: violation.help,
        nodes: violation.nodes.map((node) => node.target.join(' ')),
      }));
  });
}
