import { apiClient } from '@test/support/api.js';
import { accessibilityViolations, DESKTOP, PHONE, screenshot, startWebApp, type WebApp } from './support/web-app.js';

const OWNER = 'keys@example.com';
const ADMIN = 'keys-admin@example.com';
const KEY = /^wsk_[A-Za-z0-9_-]{43}$/;

// API keys in a real browser: made on /settings/api-keys, shown once, copied, used, revoked; and
// the admins' list of everyone's keys.
describe('web app: API keys (Chromium, real server)', () => {
  let app: WebApp;
  const call = (...args: Parameters<ReturnType<typeof apiClient>>) => apiClient(app.url)(...args);

  beforeAll(async () => {
    app = await startWebApp();
  }, 60_000);
  afterAll(() => app.close());

  it('creates a key, shows it once with a copy button, and revokes it after a confirmation', async () => {
    const { page, context } = await app.open({ email: OWNER });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
    await page.getByText('You have no API keys yet.').waitFor();

    await page.getByLabel('Name').fill('laptop script');
    await page.getByRole('combobox', { name: 'Scope' }).click();
    await page.getByRole('option', { name: 'Transcribe' }).waitFor();
    expect(await page.getByRole('option', { name: 'Admin' }).count()).toBe(0); // not an admin
    await page.getByRole('option', { name: 'Transcribe' }).click();
    await page.getByLabel('Expires in (days)').fill('30');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByText('Copy it now: it will not be shown again.').waitFor();
    const key = (await page.getByText(KEY).textContent())!.trim();
    expect(key).toMatch(KEY);

    await page.getByRole('button', { name: 'Copy key' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    expect((await call('GET', '/api/transcriptions', { token: key })).status).toBe(200);

    const row = page.getByRole('row', { name: /laptop script/ });
    await row.getByText('Transcribe').waitFor();
    await row.getByText(`${key.slice(0, 8)}…`).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'api-keys');

    await page.getByRole('button', { name: 'Done' }).click();
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(key.slice(8));

    await row.getByRole('button', { name: 'Revoke laptop script' }).click();
    await page.getByRole('dialog', { name: 'Revoke this key?' }).getByRole('button', { name: 'Revoke key' }).click();
    await row.getByText('Revoked').waitFor();
    expect((await call('GET', '/api/transcriptions', { token: key })).status).toBe(401);
    await context.close();
  });

  it('on a phone: the form and the list fit, and pass the accessibility scan', async () => {
    const token = await app.token(OWNER);
    expect((await call('POST', '/api/api-keys', { token, json: { name: 'phone key', scope: 'read' } })).status).toBe(201);
    const { page, context } = await app.open({ email: OWNER, path: '/settings/api-keys', viewport: PHONE });
    await page.getByRole('row', { name: /phone key/ }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)).toBe(false);
    await screenshot(page, 'api-keys');
    await context.close();
  });

  it('admins may make admin keys, and list and revoke anyone’s under Admin → API keys', async () => {
    const ownerToken = await app.token(OWNER);
    const made = await call('POST', '/api/api-keys', { token: ownerToken, json: { name: 'ci upload', scope: 'transcribe' } });
    expect(made.status).toBe(201);

    const { page, context } = await app.open({ email: ADMIN, admin: true, path: '/settings/api-keys', viewport: DESKTOP });
    await page.getByRole('combobox', { name: 'Scope' }).click();
    await page.getByRole('option', { name: 'Admin' }).waitFor();
    await page.keyboard.press('Escape');

    await page.goto(`${app.url}/admin/api-keys`);
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
    const row = page.getByRole('row', { name: /ci upload/ });
    await row.getByText(OWNER).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'admin-api-keys');
    await row.getByRole('button', { name: 'Revoke ci upload' }).click();
    await page.getByRole('dialog', { name: 'Revoke this key?' }).getByRole('button', { name: 'Revoke key' }).click();
    await row.getByText('Revoked').waitFor();
    expect((await call('GET', '/api/transcriptions', { token: made.body.key })).status).toBe(401);
    await context.close();
  });

  it('in Chinese: the keys page and the admins’ list read in Chinese and pass the accessibility scan', async () => {
    const ownerToken = await app.token(OWNER);
    expect(
      (await call('POST', '/api/api-keys', { token: ownerToken, json: { name: '会议脚本', scope: 'transcribe' } })).status,
    ).toBe(201);

    const own = await app.open({ email: OWNER, path: '/settings/api-keys', locale: 'zh-CN' });
    await own.page.getByRole('heading', { name: 'API 密钥', level: 1 }).waitFor();
    const row = own.page.getByRole('row', { name: /会议脚本/ });
    await row.getByText('转录').waitFor();
    await row.getByRole('button', { name: '吊销 会议脚本' }).waitFor();
    expect(await accessibilityViolations(own.page)).toEqual([]);
    await screenshot(own.page, 'api-keys-zh');
    await own.context.close();

    const admin = await app.open({ email: ADMIN, admin: true, path: '/admin/api-keys', locale: 'zh-CN' });
    await admin.page.getByRole('heading', { name: 'API 密钥', level: 1 }).waitFor();
    await admin.page
      .getByRole('row', { name: /会议脚本/ })
      .getByText(OWNER)
      .waitFor();
    expect(await accessibilityViolations(admin.page)).toEqual([]);
    await screenshot(admin.page, 'admin-api-keys-zh');
    await admin.context.close();
  });
});
