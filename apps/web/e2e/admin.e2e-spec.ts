import { TranscriptionStatus } from '@app/contracts';
import { userIdForEmail } from '@server/auth/access-token.js';
import { apiClient, audioForm, makeWav } from '@test/support/api.js';
import { TestData } from '@test/support/factories.js';
import { until } from '@test/support/wait.js';
import type { Locator, Page } from 'playwright-core';
import { accessibilityViolations, DESKTOP, PHONE, screenshot, startWebApp, type WebApp } from './support/web-app.js';

const ADMIN = 'admin@example.com';
const WAITING = 'waiting@example.com';
const OWNER = 'owner@example.com';

/** Presses Tab until `target` has the focus: it is reachable from the keyboard. */
async function tabTo(page: Page, target: Locator, maxPresses = 80): Promise<void> {
  for (let press = 0; press < maxPresses; press++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error(`not reached with ${maxPresses} presses of Tab`);
}

/** The page itself never scrolls sideways (wide tables scroll inside their own area). */
function pageOverflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

/** axe finds nothing serious, nothing scrolls the page sideways, and a screenshot at both sizes. */
async function checkAtBothSizes(app: WebApp, path: string, name: string, ready: (page: Page) => Promise<void>): Promise<void> {
  for (const viewport of [DESKTOP, PHONE]) {
    const { page, context } = await app.open({ email: ADMIN, admin: true, path, viewport });
    await ready(page);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await pageOverflowsSideways(page)).toBe(false);
    await screenshot(page, name);
    await context.close();
  }
}

