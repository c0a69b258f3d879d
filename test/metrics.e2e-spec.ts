import { signAccessToken } from '@server/auth/access-token.js';
import { QueueSweeper } from '@server/runner-queue/queue-sweeper.js';
import { apiClient, audioForm, makeWav } from './support/api.js';
import { TestData } from './support/factories.js';
import { FAKE_WHISPER, startRunner } from './support/runners.js';
import { startTestServer, TEST_RUNNER_KEY, type TestServer } from './support/server.js';
import { waitFor } from './support/wait.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const RUNNER = { authorization: `Bearer ${TEST_RUNNER_KEY}` };

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * The Prometheus text format (version 0.0.4), as far as prom-client writes it: `# HELP` and
 * `# TYPE` lines, then `name{label="value",…} number` samples. Returns the samples and the types.
 */
function parseMetrics(text: string): { samples: Sample[]; types: Record<string, string> } {
  const samples: Sample[] = [];
  const types: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ')) continue;
    const type = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types[type[1]!] = type[2]!;
      continue;
    }
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) throw new Error(`not a metrics line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, name, value] of (sample[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[name!] = value!.replace(/\\(.)/g, (_, escaped: string) => (escaped === 'n' ? '\n' : escaped));
    }
    const value = Number(sample[3]!.replace(/^\+?Inf$/, 'Infinity'));
    if (Number.isNaN(value) && !/^nan$/i.test(sample[3]!)) throw new Error(`not a number: ${line}`);
    samples.push({ name: sample[1]!, labels, value });
  }
  return { samples, types };
}

/** The one sample named `name` whose labels include `labels`. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter(
    (sample) => sample.name === name && Object.entries(labels).every(([label, value]) => sample.labels[label] === value),
  );
  if (found.length !== 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]!.value;
}

describe('metrics (GET /metrics, Prometheus text format)', () => {
  let server: TestServer;
  let data: TestData;
  let call: ReturnType<typeof apiClient>;
  let token: string;

  const scrape = async (baseUrl = server.url) => {
    const response = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    return parseMetrics(await response.text());
  };
  const upload = async (bytes: Buffer) => {
    const response = await call('POST', '/api/audio/upload', { token, form: audioForm(bytes, 'memo.wav') });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const runnerCall = (route: string, json: object) => call('POST', `/api/runner/${route}`, { headers: RUNNER, json });

  beforeAll(async () => {
    server = await startTestServer({ UPLOAD_RATE_LIMIT: '0', METRICS_TOKEN });
    data = TestData.of(server);
    call = apiClient(server.url);
    token = await signAccessToken(server.config, { email: 'metrics@example.com' });
  });

  afterEach(() => data.emptyQueue());
  afterAll(() => server.close());

  it('requires METRICS_TOKEN when it is set, and is not in the OpenAPI document', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong-token' } })).status).toBe(401);
    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const openApi = (await (await fetch(`${server.url}/api/docs-json`)).json()) as { paths: object };
    expect(Object.keys(openApi.paths)).not.toContain('/metrics');
  });

  it('counts uploads, claims, completions, failures and lease expiries; reads the queue; times requests by route', async () => {
    const wav = makeWav(44 + 32000 * 2);
    const first = await upload(wav);
    expect(
      (await call('POST', '/api/audio/upload', { token, form: audioForm(Buffer.from('not audio at all'), 'a.txt') })).status,
    ).toBe(415);
    expect((await call('GET', `/api/transcriptions/${first}`, { token })).status).toBe(200);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);

    const { samples, types } = await scrape();
    expect(valueOf(samples, 'whisper_server_queue_jobs', { status: 'pending' })).toBe(1);
    expect(valueOf(samples, 'whisper_server_queue_jobs', { status: 'completed' })).toBe(0);
    expect(valueOf(samples, 'whisper_server_queue_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(valueOf(samples, 'whisper_server_uploads_total', { outcome: 'accepted' })).toBe(1);
    expect(valueOf(samples, 'whisper_server_uploads_total', { outcome: 'refused' })).toBe(1);
    expect(valueOf(samples, 'whisper_server_upload_bytes_total')).toBe(wav.length);
    expect(types.whisper_server_http_request_duration_seconds).toBe('histogram');
    const upload201 = { method: 'POST', route: '/api/audio/upload', status: '201' };
    expect(valueOf(samples, 'whisper_server_http_request_duration_seconds_bucket', { ...upload201, le: '+Inf' })).toBe(1);
    expect(valueOf(samples, 'whisper_server_http_request_duration_seconds_count', upload201)).toBe(1);
    expect(
      valueOf(samples, 'whisper_server_http_request_duration_seconds_count', { route: '/api/audio/upload', status: '415' }),
    ).toBe(1);
    expect(
      valueOf(samples, 'whisper_server_http_request_duration_seconds_count', { method: 'GET', route: '/api/transcriptions/:id' }),
    ).toBe(1);
    // Raw URLs never become labels; scrapes and health probes are not timed.
    const routes = samples
      .filter((sample) => sample.name.startsWith('whisper_server_http_'))
      .map((sample) => sample.labels.route);
    expect(routes.some((route) => route?.includes(first))).toBe(false);
    expect(routes).not.toContain('/metrics');
    expect(routes).not.toContain('/health');
    expect(valueOf(samples, 'whisper_server_event_subscribers', { kind: 'sse' })).toBe(0);
    expect(types.process_cpu_user_seconds_total).toBe('counter'); // prom-client's default metrics

    // Through the runner API: claim and complete the first; start the second, fail it with
    // attempts left (requeued), claim it again and fail it for good.
    const [claimed] = (await runnerCall('jobs/claim', { runner_id: 'metrics-runner', limit: 2 })).body;
    expect(claimed.id).toBe(first);
    const completion = {
      runner_id: 'metrics-runner',
      lease_id: claimed.lease_id,
      text: 'hello',
      segments: [{ start: 0, end: 1, text: 'hello' }],
      processing_time_seconds: 0.1,
    };
    expect((await runnerCall(`jobs/${first}/complete`, completion)).status).toBe(200);
    expect((await runnerCall(`jobs/${first}/complete`, completion)).status).toBe(200); // a repeat counts once
    const second = await upload(wav);
    const started = (await runnerCall(`jobs/${second}/start`, { runner_id: 'metrics-runner' })).body;
    const failure = { runner_id: 'metrics-runner', error_message: 'it broke' };
    expect(
      (await runnerCall(`jobs/${second}/fail`, { ...failure, lease_id: started.lease_id, retryable: true })).body.status,
    ).toBe('pending');
    const [again] = (await runnerCall('jobs/claim', { runner_id: 'metrics-runner', limit: 1 })).body;
    expect((await runnerCall(`jobs/${second}/fail`, { ...failure, lease_id: again.lease_id })).body.status).toBe('failed');
    // A third job's runner goes silent: its lease expires and the sweep requeues it.
    const third = await upload(wav);
    await data.claim(third, 'silent-runner', 1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await server.app.get(QueueSweeper).sweepExpiredLeases(); // (unless the periodic sweep was first)

    const after = (await scrape()).samples;
    expect(valueOf(after, 'whisper_server_jobs_claimed_total')).toBe(3); // claim, start, claim (not the direct one)
    expect(valueOf(after, 'whisper_server_jobs_completed_total')).toBe(1);
    expect(valueOf(after, 'whisper_server_jobs_failed_total', { outcome: 'requeued' })).toBe(1);
    expect(valueOf(after, 'whisper_server_jobs_failed_total', { outcome: 'final' })).toBe(1);
    expect(valueOf(after, 'whisper_server_jobs_failed_total', { outcome: 'released' })).toBe(0);
    expect(valueOf(after, 'whisper_server_lease_expiries_total', { outcome: 'requeued' })).toBe(1);
    expect(valueOf(after, 'whisper_server_lease_expiries_total', { outcome: 'failed' })).toBe(0);
    expect(valueOf(after, 'whisper_server_queue_jobs', { status: 'pending' })).toBe(1);
    expect(valueOf(after, 'whisper_server_queue_jobs', { status: 'completed' })).toBe(1);
    expect(valueOf(after, 'whisper_server_queue_jobs', { status: 'failed' })).toBe(1);
    expect(valueOf(after, 'whisper_server_upload_bytes_total')).toBe(3 * wav.length);
  });

  it("the runner's /metrics, on its health port: jobs by outcome, stage durations, real-time factor, download bytes", async () => {
    const runner = await startRunner(server.url, { RUNNER_ID: 'metrics', WHISPER_CLI_PATH: FAKE_WHISPER, METRICS_TOKEN });
    try {
      const runnerUrl = `http://127.0.0.1:${runner.port}`;
      expect((await fetch(`${runnerUrl}/metrics`)).status).toBe(401);
      const wav = makeWav(44 + 32000 * 4);
      await upload(wav);
      const { samples, types } = await waitFor(async () => {
        const scraped = await scrape(runnerUrl);
        return valueOf(scraped.samples, 'whisper_runner_jobs_total', { outcome: 'completed' }) === 1 ? scraped : undefined;
      });
      expect(valueOf(samples, 'whisper_runner_jobs_total', { outcome: 'failed' })).toBe(0);
      expect(valueOf(samples, 'whisper_runner_download_bytes_total')).toBe(wav.length);
      for (const stage of ['downloading', 'converting', 'transcribing', 'uploading']) {
        expect(valueOf(samples, 'whisper_runner_stage_duration_seconds_count', { stage })).toBe(1);
      }
      expect(valueOf(samples, 'whisper_runner_stage_duration_seconds_count', { stage: 'summarizing' })).toBe(0); // no GLM_API_KEY
      expect(types.whisper_runner_whisper_real_time_factor).toBe('histogram');
      expect(valueOf(samples, 'whisper_runner_whisper_real_time_factor_count')).toBe(1);
      expect(valueOf(samples, 'whisper_runner_whisper_real_time_factor_sum')).toBeGreaterThan(0);
      expect(types.process_resident_memory_bytes).toBe('gauge');
    } finally {
      await runner.stop();
    }
  }, 60_000);
});
