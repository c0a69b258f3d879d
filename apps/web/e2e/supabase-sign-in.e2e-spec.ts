import { FAKE_ANON_KEY, type FakeSupabaseAuth, startFakeSupabaseAuth } from '@test/support/fake-supabase-auth.js';
import { TEST_JWT_SECRET } from '@test/support/tokens.js';
import { accessibilityViolations, startWebApp, type WebApp } from './support/web-app.js';

// Supabase mode: the real @supabase/supabase-js in the page, against a stand-in for Supabase Auth.
describe('web app: signing in with Supabase (Chromium, real server, stand-in Supabase Auth)', () => {
  let auth: FakeSupabaseAuth;
  let app: WebApp;
  beforeAll(async () => {
    // Tokens live 8 s: the client must refresh them to keep working.
    auth = await startFakeSupabaseAuth({ 'ada@example.com': 'correct horse' }, { tokenSeconds: 8 });
    app = await startWebApp({
      env: {
        SUPABASE_URL: auth.url,
        SUPABASE_JWT_SECRET: TEST_JWT_SECRET,
        SUPABASE_ANON_KEY: FAKE_ANON_KEY,
        AUTO_ACTIVATE_USERS: 'true',
      },
    });
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await auth.close();
  });

  it('signs in with e-mail and password, refreshes the session, and signs out', async () => {
    const { page } = await app.open();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Password', { exact: true }).fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/Sign-in failed: Invalid login credentials/).waitFor();

    await page.getByLabel('Password', { exact: true }).fill('correct horse');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByText('ada@example.com').waitFor();

    // Past the first token's life, a reload still finds the user: the client refreshed it.
    await page.waitForTimeout(9_000);
    const me = page.waitForResponse((response) => response.url().endsWith('/api/users/me'));
    await page.reload();
    expect((await me).status()).toBe(200);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(auth.grants).toContain('refresh_token');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(auth.signOuts).toBe(1);
  }, 60_000);

  it('sends a magic link that leads back to this page', async () => {
    const { page } = await app.open();
    await page.getByLabel('Email').fill('new@example.com');
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.getByText('Check your inbox: we sent a sign-in link to new@example.com.').waitFor();
    expect(auth.magicLinks).toEqual([{ email: 'new@example.com', redirectTo: app.url }]);
  });
});