// The admin section in a real browser, against the real server and a runner with the stand-in
// whisper. New accounts wait for an administrator (AUTO_ACTIVATE_USERS=false). The runner takes one
// job at a time and is kept busy with a long one, so it leaves alone the jobs the tests arrange.
describe('web app: the admin section (Chromium, real server and runner)', () => {
  let app: WebApp;
  let data: TestData;
  let failedJobId: string;

  beforeAll(async () => {
    app = await startWebApp({
      env: { AUTO_ACTIVATE_USERS: 'false' },
      runner: { MAX_CONCURRENT_JOBS: '1', FAKE_WHISPER_DELAY_MS: '600000' },
    });
    data = TestData.of(app.server);
    const call = apiClient(app.url);
    const upload = await call('POST', '/api/audio/upload', {
      token: await app.token(ADMIN, { admin: true }),
      form: audioForm(makeWav(64_000), 'runner-is-busy.wav'),
    });
    expect(upload.status).toBe(201);
    await until(async () => (await data.transcription(upload.body.id)).status === TranscriptionStatus.Processing, 20_000);

    const owner = await data.user({ email: OWNER });
    await data.pendingJobs(2, { owner });
    for (const name of ['first.wav', 'second.wav'])
      await data.complete((await data.pending({ owner, fileName: name })).id, { durationSeconds: 60, processingTimeSeconds: 15 });
    const broken = await data.pending({ owner, fileName: 'broken.wav', audio: makeWav(32_000) });
    failedJobId = (await data.fail(broken.id, 'the decoder gave up')).id;
  }, 90_000);
  afterAll(() => app.close());

  it('an admin activates a waiting user, whose page then opens by itself', async () => {
    const waiting = await app.open({ email: WAITING });
    await waiting.page.getByRole('heading', { name: 'Waiting for an administrator' }).waitFor();

    await checkAtBothSizes(app, '/admin/users', 'admin-users', async (page) => {
      await page.getByRole('link', { name: /Users.*1 waiting for activation/ }).waitFor();
      // Waiting accounts come first.
      await page
        .getByRole('row')
        .nth(1)
        .getByRole('switch', { name: `Active: ${WAITING}` })
        .waitFor();
    });

    const { page } = await app.open({ email: ADMIN, admin: true, path: '/admin/users' });
    const activate = page.getByRole('switch', { name: `Active: ${WAITING}` });
    await activate.waitFor();
    expect(await activate.isChecked()).toBe(false);
    await tabTo(page, activate);
    await page.keyboard.press('Space');
    await until(async () => (await data.users.findById(userIdForEmail(WAITING)))?.isActive === true);
    expect(await activate.isChecked()).toBe(true);
    await page.getByRole('link', { name: /waiting for activation/ }).waitFor({ state: 'detached' });

    // The waiting screen checks again every 5 s: the list opens without a reload.
    await waiting.page.locator('#main').getByRole('heading', { level: 1 }).waitFor({ timeout: 15_000 });
    expect(await waiting.page.getByRole('heading', { name: 'Waiting for an administrator' }).count()).toBe(0);
  });

  it('explains, as a sentence, why the only admin cannot revoke their own admin rights', async () => {
    const { page } = await app.open({ email: ADMIN, admin: true, path: '/admin/users' });
    const ownAdmin = page.getByRole('switch', { name: `Administrator: ${ADMIN}` });
    await ownAdmin.click();
    await page
      .getByRole('alert')
      .getByText(`${ADMIN} cannot lose administrator rights: they are the last active administrator`)
      .waitFor();
    expect(await ownAdmin.isChecked()).toBe(true);
    expect((await data.users.findById(userIdForEmail(ADMIN)))?.isAdmin).toBe(true);
  });

  it('deletes a user only after confirmation', async () => {
    const leaving = await data.user({ email: 'leaving@example.com' });
    const { page } = await app.open({ email: ADMIN, admin: true, path: '/admin/users' });
    const remove = page.getByRole('button', { name: 'Delete leaving@example.com' });
    await remove.click();
    await page.getByRole('dialog', { name: 'Delete this user?' }).getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await data.users.findById(leaving.id)).toBeDefined();

    await tabTo(page, remove);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Delete this user?' });
    await dialog.getByText('leaving@example.com and all their transcriptions and audio will be deleted').waitFor();
    await dialog.getByRole('button', { name: 'Delete user' }).click();
    await remove.waitFor({ state: 'detached' });
    expect(await data.users.findById(leaving.id)).toBeUndefined();
  });

  it('the dashboard counts every job, with a chart of jobs per hour and its text alternative', async () => {
    const count = async (status: TranscriptionStatus) => (await data.allIn(status)).length;
    const expected = {
      pending: await count(TranscriptionStatus.Pending),
      processing: await count(TranscriptionStatus.Processing),
      completed: await count(TranscriptionStatus.Completed),
      failed: await count(TranscriptionStatus.Failed),
    };
    // What beforeAll arranged through the factories is in these counts.
    expect(expected).toEqual({ pending: 2, processing: 1, completed: 2, failed: 1 });
    const created = (await data.allIn()).length;

    await checkAtBothSizes(app, '/admin', 'admin-dashboard', async (page) => {
      for (const [label, value] of [
        ['Pending', expected.pending],
        ['Processing', expected.processing],
        ['Completed', expected.completed],
        ['Failed', expected.failed],
      ] as const)
        await page.getByRole('link', { name: `${label} ${value}` }).waitFor();
      await page.getByText('2 jobs waiting').waitFor();
      await page.getByText('2 completed · 1 failed').waitFor();
      await page.getByText('×0.25').waitFor(); // 15 s of processing per 60 s of audio
      await page.getByText('15 sec', { exact: true }).waitFor();
      await page.getByText('Accepting uploads').waitFor();
      await page.locator('.recharts-surface').first().waitFor();
      expect(await page.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
      await page.getByText(`Last 24 hours: ${created} created, 2 completed, 1 failed.`).waitFor();
      const table = page.getByRole('table', { name: 'Jobs per hour over the last 24 hours' });
      expect(await table.getByRole('row').count()).toBe(25);
      const thisHour = await table.getByRole('row').last().getByRole('cell').allTextContents();
      expect(thisHour).toEqual([String(created), '2', '1']);
    });

    // A count opens the jobs page filtered to it.
    const { page } = await app.open({ email: ADMIN, admin: true, path: '/admin' });
    await page.getByRole('link', { name: 'Failed 1' }).click();
    await page.getByRole('button', { name: 'Requeue broken.wav' }).waitFor();
    expect(new URL(page.url()).searchParams.get('status')).toBe('failed');
  });

  it('lists the running runner as online, with its job', async () => {
    await checkAtBothSizes(app, '/admin/runners', 'admin-runners', async (page) => {
      const row = page.getByRole('row').filter({ hasText: 'Online' });
      await row.waitFor();
      expect(await row.getByRole('cell').nth(2).textContent()).toBe('1 / 1');
      expect(await row.getByRole('cell').nth(3).textContent()).toBe('1');
      expect(await row.getByRole('cell').nth(5).textContent()).toBe('tiny.en'); // the models it announced
      await page.getByText('1 runner, 1 online').waitFor();
    });
  });

  it('filters jobs by status and requeues a failed one', async () => {
    await checkAtBothSizes(app, '/admin/jobs', 'admin-jobs', async (page) => {
      await page.getByText('6 jobs').waitFor();
      await page.getByRole('cell', { name: 'broken.wav', exact: true }).waitFor();
      await page.getByText('the decoder gave up').waitFor();
    });

    const { page } = await app.open({ email: ADMIN, admin: true, path: '/admin/jobs' });
    // Another user's job is text; the admin's own opens its transcript page.
    await page.getByRole('link', { name: 'runner-is-busy.wav' }).waitFor();
    expect(await page.getByRole('link', { name: 'broken.wav' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Cancel job runner-is-busy.wav' }).waitFor();
    // Anyone's waiting job can be cancelled, after a confirmation.
    await page.getByRole('button', { name: 'Cancel job job-1.wav' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel job' }).click();
    await page.getByRole('row').filter({ hasText: 'job-1.wav' }).getByText('cancelled by an administrator').waitFor();

    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Failed' }).click();
    await page.getByText('1 job', { exact: true }).waitFor();
    expect(new URL(page.url()).searchParams.get('status')).toBe('failed');
    expect(await page.getByRole('row').count()).toBe(2); // the header and broken.wav

    const requeue = page.getByRole('button', { name: 'Requeue broken.wav' });
    await tabTo(page, requeue);
    await page.keyboard.press('Enter');
    await page.getByText('No jobs match.').waitFor();
    expect((await data.transcription(failedJobId)).status).toBe(TranscriptionStatus.Pending);
  });

  it('creates, renames and deletes a channel, and chooses its members', async () => {
    const { page } = await app.open({ email: ADMIN, admin: true, path: '/admin/channels' });
    await page.getByText('No channels yet.').waitFor();
    await page.getByRole('button', { name: 'New channel' }).click();
    const form = page.getByRole('dialog', { name: 'New channel' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Sales');
    await form.getByRole('textbox', { name: 'Description' }).fill('Calls with customers');
    await form.getByRole('button', { name: 'Create channel' }).click();
    await page.getByRole('cell', { name: 'Sales', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Edit Sales' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit channel' });
    await edit.getByRole('textbox', { name: 'Name' }).fill('Sales EMEA');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Sales EMEA', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Members of Sales EMEA: 0' }).click();
    const members = page.getByRole('dialog', { name: 'Members of Sales EMEA' });
    await members.getByText('No members yet.').waitFor();
    await members.getByRole('combobox', { name: 'Add a member' }).fill('owner');
    await page.getByRole('option', { name: OWNER }).click();
    await members.getByRole('button', { name: 'Add', exact: true }).click();
    const removeOwner = members.getByRole('button', { name: `Remove ${OWNER} from the channel` });
    await removeOwner.waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await removeOwner.click();
    await members.getByText('No members yet.').waitFor();
    await page.keyboard.press('Escape');
    await members.waitFor({ state: 'detached' });

    // A second channel, so that the screenshots show a list.
    await page.getByRole('button', { name: 'New channel' }).click();
    await page.getByRole('textbox', { name: 'Name' }).fill('Research');
    await page.keyboard.press('Enter');
    await page.getByRole('cell', { name: 'Research', exact: true }).waitFor();
    await checkAtBothSizes(app, '/admin/channels', 'admin-channels', async (check) => {
      await check.getByRole('cell', { name: 'Sales EMEA', exact: true }).waitFor();
    });

    await page.getByRole('button', { name: 'Delete Research' }).click();
    await page.getByRole('dialog', { name: 'Delete this channel?' }).getByRole('button', { name: 'Delete channel' }).click();
    await page.getByRole('cell', { name: 'Research', exact: true }).waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'Sales EMEA', exact: true }).waitFor();
  });

  it('the dashboard says which jobs wait for a model no online runner has', async () => {
    const owner = await data.user({ email: 'routing@example.com' });
    await data.pending({ owner, fileName: 'needs-large.wav', model: 'large-v9' });
    const { page } = await app.open({ email: ADMIN, admin: true, path: '/admin' });
    const alert = page.getByRole('alert').filter({ hasText: 'Jobs waiting for a model no runner has' });
    await alert.getByText('large-v9: 1 job waits until a runner with this model comes online.').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('moves between the admin pages with the sub-navigation, from the keyboard too, in Chinese as well', async () => {
    const { page } = await app.open({ email: ADMIN, admin: true, path: '/admin' });
    const nav = page.getByRole('navigation', { name: 'Administration' });
    const runners = nav.getByRole('link', { name: 'Runners' });
    await tabTo(page, runners);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Runners' }).waitFor();
    expect(await runners.getAttribute('aria-current')).toBe('page');
    await nav.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/users');

    const chinese = await app.open({ email: ADMIN, admin: true, path: '/admin/jobs', locale: 'zh-CN' });
    await chinese.page.getByRole('heading', { level: 1, name: '任务' }).waitFor();
    await chinese.page.getByRole('navigation', { name: '管理' }).getByRole('link', { name: '运行器' }).waitFor();
    await chinese.page.getByRole('combobox', { name: '状态' }).waitFor();
  });
});
