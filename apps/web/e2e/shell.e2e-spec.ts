import { accessibilityViolations, DESKTOP, PHONE, screenshot, startWebApp, type WebApp } from './support/web-app.js';

// The page frame in a real browser: signing in by link, the sign-in page without one, languages.
describe('web app: signing in and the page frame (Chromium, real server)', () => {
  let app: WebApp;
  beforeAll(async () => {
    app = await startWebApp();
  }, 60_000);
  afterAll(() => app.close());

  it('takes the token from the #token= link, removes it from the address bar, and keeps the session', async () => {
    const { page } = await app.open({ email: 'link@example.com' });
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(page.url()).toBe(`${app.url}/`);
    expect(await page.evaluate(() => localStorage.getItem('ws.token'))).toMatch(/^ey/);
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in with a link' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('ws.token'))).toBeNull();
  });

  it('without a token, says how to get one; a bad token is refused', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const { page } = await app.open({ viewport });
      await page.getByText('npm run token -- --email you@example.com').waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'sign-in');
    }
    const { page } = await app.open();
    await page.getByLabel('Access token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Your sign-in has expired or is no longer valid').waitFor();
  });

  it('follows the browser’s language, switches, and remembers the choice', async () => {
    const { page } = await app.open({ email: 'zh@example.com', locale: 'zh-CN' });
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  });

  it('on a phone, keeps navigation, language and sign-out in the menu', async () => {
    const { page } = await app.open({ email: 'phone@example.com', admin: true, viewport: PHONE });
    await page.getByRole('link', { name: 'Whisper Summarizer' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Admin' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'menu');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in with a link' }).waitFor();
  });

  it('serves client routes from index.html: an unknown page says so', async () => {
    const { page } = await app.open({ email: 'lost@example.com', path: '/no/such/page' });
    await page.getByRole('heading', { name: 'This page does not exist.' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
