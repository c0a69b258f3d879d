import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { apiClient, audioForm } from '@test/support/api.js';
import { TestData } from '@test/support/factories.js';
import { type FakeLlm, type FakeLlmRequest, startFakeLlm } from '@test/support/fake-llm.js';
import { fixturePath } from '@test/support/fixtures.js';
import { accessibilityViolations, DESKTOP, PHONE, screenshot, startWebApp, type WebApp } from './support/web-app.js';

const OWNER = 'owner@example.com';
const CHAT_ANSWER = ['The speaker ', 'asks what you ', 'can do for your country.'];
const SUMMARY = ['**Summary**: ', 'a short speech.'];

/** The page's <audio> element: where it is and whether it plays. */
const audioState = (page: Page) =>
  page.evaluate(() => {
    const audio = document.querySelector('audio')!;
    return { time: audio.currentTime, paused: audio.paused };
  });

/** The segment button whose text is `text` ("[mm:ss] text"). */
const segment = (page: Page, text: string) => page.getByRole('button', { name: new RegExp(`\\] ${text}$`) });

// The transcription page in a real browser: a real upload run by a real runner (stand-in whisper,
// stand-in language model), then the player, segments, downloads, editing, summaries, chat.
describe('web app: a transcription (Chromium, real server and runner)', () => {
  let llm: FakeLlm;
  let app: WebApp;
  let data: TestData;
  let jfkId: string;
  const dialogs: string[] = [];

  const open = async (path: string, viewport = DESKTOP) => {
    const opened = await app.open({ email: OWNER, path, viewport });
    opened.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    return opened;
  };

  beforeAll(async () => {
    llm = await startFakeLlm({
      answer: (request: FakeLlmRequest) => (request.stream ? CHAT_ANSWER : SUMMARY),
      chunkDelayMs: 300,
    });
    const glm = { GLM_API_KEY: 'test-glm-key', GLM_BASE_URL: llm.url, GLM_MODEL: 'glm-test' };
    app = await startWebApp({
      env: { ...glm, AUDIO_RETENTION_HOURS: '1' },
      runner: { ...glm, FAKE_WHISPER_DELAY_MS: '4000' },
    });
    data = TestData.of(app.server);
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await llm.close();
  });
  afterEach(() => expect(dialogs).toEqual([]));

  it('follows the job live, then plays, seeks and marks segments from the mouse and the keyboard', async () => {
    const upload = await apiClient(app.url)('POST', '/api/audio/upload', {
      token: await app.token(OWNER),
      form: audioForm(await readFile(fixturePath('audio/jfk.wav')), 'jfk.wav'),
    });
    expect(upload.status).toBe(201);
    jfkId = upload.body.id;
    const { page } = await open(`/transcriptions/${jfkId}`);
    await page.getByRole('heading', { level: 1, name: 'jfk.wav' }).waitFor();
    // The progress bar moves with the runner's reports, without a reload.
    await page.getByRole('progressbar').waitFor();
    await screenshot(page, 'transcript-progress');
    await page.getByText('Completed', { exact: true }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('progressbar').count()).toBe(0);
    await segment(page, 'w10 w11').waitFor();

    // A click plays from the segment's start and marks it as the one being heard.
    await segment(page, 'w2 w3').click();
    expect(Math.abs((await audioState(page)).time - 2)).toBeLessThanOrEqual(0.5);
    await page.locator('button[aria-current="true"]', { hasText: 'w2 w3' }).waitFor();
    await page.waitForFunction(() => {
      const audio = document.querySelector('audio')!;
      return !audio.paused && audio.currentTime > 2.3;
    });
    await page.evaluate(() => document.querySelector('audio')!.pause());

    // The keyboard: the arrows move between segments, Enter plays from the focused one.
    await segment(page, 'w2 w3').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('w6 w7');
    await page.keyboard.press('Enter');
    expect(Math.abs((await audioState(page)).time - 6)).toBeLessThanOrEqual(0.5);
    await page.locator('button[aria-current="true"]', { hasText: 'w6 w7' }).waitFor();
    await page.evaluate(() => document.querySelector('audio')!.pause());
    // The list is a single stop for Tab: only one segment is in the tab order.
    expect(await page.locator('ol button[tabindex="0"]').count()).toBe(1);
  });

  it('gets a new audio ticket when the one it has has expired', async () => {
    const { page } = await app.open({ email: OWNER });
    let tickets = 0;
    await page.route('**/api/audio/*/ticket', async (route) => {
      tickets += 1;
      if (tickets > 1) return route.continue();
      // As an hour-old ticket answers: the server refuses it.
      await route.fulfill({
        status: 201,
        json: { url: `/api/audio/${jfkId}?ticket=expired`, expires_at: new Date(Date.now() - 1000).toISOString() },
      });
    });
    await page.goto(`${app.url}/transcriptions/${jfkId}`);
    await page.waitForFunction(() => {
      const audio = document.querySelector('audio');
      return audio && audio.readyState >= 1 && !audio.src.includes('ticket=expired');
    });
    expect(tickets).toBe(2);
    await segment(page, 'w4 w5').click();
    await page.waitForFunction(() => !document.querySelector('audio')!.paused);
  });

  it('downloads the SRT and copies the transcript', async () => {
    const { context, page } = await open(`/transcriptions/${jfkId}`);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
    await segment(page, 'w0 w1').waitFor();
    await page.getByRole('button', { name: 'Download' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'Subtitles (.srt)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.srt$/);
    const srt = await readFile(await download.path(), 'utf8');
    expect(srt).toMatch(/^1\r?\n00:00:00,000 --> 00:00:02,000\r?\nw0 w1\r?\n/);
    expect(srt).toMatch(/\n00:00:02,000 --> 00:00:04,000\r?\nw2 w3\r?\n/);
    expect(srt).toContain('w10 w11');

    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Transcript copied').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('w0 w1');
  });

  it('edits segments, sending only the changed ones, and says the transcript was edited', async () => {
    const { page } = await open(`/transcriptions/${jfkId}`);
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('textbox', { name: 'Text at 00:04' }).fill('And so, my fellow Americans');
    const [patch] = await Promise.all([
      page.waitForRequest((request) => request.method() === 'PATCH'),
      page.getByRole('button', { name: 'Save changes' }).first().click(),
    ]);
    expect(patch.postDataJSON()).toEqual({ segments: [{ index: 2, text: 'And so, my fellow Americans' }] });
    await segment(page, 'And so, my fellow Americans').waitFor();
    await page.getByText('Edited', { exact: true }).first().waitFor();
    expect(await segment(page, 'w6 w7').count()).toBe(1);
  });

  it('shows the summary and makes a new one on request, keeping the earlier one', async () => {
    const { page } = await open(`/transcriptions/${jfkId}?tab=summary`);
    const summary = page.getByTestId('summary');
    await summary.getByText('a short speech.').waitFor();
    expect(await summary.locator('strong').textContent()).toBe('Summary');
    await page.getByRole('button', { name: 'Summarize again' }).click();
    await page.getByLabel('Instruction (optional)').fill('Only the main point');
    const [queued] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith('/summarize')),
      page.getByRole('button', { name: 'Summarize', exact: true }).click(),
    ]);
    expect(queued.status()).toBe(202);
    // Queued again (a runner waiting for work may have taken it already).
    const requeued = await queued.json();
    expect(requeued.kind).toBe('summarize');
    expect(['pending', 'processing']).toContain(requeued.status);
    await page.getByText('An earlier summary').waitFor({ timeout: 30_000 });
    await summary.getByText('asked for: Only the main point').waitFor();
    expect(llm.requests.some((request) => JSON.stringify(request.messages).includes('Only the main point'))).toBe(true);
  });

  it('answers a chat question as it is written, and keeps the conversation', async () => {
    const { page } = await open(`/transcriptions/${jfkId}?tab=chat`);
    await page.getByLabel('Your question').fill('What does he ask?');
    await page.getByLabel('Your question').press('Enter');
    // The first piece shows before the answer is complete.
    await page.getByText('The speaker', { exact: false }).waitFor();
    expect(await page.getByText('can do for your country.').count()).toBe(0);
    await page.getByText('The speaker asks what you can do for your country.').waitFor();
    await page.reload();
    await page.getByText('What does he ask?').waitFor();
    await page.getByText('The speaker asks what you can do for your country.').waitFor();
  });

  it('reads well and passes axe on a desktop and a phone', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const { page } = await open(`/transcriptions/${jfkId}`, viewport);
      await segment(page, 'w0 w1').waitFor();
      await page
        .locator('audio')
        .evaluate((audio: HTMLAudioElement) =>
          audio.readyState >= 1 ? undefined : new Promise((resolve) => audio.addEventListener('loadedmetadata', resolve)),
        );
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'transcript');
      // Each tab, once its content has loaded.
      const loaded = {
        Summary: page.getByTestId('summary'),
        Chat: page.getByText('What does he ask?'),
        Share: page.getByText('No links yet.'),
      };
      for (const [tab, content] of Object.entries(loaded)) {
        await page.getByRole('tab', { name: tab }).click();
        await content.waitFor();
        expect(await accessibilityViolations(page)).toEqual([]);
        await screenshot(page, `transcript-${tab.toLowerCase()}`);
      }
    }
  });

  // Jobs arranged directly in the database: the runner must not take them first.
  describe('with jobs arranged directly (no runner)', () => {
    beforeAll(() => app.runner?.stop());

    it('shows a summary and a file name with HTML in them as text, running nothing', async () => {
      const owner = await data.user({ email: OWNER });
      const fileName = '<img src=x onerror=alert("name")>.wav';
      const job = await data.pending({ owner, fileName });
      await data.complete(job.id, {
        summary: [
          '# Notes',
          '<img src=x onerror=alert("summary")>',
          '',
          '<script>alert("script")</script>',
          '',
          '[the source](https://example.com/a) and [a trap](javascript:alert("link"))',
        ].join('\n'),
      });
      const { page } = await open(`/transcriptions/${job.id}?tab=summary`);
      await page.getByRole('heading', { level: 1, name: fileName }).waitFor();
      const summary = page.getByTestId('summary');
      await summary.getByText('<img src=x onerror=alert("summary")>').waitFor();
      await summary.getByText('<script>alert("script")</script>').waitFor();
      expect(await page.locator('main img, main script').count()).toBe(0);
      const link = summary.getByRole('link', { name: 'the source' });
      expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
      expect(await link.getAttribute('target')).toBe('_blank');
      expect(await summary.getByRole('link', { name: 'a trap' }).getAttribute('href')).not.toContain('javascript');
      // Markdown headings sit under the page's own.
      expect(await summary.getByRole('heading', { name: 'Notes' }).evaluate((heading) => heading.tagName)).toBe('H3');
    });

    it('says no speech was detected instead of an empty transcript, and how much speech there was otherwise', async () => {
      const owner = await data.user({ email: OWNER });
      const silent = await data.pending({ owner, fileName: 'silent.wav' });
      await data.complete(silent.id, { text: '', segments: [], durationSeconds: 45, speechSeconds: 0 });
      const { page } = await open(`/transcriptions/${silent.id}`);
      await page.getByText('No speech was detected in this recording, so there is nothing to transcribe.').waitFor();
      expect(await page.getByText('There is no transcript.').count()).toBe(0);

      const spoken = await data.pending({ owner, fileName: 'spoken.wav' });
      await data.complete(spoken.id, { durationSeconds: 600, speechSeconds: 95 });
      await page.goto(`${app.url}/transcriptions/${spoken.id}`);
      await page.getByText('Speech', { exact: true }).waitFor();
      await page.getByText('01:35', { exact: true }).waitFor();
    });

    it('shows why a job failed and retries it', async () => {
      const owner = await data.user({ email: OWNER });
      const job = await data.pending({ owner, fileName: 'broken.wav', audio: await readFile(fixturePath('audio/LDC93S1.wav')) });
      await data.fail(job.id, 'ffmpeg could not read the audio: Invalid data found when processing input');
      const { page } = await open(`/transcriptions/${job.id}`);
      await page.getByText('This transcription failed').waitFor();
      await page.getByText('ffmpeg could not read the audio: Invalid data found when processing input').waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'transcript-failed');
      await page.getByRole('button', { name: 'Retry' }).click();
      await page.getByText('This transcription failed').waitFor({ state: 'detached' });
      await page.getByText('Waiting', { exact: true }).waitFor();
      await page.getByText('Transcription — waiting for a runner').waitFor();
    });

    it("shows a channel's transcription read-only to a member: no edit, share, summarize or delete", async () => {
      const call = apiClient(app.url);
      const admin = await app.token('admin@example.com', { admin: true });
      const member = await data.user({ email: 'member@example.com' });
      const owner = await data.user({ email: OWNER });
      const job = await data.complete((await data.pending({ owner, fileName: 'team-call.wav' })).id, { summary: 'Plans.' });
      const channel = await call('POST', '/api/admin/channels', { token: admin, json: { name: 'Team' } });
      expect(channel.status).toBe(201);
      const joined = await call('POST', `/api/admin/channels/${channel.body.id}/members`, {
        token: admin,
        json: { user_id: member.id },
      });
      expect(joined.status).toBe(201);
      const assigned = await call('POST', `/api/admin/audio/${job.id}/channels`, {
        token: admin,
        json: { channel_ids: [channel.body.id] },
      });
      expect(assigned.status).toBe(200);

      const { page } = await app.open({ email: 'member@example.com', path: `/transcriptions/${job.id}` });
      await page.getByRole('heading', { level: 1, name: 'team-call.wav' }).waitFor();
      await page.getByText('Team', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Copy' }).waitFor();
      for (const name of ['Delete', 'Edit']) expect(await page.getByRole('button', { name }).count()).toBe(0);
      expect(await page.getByRole('tab', { name: 'Share' }).count()).toBe(0);
      await page.getByRole('tab', { name: 'Summary' }).click();
      await page.getByText('Plans.').waitFor();
      expect(await page.getByRole('button', { name: 'Summarize again' }).count()).toBe(0);
      await page.getByRole('tab', { name: 'Chat' }).waitFor();
    });

    it('deletes after a confirmation and goes back to the list', async () => {
      const owner = await data.user({ email: OWNER });
      const job = await data.complete((await data.pending({ owner, fileName: 'to-delete.wav' })).id);
      const { page } = await open(`/transcriptions/${job.id}`);
      await page.getByRole('button', { name: 'Delete' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
      await page.waitForURL(`${app.url}/`);
      expect(await data.exists(job.id)).toBe(false);
    });
  });
});
