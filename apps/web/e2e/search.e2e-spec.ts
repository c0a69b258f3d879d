import { TestData } from '@test/support/factories.js';
import { accessibilityViolations, DESKTOP, PHONE, screenshot, startWebApp, type WebApp } from './support/web-app.js';

// Searching the list in a real browser: a word from inside a transcript (and a Chinese word inside
// a sentence) finds it, and the row shows the snippet with the match in <mark>, on desktop and phone.
describe('web app: search (Chromium, real server)', () => {
  let app: WebApp;
  let data: TestData;
  const email = 'searcher@example.com';
  beforeAll(async () => {
    app = await startWebApp();
    data = TestData.of(app.server);
    const owner = await data.user({ email });
    const made = async (fileName: string, text: string, summary: string | null = null) =>
      data.complete((await data.pending({ owner, fileName })).id, { text, summary, durationSeconds: 3600 });
    await made('board.m4a', `${'We went through the slides one by one. '.repeat(6)}The zeppelin budget was approved.`);
    await made('standup.m4a', '今天的会议讨论了预算，下周再确认。', 'Short standup; nothing about airships.');
    await made('<b>notes</b>.m4a', 'Plain words only.', 'A summary that mentions the Zeppelin once.');
  }, 60_000);
  afterAll(() => app.close());

  it('finds a word inside a transcript and shows the snippet with the match highlighted', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const { page } = await app.open({ email, viewport });
      const box = page.getByLabel('Search names, transcripts and summaries');
      await box.fill('zeppelin');
      await page.getByText('1–2 of 2').waitFor();
      // Summary matches rank above transcript matches; each shows where it matched.
      const marks = page.locator('mark');
      await marks.first().waitFor();
      expect(await marks.allTextContents()).toEqual(['Zeppelin', 'zeppelin']);
      await page.getByText('one by one. The zeppelin budget was approved.').waitFor();
      const results = page.getByRole('region', { name: 'Your transcriptions' });
      expect(await results.getByText('Transcript', { exact: true }).count()).toBe(1);
      expect(await results.getByText('Summary', { exact: true }).count()).toBe(1);
      // A file name is text, never markup.
      await page.getByRole('link', { name: '<b>notes</b>.m4a' }).waitFor();
      expect(await page.locator('main b').count()).toBe(0);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'search');
    }
  });

  it('finds a two-character Chinese word inside a sentence, in Chinese', async () => {
    const { page } = await app.open({ email, locale: 'zh-CN' });
    await page.getByLabel('搜索文件名、转录文本和摘要').fill('会议');
    await page.locator('mark').first().waitFor();
    expect(await page.getByRole('link').filter({ hasText: '.m4a' }).allTextContents()).toEqual(['standup.m4a']);
    expect(await page.locator('mark').allTextContents()).toEqual(['会议']);
    await page.getByText('转录文本', { exact: true }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'search-zh');
  });
});
