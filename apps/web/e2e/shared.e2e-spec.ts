import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { apiClient } from '@test/support/api.js';
import { TestData } from '@test/support/factories.js';
import { type FakeLlm, startFakeLlm } from '@test/support/fake-llm.js';
import { fixturePath } from '@test/support/fixtures.js';
import { accessibilityViolations, DESKTOP, PHONE, screenshot, startWebApp, type WebApp } from './support/web-app.js';

const OWNER = 'sharer@example.com';
const SEGMENTS = [
  { start: 0, end: 3.5, text: 'And so my fellow Americans,' },
  { start: 3.5, end: 7, text: 'ask not what your country can do for you,' },
  { start: 7, end: 11, text: 'ask what you can do for your country.' },
];

const segment = (page: Page, text: string) => page.getByRole('button', { name: new RegExp(`\\] ${text}$`) });
const NOT_FOUND = 'This link does not exist or was revoked';

// A share link from its owner's page to a reader without an account, and its revocation.
describe('web app: share links (Chromium, real server)', () => {
  let llm: FakeLlm;
  let app: WebApp;
  let jobId: string;

  beforeAll(async () => {
    llm = await startFakeLlm({ answer: () => ['He asks ', 'what you can do ', 'for your country.'] });
    // AUDIO_RETENTION_HOURS keeps the audio of the completed job, so the link can play it.
    app = await startWebApp({ env: { AUDIO_RETENTION_HOURS: '1', GLM_API_KEY: 'test-glm-key', GLM_BASE_URL: llm.url } });
    const data = TestData.of(app.server);
    const owner = await data.user({ email: OWNER });
    const job = await data.pending({ owner, fileName: 'inaugural.wav', audio: await readFile(fixturePath('audio/jfk.wav')) });
    await data.complete(job.id, {
      text: SEGMENTS.map((s) => s.text).join(' '),
      segments: SEGMENTS,
      summary: '## Key point\n\n- Serve the **country** <img src=x onerror=alert(1)>',
      durationSeconds: 11,
      language: 'en',
    });
    jobId = job.id;
    const asked = await apiClient(app.url)('POST', `/api/transcriptions/${jobId}/chat`, {
      token: await app.token(OWNER),
      json: { content: 'What is the request?' },
    });
    expect(asked.status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await llm.close();
  });

  it('creates a link that a reader opens without signing in, plays, downloads; revoked, it is gone', async () => {
    const { page: owner } = await app.open({ email: OWNER, path: `/transcriptions/${jobId}?tab=share` });
    await owner.getByLabel('Expires after (days)').fill('7');
    await owner.getByRole('button', { name: 'Create link' }).click();
    const url = await owner.getByRole('textbox', { name: 'Link' }).inputValue();
    expect(url).toMatch(new RegExp(`^${app.url}/shared/[A-Za-z0-9_-]{20,}$`));
    await owner.getByText('Live', { exact: true }).waitFor();
    await screenshot(owner, 'transcript-share-created');

    // A new browser, no account.
    const reader = await (await app.browser.newContext({ viewport: DESKTOP, acceptDownloads: true })).newPage();
    const dialogs: string[] = [];
    reader.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await reader.goto(url);
    await reader.getByRole('heading', { level: 1, name: 'inaugural.wav' }).waitFor();
    expect(await reader.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await segment(reader, 'ask what you can do for your country.').click();
    const time = await reader.evaluate(() => document.querySelector('audio')!.currentTime);
    expect(Math.abs(time - 7)).toBeLessThanOrEqual(0.5);
    await reader.locator('button[aria-current="true"]', { hasText: 'ask what you can do' }).waitFor();
    await reader.waitForFunction(() => {
      const audio = document.querySelector('audio')!;
      return !audio.paused && audio.currentTime > 7.3;
    });
    await reader.evaluate(() => document.querySelector('audio')!.pause());

    await reader.getByRole('button', { name: 'Download' }).click();
    const [download] = await Promise.all([
      reader.waitForEvent('download'),
      reader.getByRole('menuitem', { name: 'Web subtitles (.vtt)' }).click(),
    ]);
    const vtt = await readFile(await download.path(), 'utf8');
    expect(vtt).toMatch(/^WEBVTT/);
    expect(vtt).toMatch(/00:00:03\.500 --> 00:00:07\.000\r?\nask not what your country can do for you,/);

    await reader.getByRole('tab', { name: 'Summary' }).click();
    const summary = reader.getByTestId('summary');
    await summary.getByRole('heading', { name: 'Key point' }).waitFor();
    await summary.getByText('<img src=x onerror=alert(1)>', { exact: false }).waitFor();
    expect(await summary.locator('img').count()).toBe(0);
    await reader.getByRole('tab', { name: 'Chat' }).click();
    await reader.getByText('What is the request?').waitFor();
    await reader.getByText('He asks what you can do for your country.').waitFor();
    expect(await reader.getByRole('textbox').count()).toBe(0);
    expect(dialogs).toEqual([]);

    // The owner sees the visit, and revokes the link.
    await owner.reload();
    await owner.getByText('opened once').waitFor();
    await owner.getByRole('button', { name: 'Revoke' }).click();
    await owner.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await owner.getByText('Revoked', { exact: true }).waitFor();

    await reader.reload();
    await reader.getByRole('heading', { level: 1, name: NOT_FOUND }).waitFor();
    expect(await accessibilityViolations(reader)).toEqual([]);
    await screenshot(reader, 'shared-not-found');
  });

  it('reads well and passes axe on a desktop and a phone, at /s/ too, in Chinese as well', async () => {
    const created = await apiClient(app.url)('POST', `/api/transcriptions/${jobId}/share`, {
      token: await app.token(OWNER),
      json: {},
    });
    expect(created.status).toBe(201);
    for (const viewport of [DESKTOP, PHONE]) {
      const { page } = await app.open({ path: `/s/${created.body.share_token}`, viewport });
      await segment(page, 'And so my fellow Americans,').waitFor();
      await page
        .locator('audio')
        .evaluate((audio: HTMLAudioElement) =>
          audio.readyState >= 1 ? undefined : new Promise((resolve) => audio.addEventListener('loadedmetadata', resolve)),
        );
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'shared');
    }
    const { page } = await app.open({ path: created.body.share_url, locale: 'zh-CN' });
    await page.getByRole('tab', { name: '摘要' }).waitFor();
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('tab', { name: 'Summary' }).waitFor();
  });

  it('says plainly that an unknown link does not exist', async () => {
    const { page } = await app.open({ path: '/shared/no-such-token-at-all' });
    await page.getByRole('heading', { level: 1, name: NOT_FOUND }).waitFor();
  });
});
