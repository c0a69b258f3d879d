import type { Page } from 'playwright-core';
import { apiClient, makeWav } from '@test/support/api.js';
import { TestData } from '@test/support/factories.js';
import { fixturePath } from '@test/support/fixtures.js';
import { accessibilityViolations, DESKTOP, PHONE, screenshot, startWebApp, type WebApp } from './support/web-app.js';

// A 1×1 PNG: an image, whatever its name says.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e1f3d40000000049454e44ae426082',
  'hex',
);
const XSS_NAME = '<img src=x onerror=alert(1)>.wav';

/** The list's row (desktop table) for the file of this name. */
function row(page: Page, name: string) {
  return page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
}

/** Counts the page's upload requests from now on. */
function countUploads(page: Page): { count: number } {
  const uploads = { count: 0 };
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/api/audio/upload')) uploads.count++;
  });
  return uploads;
}

// The signed-in user's main page in a real browser, against the real server and a runner with the
// stand-in whisper: uploading (several files, from the keyboard, recorded), refusals, live progress,
// cancel/retry/delete, search, filters and pages in the address, on desktop and phone.
describe('web app: the transcriptions page (Chromium, real server and runner)', () => {
  let app: WebApp;
  let data: TestData;
  let call: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    // Each whisper run takes 8 s: long enough for a loaded machine's page to show a running job before it ends.
    app = await startWebApp({ env: { MAX_UPLOAD_MB: '1' }, runner: { FAKE_WHISPER_DELAY_MS: '8000' } });
    data = TestData.of(app.server);
    call = apiClient(app.url);
  }, 90_000);
  afterAll(() => app.close());

  it('uploads two files at once and shows both progressing live to completed, without a reload', async () => {
    const { page } = await app.open({ email: 'two@example.com' });
    await page.getByRole('heading', { name: 'Transcriptions', level: 1 }).waitFor();
    await page.getByText('No transcriptions yet').waitFor();
    await page.evaluate(() => ((window as unknown as { samePage: boolean }).samePage = true));

    await page.locator('input[type=file]').setInputFiles([fixturePath('audio/jfk.wav'), fixturePath('audio/LDC93S1.wav')]);
    // Each row shows a stage with a percentage between 1 and 99 (progress as it happens), then completes.
    await Promise.all(
      ['jfk.wav', 'LDC93S1.wav'].map(async (name) => {
        await row(page, name)
          .getByText(/ · [1-9][0-9]?%$/)
          .waitFor({ timeout: 30_000 });
        await row(page, name).getByText('Completed', { exact: true }).waitFor({ timeout: 30_000 });
      }),
    );
    expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);
    expect(await row(page, 'jfk.wav').getByRole('cell').nth(2).textContent()).toMatch(/^0:1[01]$/);
  }, 80_000);

  it('cancels a running job (after confirming), retries it, and deletes it', async () => {
    const { page } = await app.open({ email: 'actions@example.com' });
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'cancel-me.wav', mimeType: 'audio/wav', buffer: makeWav(320_000) });
    const job = row(page, 'cancel-me.wav');
    await job.getByText(/Pending|Processing/).waitFor();

    await job.getByRole('button', { name: 'Cancel cancel-me.wav' }).click();
    const cancelDialog = page.getByRole('dialog', { name: 'Cancel this transcription?' });
    await cancelDialog.getByRole('button', { name: 'Cancel transcription' }).click();
    await page.getByText('“cancel-me.wav” was cancelled.').waitFor();
    await job.getByText('Cancelled', { exact: true }).waitFor();

    await job.getByRole('button', { name: 'Retry cancel-me.wav' }).click();
    await page.getByText('“cancel-me.wav” is waiting to be transcribed again.').waitFor();
    await job.getByText(/Pending|Processing|Completed/).waitFor();

    await job.getByRole('button', { name: 'Delete cancel-me.wav' }).click();
    const deleteDialog = page.getByRole('dialog', { name: 'Delete this transcription?' });
    // Keeping it changes nothing.
    await deleteDialog.getByRole('button', { name: 'Keep it' }).click();
    await deleteDialog.waitFor({ state: 'detached' });
    expect(await job.count()).toBe(1);
    await job.getByRole('button', { name: 'Delete cancel-me.wav' }).click();
    await deleteDialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByText('“cancel-me.wav” was deleted.').waitFor();
    await job.waitFor({ state: 'detached' });
    await page.getByText('No transcriptions yet').waitFor();
  }, 60_000);

  it('says why a file is refused: not audio (415, from the server); too large (before sending anything)', async () => {
    const { page } = await app.open({ email: 'refused@example.com' });
    const uploads = countUploads(page);
    const input = page.locator('input[type=file]');
    await input.setInputFiles({ name: 'picture.wav', mimeType: 'audio/wav', buffer: PNG });
    await page.getByText('This is not an audio or video file.').waitFor();
    expect(uploads.count).toBe(1);

    await input.setInputFiles({ name: 'too-big.wav', mimeType: 'audio/wav', buffer: makeWav(1_100_000) });
    await page.getByText('This file is larger than the upload limit of 1 MB; it was not sent.').waitFor();
    expect(uploads.count).toBe(1);
    // Failures stay until dismissed.
    await page.getByRole('button', { name: 'Remove too-big.wav from the uploads' }).click();
    await page.getByText('too-big.wav').waitFor({ state: 'detached' });
    await page.getByText('No transcriptions yet').waitFor();
  });

  it('puts the server’s other refusals in words: 400 (its own sentence), 429 (with the wait), 507', async () => {
    const { page } = await app.open({ email: 'answers@example.com' });
    // Answers the real server gives only under load, full disks or odd input, played here.
    const answers = [
      { status: 400, body: { statusCode: 400, message: 'the file is empty' } },
      { status: 429, body: { statusCode: 429, message: 'too many uploads' }, headers: { 'Retry-After': '120' } },
      { status: 507, body: { statusCode: 507, message: 'insufficient storage' } },
    ];
    await page.route('**/api/audio/upload', (route) => {
      const answer = answers.shift()!;
      return route.fulfill({ status: answer.status, json: answer.body, headers: answer.headers });
    });
    const input = page.locator('input[type=file]');
    for (const name of ['one.wav', 'two.wav', 'three.wav']) {
      await input.setInputFiles({ name, mimeType: 'audio/wav', buffer: makeWav(1000) });
      await page.getByText(name).waitFor();
    }
    await page.getByText('The server refused this file: the file is empty').waitFor();
    await page.getByText('Too many uploads; try again in 2 minutes.').waitFor();
    await page.getByText('The server’s disk is full; try again later or tell an administrator.').waitFor();
  });

  it('shows the bytes sent while uploading, and cancels an upload under way', async () => {
    const email = 'slow@example.com';
    const { page, context } = await app.open({ email });
    await page.getByText('No transcriptions yet').waitFor();
    const network = await context.newCDPSession(page);
    await network.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 100 * 1024,
    });
    await page.locator('input[type=file]').setInputFiles({ name: 'slow.wav', mimeType: 'audio/wav', buffer: makeWav(900_000) });
    await page.getByText(/^Uploading: .+ of 878\.9 kB \([1-9][0-9]?%\)$/).waitFor();
    await page.getByRole('button', { name: 'Cancel the upload of slow.wav' }).click();
    await page.getByText('Upload cancelled.').waitFor();
    const list = await call('GET', '/api/transcriptions', { token: await app.token(email) });
    expect(list.body.total).toBe(0);
  });

  it('shows a file name as text, never as markup', async () => {
    const { page } = await app.open({ email: 'xss@example.com' });
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    await page.locator('input[type=file]').setInputFiles({ name: XSS_NAME, mimeType: 'audio/wav', buffer: makeWav(64_000) });
    await page.getByRole('link', { name: XSS_NAME, exact: true }).waitFor();
    expect(await page.locator('main img').count()).toBe(0);
    expect(dialogs).toBe(0);
  });

  it('uploads from the keyboard alone: Tab to "Choose files", Enter opens the file chooser', async () => {
    const { page } = await app.open({ email: 'keyboard@example.com' });
    await page.getByText('No transcriptions yet').waitFor();
    // Listening before the key press: the browser only hands the chooser over once asked to.
    const chooserOpened = page.waitForEvent('filechooser');
    let focused = '';
    for (let presses = 0; presses < 30 && focused !== 'Choose files'; presses++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
    }
    expect(focused).toBe('Choose files');
    await page.keyboard.press('Enter');
    const chooser = await chooserOpened;
    expect(chooser.isMultiple()).toBe(true);
    await chooser.setFiles({ name: 'by-keyboard.wav', mimeType: 'audio/wav', buffer: makeWav(64_000) });
    await page.getByRole('link', { name: 'by-keyboard.wav', exact: true }).waitFor();
  });

  it('records from the microphone and uploads the recording', async () => {
    const { page } = await app.open({ email: 'recorder@example.com' });
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await page.getByRole('timer').getByText('Recording 0:01').waitFor();
    await page.getByRole('button', { name: 'Stop and upload' }).click();
    await page.getByRole('link', { name: /^recording-\d{4}-\d\d-\d\d-\d{4}\.(webm|ogg)$/ }).waitFor();
    await page.getByRole('button', { name: 'Record', exact: true }).waitFor();
  });

  it('says so when the microphone is refused, and offers no recording where the browser cannot record', async () => {
    const refused = await app.open({ email: 'recorder@example.com' });
    await refused.page.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    await refused.page.reload();
    await refused.page.getByRole('button', { name: 'Record', exact: true }).click();
    await refused.page.getByRole('alert').getByText('Microphone access was denied.', { exact: false }).waitFor();

    const old = await app.open({ email: 'recorder@example.com' });
    await old.page.addInitScript(() => delete (window as { MediaRecorder?: unknown }).MediaRecorder);
    await old.page.reload();
    await old.page.getByRole('button', { name: 'Choose files' }).waitFor();
    expect(await old.page.getByRole('button', { name: 'Record', exact: true }).count()).toBe(0);
  });

  describe('a longer list (no runner from here on: jobs stay as they are made)', () => {
    const owner = 'lister@example.com';
    beforeAll(async () => {
      await app.runner?.stop();
      const user = await data.user({ email: owner });
      const made = async (fileName: string, end?: 'complete' | 'fail') => {
        const job = await data.pending({ owner: user, fileName });
        if (end === 'complete') await data.complete(job.id, { durationSeconds: 754 });
        if (end === 'fail') await data.fail(job.id, 'whisper could not read the audio');
        return job.id;
      };
      for (let n = 1; n <= 20; n++) await made(`old-${String(n).padStart(2, '0')}.wav`, 'complete');
      await made('gamma meeting.wav', 'fail');
      await made('beta notes.wav', 'complete');
      const shared = await made('alpha meeting.wav', 'complete');
      await made('weekly sync.m4a');
      const running = await data.claimed('test-runner', { owner: user, fileName: 'interview-2026-11-27.mp3' });
      await data.progress(running, 'test-runner', 40);

      // Someone else's transcription, seen through a channel: marked, and read-only.
      const admin = await app.token('admin@example.com', { admin: true });
      const me = (await call('GET', '/api/users/me', { token: await app.token(owner) })).body;
      const channel = (await call('POST', '/api/admin/channels', { token: admin, json: { name: 'Sales' } })).body;
      await call('POST', `/api/admin/channels/${channel.id}/members`, { token: admin, json: { user_id: me.id } });
      const colleague = await data.user({ email: 'colleague@example.com' });
      const theirs = await data.pending({ owner: colleague, fileName: 'customer call.wav' });
      await data.complete(theirs.id, { durationSeconds: 95 });
      const assigned = await call('POST', `/api/transcriptions/${theirs.id}/channels`, {
        token: admin,
        json: { channel_ids: [channel.id] },
      });
      expect({ shared, status: assigned.status }).toEqual({ shared, status: 200 });
    });

    it('searches and filters, keeps page, status and search in the address, and pages', async () => {
      const { page } = await app.open({ email: owner });
      await row(page, 'customer call.wav').getByText('Channel: Sales').waitFor();
      expect(await row(page, 'customer call.wav').getByRole('button').count()).toBe(0);
      await row(page, 'interview-2026-11-27.mp3').getByText('Transcribing · 40%').waitFor();
      await page.getByText('1–20 of 26').waitFor();

      await page.getByRole('button', { name: 'Next page' }).click();
      await page.getByText('21–26 of 26').waitFor();
      expect(new URL(page.url()).searchParams.get('page')).toBe('2');

      await page.getByLabel('Search names, transcripts and summaries').fill('MEETING');
      await page.getByText('1–2 of 2').waitFor();
      expect(new URL(page.url()).searchParams.get('q')).toBe('MEETING');
      expect(new URL(page.url()).searchParams.get('page')).toBeNull();
      await row(page, 'alpha meeting.wav').waitFor();
      await row(page, 'gamma meeting.wav').getByText('whisper could not read the audio').waitFor();

      await page.getByLabel('Status', { exact: true }).selectOption('failed');
      await page.getByText('1–1 of 1').waitFor();
      await row(page, 'gamma meeting.wav').waitFor();
      expect(await row(page, 'alpha meeting.wav').count()).toBe(0);

      await page.reload();
      await page.getByText('1–1 of 1').waitFor();
      expect(await page.getByLabel('Search names, transcripts and summaries').inputValue()).toBe('MEETING');
      expect(await page.getByLabel('Status', { exact: true }).inputValue()).toBe('failed');

      await page.goBack();
      await page.getByText('1–2 of 2').waitFor();
      expect(await page.getByLabel('Status', { exact: true }).inputValue()).toBe('all');

      await page.getByLabel('Status', { exact: true }).selectOption('cancelled');
      await page.getByText('Nothing matches').waitFor();
      await page.getByRole('button', { name: 'Clear search and filter' }).click();
      await page.getByText('1–20 of 26').waitFor();
      expect(await page.getByLabel('Search names, transcripts and summaries').inputValue()).toBe('');
    });

    it('passes axe and fits desktop and phone screens', async () => {
      for (const viewport of [DESKTOP, PHONE]) {
        const { page } = await app.open({ email: owner, viewport });
        await page.getByRole('link', { name: 'customer call.wav' }).waitFor();
        await page.getByText('1–20 of 26').waitFor();
        expect(await accessibilityViolations(page)).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        await screenshot(page, 'transcriptions');
      }
    });
  });
});
