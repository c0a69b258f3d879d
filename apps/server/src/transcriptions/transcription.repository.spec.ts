import { randomUUID } from 'node:crypto';
import { TranscriptionStatus } from '@app/contracts';
import { createTestDatabase, type TestDatabase } from '@test/support/database.js';
import { TestData } from '@test/support/factories.js';
import { runMigrations } from '../database/data-source.js';

// The repository on a real PostgreSQL, without HTTP: the statements every job state change goes
// through, checked one by one.
describe('TranscriptionRepository (real PostgreSQL)', () => {
  let database: TestDatabase;
  let data: TestData;

  beforeAll(async () => {
    database = await createTestDatabase();
    await runMigrations(database.url);
    data = await TestData.open(database.url);
  });
  afterAll(async () => {
    await data.close();
    await database.drop();
  });
  beforeEach(() => data.emptyQueue());

  it('claims the oldest pending jobs, slot by slot, and never the same job twice at once', async () => {
    const ids = await data.pendingJobs(6);
    const [first, second] = await Promise.all([
      data.transcriptions.claimSlots(['a', 'a', 'b'], 60),
      data.transcriptions.claimSlots(['c', 'c', 'c', 'c'], 60),
    ]);
    const taken = [...first.values(), ...second.values()].map((job) => job.id);
    expect(taken.sort()).toEqual([...ids].sort());
    // One statement's slots get its jobs oldest first.
    const statement = first.size === 3 ? first : second;
    const order = [...statement.entries()].sort(([x], [y]) => x - y).map(([, job]) => ids.indexOf(job.id));
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect((await data.transcription(ids[0]!)).status).toBe(TranscriptionStatus.Processing);
  });

  it('fences results by lease: another lease stores nothing; the holder stores once', async () => {
    const job = await data.claimed('runner-1');
    const result = {
      id: job.id,
      runnerId: 'runner-1',
      text: 'words',
      segments: [{ start: 0, end: 1, text: 'words' }],
      summary: null,
      summaryModel: null,
      errorMessage: null,
      language: 'en',
      durationSeconds: 1,
      processingTimeSeconds: 0.1,
    };
    expect(await data.transcriptions.completeAll([{ ...result, leaseId: randomUUID() }], 0)).toEqual([{ stored: false }]);
    expect(await data.transcriptions.completeAll([{ ...result, leaseId: job.leaseId }], 0)).toEqual([
      { stored: true, audioReleased: true },
    ]);
    expect(await data.transcriptions.completeAll([{ ...result, leaseId: job.leaseId }], 0)).toEqual([{ stored: false }]);
    expect(await data.transcription(job.id)).toMatchObject({ status: 'completed', text: 'words', filePath: null, progress: 100 });
  });

  it('fail: a hand-back does not count the attempt; retryable requeues while attempts are left; else failed, keeping the lease', async () => {
    const job = await data.claimed('runner-1');
    const failure = { id: job.id, runnerId: 'runner-1', errorMessage: 'x', maxAttempts: 2 };
    expect(await data.transcriptions.fail({ ...failure, leaseId: job.leaseId, released: true, retryable: false })).toBe(
      'pending',
    );
    expect((await data.transcription(job.id)).attempts).toBe(0);

    const again = await data.claim(job.id, 'runner-1');
    expect(await data.transcriptions.fail({ ...failure, leaseId: again.leaseId, released: false, retryable: true })).toBe(
      'pending',
    );
    const last = await data.claim(job.id, 'runner-1');
    expect(last.attempt).toBe(2);
    expect(await data.transcriptions.fail({ ...failure, leaseId: last.leaseId, released: false, retryable: true })).toBe(
      'failed',
    );
    expect(await data.transcription(job.id)).toMatchObject({ status: 'failed', leaseId: last.leaseId, attempts: 2 });
    // The lease is gone from the queue's point of view: a second fail changes nothing.
    expect(
      await data.transcriptions.fail({ ...failure, leaseId: last.leaseId, released: false, retryable: true }),
    ).toBeUndefined();
  });

  it('expires leases: requeued while attempts are left, failed with the reason after', async () => {
    const requeued = await data.claimed('gone', { leaseSeconds: -1 });
    const live = await data.claimed('alive', { leaseSeconds: 60 });
    const swept = await data.transcriptions.expireLeases(1);
    expect(swept).toEqual([{ id: requeued.id, status: 'failed' }]);
    expect((await data.transcription(requeued.id)).errorMessage).toBe(
      'failed after 1 attempts: runner gone stopped reporting and its lease expired',
    );
    expect((await data.transcription(live.id)).status).toBe('processing');
  });

  it('missing audio: fails pending jobs and says so, drops the reference of finished ones without counting them', async () => {
    const pending = await data.pending();
    const failed = await data.fail((await data.pending()).id, 'ffmpeg said no');
    const processing = await data.claimed('runner-1');
    const newlyFailed = await data.transcriptions.markAudioMissing([pending.id, failed.id, processing.id], 'audio gone');
    expect(newlyFailed).toEqual([pending.id]);
    expect(await data.transcription(pending.id)).toMatchObject({ status: 'failed', errorMessage: 'audio gone', filePath: null });
    expect(await data.transcription(failed.id)).toMatchObject({
      status: 'failed',
      errorMessage: 'ffmpeg said no',
      filePath: null,
    });
    expect(await data.transcription(processing.id)).toMatchObject({ status: 'processing', filePath: processing.id });
  });

  it('pages a user’s transcriptions newest first, without results, and hides other users’ ones', async () => {
    const owner = await data.user();
    const ids = await data.pendingJobs(3, { owner });
    await data.complete(ids[0]!, { text: 'long result' });
    const other = await data.pending();
    const page = await data.transcriptions.page({ ownerId: owner.id }, {}, 1, 2);
    expect(page.total).toBe(3);
    expect(page.items.map((item) => item.id)).toEqual([ids[2], ids[1]]);
    expect(page.items[0]!.text).toBeNull();
    const completed = await data.transcriptions.page({ ownerId: owner.id }, { status: TranscriptionStatus.Completed }, 1, 10);
    expect(completed.items.map((item) => item.id)).toEqual([ids[0]]);
    expect(await data.transcriptions.find({ ownerId: owner.id }, other.id)).toBeUndefined();
    expect((await data.transcriptions.find({ admin: true }, other.id))?.id).toBe(other.id);
  });

  it('cancels and requeues only from the states it may, and only for the owner', async () => {
    const owner = await data.user();
    const job = await data.pending({ owner });
    expect(await data.transcriptions.cancel({ ownerId: randomUUID() }, job.id, 'x')).toBe(false);
    expect(await data.transcriptions.cancel({ ownerId: owner.id }, job.id, 'cancelled by its owner')).toBe(true);
    expect((await data.transcription(job.id)).status).toBe('cancelled');
    expect(await data.transcriptions.cancel({ ownerId: owner.id }, job.id, 'again')).toBe(false);
    expect(await data.transcriptions.requeue({ ownerId: owner.id }, job.id, [TranscriptionStatus.Failed])).toBeUndefined();
    expect(await data.transcriptions.requeue({ ownerId: owner.id }, job.id, [TranscriptionStatus.Cancelled])).toMatchObject({
      id: job.id,
      status: TranscriptionStatus.Pending,
    });
    expect((await data.transcription(job.id)).status).toBe('pending');
  });

  describe('summary-only jobs', () => {
    const summaryOnly = (job: { id: string; leaseId: string }, summary: string) => ({
      id: job.id,
      leaseId: job.leaseId,
      runnerId: 'test-runner',
      text: null,
      segments: null,
      summary,
      summaryModel: 'model-2',
      errorMessage: null,
      language: null,
      durationSeconds: null,
      processingTimeSeconds: 0.2,
    });
    const completedWithSummary = async () => {
      const owner = await data.user();
      const { id } = await data.pending({ owner });
      await data.complete(id, { text: 'the transcript', summary: 'first summary' });
      return { owner, id };
    };

    it('queues only a completed one; the claim carries the transcript and instruction; completion adds a summary and keeps the transcript', async () => {
      const { owner, id } = await completedWithSummary();
      expect(await data.transcriptions.queueSummary({ ownerId: randomUUID() }, id, null)).toBeUndefined();
      expect(await data.transcriptions.queueSummary({ ownerId: owner.id }, id, 'only the decisions')).toMatchObject({
        status: TranscriptionStatus.Pending,
        kind: 'summarize',
        summaryInstruction: 'only the decisions',
      });
      expect(await data.transcriptions.queueSummary({ ownerId: owner.id }, id, null)).toBeUndefined(); // pending now
      const job = await data.claim(id, 'test-runner');
      expect(job).toMatchObject({ kind: 'summarize', transcript: 'the transcript', summaryInstruction: 'only the decisions' });
      expect(await data.transcriptions.completeAll([summaryOnly(job, 'second summary')], 0)).toEqual([
        { stored: true, audioReleased: false },
      ]);
      const done = await data.transcriptions.find({ ownerId: owner.id }, id);
      expect(done).toMatchObject({ status: 'completed', kind: 'transcribe', text: 'the transcript', summary: 'second summary' });
      expect(done!.summaries!.map((summary) => [summary.text, summary.modelName, summary.instruction])).toEqual([
        ['second summary', 'model-2', 'only the decisions'],
        ['first summary', 'test-model', null],
      ]);
    });

    it('a failed, cancelled or abandoned summary job leaves the transcription completed with its summary', async () => {
      const failing = await completedWithSummary();
      await data.transcriptions.queueSummary({ ownerId: failing.owner.id }, failing.id, null);
      const job = await data.claim(failing.id, 'test-runner');
      expect(
        await data.transcriptions.fail({
          ...job,
          runnerId: 'test-runner',
          errorMessage: 'model down',
          released: false,
          retryable: false,
          maxAttempts: 3,
        }),
      ).toBe('completed');
      expect(await data.transcription(failing.id)).toMatchObject({
        status: 'completed',
        kind: 'transcribe',
        summary: 'first summary',
        errorMessage: 'summary failed: model down',
      });

      const cancelled = await completedWithSummary();
      await data.transcriptions.queueSummary({ ownerId: cancelled.owner.id }, cancelled.id, null);
      expect(await data.transcriptions.cancel({ ownerId: cancelled.owner.id }, cancelled.id, 'cancelled by its owner')).toBe(
        true,
      );
      expect(await data.transcription(cancelled.id)).toMatchObject({
        status: 'completed',
        summary: 'first summary',
        errorMessage: null,
      });

      const abandoned = await completedWithSummary();
      await data.transcriptions.queueSummary({ ownerId: abandoned.owner.id }, abandoned.id, null);
      await data.claim(abandoned.id, 'gone', -1);
      expect(await data.transcriptions.expireLeases(1)).toEqual([{ id: abandoned.id, status: 'completed' }]);
      expect(await data.transcription(abandoned.id)).toMatchObject({
        status: 'completed',
        summary: 'first summary',
        kind: 'transcribe',
      });
    });
  });

  it('keeps the audio at completion while AUDIO_RETENTION_HOURS is set', async () => {
    const job = await data.claimed('runner-1');
    const [outcome] = await data.transcriptions.completeAll(
      [
        {
          id: job.id,
          leaseId: job.leaseId,
          runnerId: 'runner-1',
          text: 'kept',
          segments: [],
          summary: null,
          summaryModel: null,
          errorMessage: null,
          language: null,
          durationSeconds: null,
          processingTimeSeconds: 0.1,
        },
      ],
      24,
    );
    expect(outcome).toEqual({ stored: true, audioReleased: false });
    expect((await data.transcription(job.id)).filePath).toBe(job.id);
  });
});
