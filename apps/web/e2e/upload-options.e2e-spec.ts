import { apiClient, audioForm, makeWav } from '@test/support/api.js';
import { TestData } from '@test/support/factories.js';
import { accessibilityViolations, DESKTOP, PHONE, screenshot, startWebApp, type WebApp } from './support/web-app.js';

const ADMIN = 'templates-admin@example.com';
const USER = 'options@example.com';
const INSTRUCTION = 'List the decisions, then the action items with their owners';

// Per-job options in a real browser against the real server: an admin keeps summary templates,
// a user opens the upload options, picks translate, a prompt and a template, and the job has them.
describe('web app: upload options and summary templates (Chromium, real server)', () => {
  let app: WebApp;
  let data: TestData;
  let call: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    app = await startWebApp();
    data = TestData.of(app.server);
    call = apiClient(app.url);
  }, 60_000);
  afterAll(() => app.close());

  it('an admin creates, edits and deletes (after confirming) summary templates', async () => {
    const { page } = await app.open({ email: ADMIN, admin: true, path: '/admin/summary-templates' });
    await page.getByRole('heading', { name: 'Summary templates', level: 1 }).waitFor();
    await page.getByText('There are no summary templates yet.').waitFor();

    for (const name of ['Meeting minutes', 'Scratch']) {
      await page.getByRole('button', { name: 'New template' }).click();
      const dialog = page.getByRole('dialog', { name: 'New summary template' });
      await dialog.getByLabel('Name').fill(name);
      await dialog.getByLabel('Instruction').fill(name === 'Scratch' ? 'Temporary' : INSTRUCTION);
      await dialog.getByRole('button', { name: 'Create template' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('cell', { name, exact: true }).waitFor();
    }
    // A name taken, whatever its case, is said in the form.
    await page.getByRole('button', { name: 'New template' }).click();
    const dialog = page.getByRole('dialog', { name: 'New summary template' });
    await dialog.getByLabel('Name').fill('meeting MINUTES');
    await dialog.getByLabel('Instruction').fill('x');
    await dialog.getByRole('button', { name: 'Create template' }).click();
    await dialog.getByText('Another template has this name.').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Edit Scratch' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit summary template' });
    await edit.getByLabel('Instruction').fill('Temporary, edited');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' }); // closed before the page is scanned
    await page.getByText('Temporary, edited').waitFor();

    for (const viewport of [DESKTOP, PHONE]) {
      await page.setViewportSize(viewport);
      await page.getByRole('cell', { name: 'Meeting minutes', exact: true }).waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'admin-templates');
    }
    await page.setViewportSize(DESKTOP);

    await page.getByRole('button', { name: 'Delete Scratch' }).click();
    await page.getByRole('dialog', { name: 'Delete this template?' }).getByRole('button', { name: 'Delete template' }).click();
    await page.getByRole('cell', { name: 'Scratch', exact: true }).waitFor({ state: 'detached' });
    const listed = await call('GET', '/api/admin/summary-templates', { token: await app.token(ADMIN, { admin: true }) });
    expect(listed.body.map((template: { name: string }) => template.name)).toEqual(['Meeting minutes']);
  });

  it('a user opens the options, picks translate, a prompt and a template; the upload carries them, and they are remembered', async () => {
    const { page } = await app.open({ email: USER });
    await page.getByRole('heading', { name: 'Transcriptions', level: 1 }).waitFor();
    const toggle = page.getByRole('button', { name: 'Options', exact: true });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    await page.getByLabel('Task').selectOption({ label: 'Translate to English' });
    await page.getByLabel('Prompt').fill('Kubernetes, Zhang Wei');
    expect(await page.getByLabel('Model').inputValue()).toBe('');
    await page.getByLabel('Model').getByRole('option', { name: 'Server default' }).waitFor({ state: 'attached' });
    await page.getByLabel('Summary', { exact: true }).selectOption({ label: 'Meeting minutes' });
    await page.getByTestId('template-instruction').getByText(INSTRUCTION).waitFor();
    await page.getByLabel('Word-level timestamps').check();
    expect(await page.getByLabel('Skip silence').isChecked()).toBe(true);
    await page.getByLabel('Skip silence').uncheck();

    for (const viewport of [DESKTOP, PHONE]) {
      await page.setViewportSize(viewport);
      await page.getByLabel('Prompt').waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'upload-options');
    }
    await page.setViewportSize(DESKTOP);

    await page.locator('input[type=file]').setInputFiles({ name: 'options.wav', mimeType: 'audio/wav', buffer: makeWav(64_044) });
    await page.getByText('Uploaded. It is now in the list below.').waitFor();
    const token = await app.token(USER);
    const list = await call('GET', '/api/transcriptions', { token });
    expect(list.body.items).toHaveLength(1);
    const id = list.body.items[0].id as string;
    const job = await call('GET', `/api/transcriptions/${id}`, { token });
    expect(job.body).toMatchObject({
      file_name: 'options.wav',
      task: 'translate',
      prompt: 'Kubernetes, Zhang Wei',
      word_timestamps: true,
      vad: false,
      summary_instruction: INSTRUCTION,
    });

    await page.getByRole('link', { name: 'options.wav' }).first().click();
    await page.getByText('Translated to English').waitFor();
    await page.getByText('Kubernetes, Zhang Wei').waitFor();
    await page.getByText(INSTRUCTION).waitFor();

    // The choices and the open section are remembered in this browser.
    await page.goto(`${app.url}/`);
    expect(await page.getByRole('button', { name: 'Options', exact: true }).getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByLabel('Task').inputValue()).toBe('translate');
    expect(await page.getByLabel('Prompt').inputValue()).toBe('Kubernetes, Zhang Wei');
    expect(await page.getByLabel('Skip silence').isChecked()).toBe(false);
  });

  it('a custom instruction is sent instead of a template; "Summarize again" offers the templates', async () => {
    const email = 'again@example.com';
    const { page } = await app.open({ email });
    await page.getByRole('button', { name: 'Options', exact: true }).click();
    await page.getByLabel('Summary', { exact: true }).selectOption({ label: 'My own instruction' });
    await page.getByLabel('Summary instruction').fill('Three bullet points');
    await page.locator('input[type=file]').setInputFiles({ name: 'custom.wav', mimeType: 'audio/wav', buffer: makeWav(64_044) });
    await page.getByText('Uploaded. It is now in the list below.').waitFor();
    const token = await app.token(email);
    const [uploaded] = (await call('GET', '/api/transcriptions', { token })).body.items;
    expect(uploaded).toMatchObject({ task: 'transcribe', prompt: null, summary_instruction: 'Three bullet points' });

    const admin = await app.token(ADMIN, { admin: true });
    const made = await call('POST', '/api/admin/summary-templates', {
      token: admin,
      json: { name: 'Speakers', instruction: 'Name the speakers' },
    });
    expect(made.status).toBe(201);
    const owner = await data.user({ email });
    const done = await data.complete((await data.pending({ owner, fileName: 'done.wav' })).id, { summary: 'Old.' });
    await page.goto(`${app.url}/transcriptions/${done.id}?tab=summary`);
    await page.getByRole('button', { name: 'Summarize again' }).click();
    const dialog = page.getByRole('dialog', { name: 'Summarize again' });
    await dialog.getByLabel('Template').selectOption({ label: 'Speakers' });
    await dialog.getByText('Name the speakers').waitFor();
    await dialog.getByRole('button', { name: 'Summarize', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    const queued = await call('GET', `/api/transcriptions/${done.id}`, { token });
    expect(queued.body).toMatchObject({ kind: 'summarize', summary_instruction: 'Name the speakers' });
  });

  it('the transcript page names the model, temperature and kept silence; options, details and templates read in Chinese', async () => {
    const email = 'details-zh@example.com';
    const token = await app.token(email);
    const created = await call('POST', '/api/audio/upload', {
      token,
      form: audioForm(makeWav(64_044), 'details.wav', { model: 'small', temperature: '0.3', vad: 'false' }),
    });
    expect(created.status).toBe(201);

    const { page } = await app.open({ email, path: `/transcriptions/${created.body.id as string}`, locale: 'zh-CN' });
    for (const [label, value] of [
      ['模型', 'small'],
      ['温度', '0.3'],
      ['静音', '一并转录（未跳过静音）'],
    ] as const) {
      await page.getByText(label, { exact: true }).waitFor();
      await page.getByText(value, { exact: true }).waitFor();
    }
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'transcript-details-zh');

    await page.goto(`${app.url}/`);
    await page.getByRole('button', { name: '选项', exact: true }).click();
    await page.getByLabel('跳过静音').waitFor();
    await page.getByLabel('提示词').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'upload-options-zh');

    const admin = await app.open({ email: ADMIN, admin: true, path: '/admin/summary-templates', locale: 'zh-CN' });
    await admin.page.getByRole('heading', { name: '摘要模板', level: 1 }).waitFor();
    await admin.page.getByRole('button', { name: '新建模板' }).waitFor();
    expect(await accessibilityViolations(admin.page)).toEqual([]);
    await screenshot(admin.page, 'admin-templates-zh');
  });
});
