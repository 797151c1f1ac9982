import { GENERATED_MODELS_DIR, SHARED_MODELS_DIR, waitFor } from '@lamini/testing';
import { type EmbeddedPlatform, startEmbeddedPlatform } from './support/embedded-platform';
import { type Scrape, scrape } from './support/prometheus-text';

const KEY = 'lmn_embedded_metrics_key';
/** Request text that must never reach a label. */
const PROMPT = 'Metrics must not repeat this prompt';

/** `/metrics` of the embedded platform: one registry that the gateway and every service write to. */
describe('metrics in embedded mode', () => {
  let platform: EmbeddedPlatform;
  const metrics = () => scrape(`${platform.baseUrl}/metrics`);
  const call = (method: 'GET' | 'POST', path: string, body?: object, key: string | null = KEY) =>
    fetch(`${platform.baseUrl}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}) },
      body: body && JSON.stringify(body),
    });
  /** How much each sample moved while `work` ran. */
  async function moved(samples: Array<[string, Record<string, string>?]>, work: () => Promise<unknown>): Promise<number[]> {
    const before = await metrics();
    await work();
    const after = await metrics();
    return samples.map(([name, labels]) => after.value(name, labels) - before.value(name, labels));
  }

  beforeAll(async () => {
    platform = await startEmbeddedPlatform(KEY, {
      MODEL_DIRS: `${SHARED_MODELS_DIR},${GENERATED_MODELS_DIR}`,
      // The download below must fail at once, without leaving this machine.
      HF_ENDPOINT: 'http://127.0.0.1:9',
      INFERENCE_GPU: 'off',
      EMBEDDING_GPU: 'off',
    });
  });

  afterAll(() => platform?.stop());

  it('serves the Prometheus text format on the gateway\u2019s port, without a key', async () => {
    const { families } = await metrics();
    const names = families.map((family) => family.name);
    expect(names).toEqual(expect.arrayContaining(['lamini_http_requests_total', 'lamini_jobs_total', 'lamini_embedding_batch_size', 'process_cpu_seconds_total']));
  });

  it('counts an embedding on its route, in the transport and in the engine\u2019s batch sizes', async () => {
    const [http, transport, batches, loads] = await moved(
      [
        ['lamini_http_requests_total', { operation: 'POST /v1/embedding', status: '200' }],
        ['lamini_transport_requests_total', { subject: 'embedding.embed', outcome: 'ok' }],
        ['lamini_embedding_batch_size_sum', { model: 'all-MiniLM-L6-v2' }],
        ['lamini_model_loads_total', { service: 'embedding', model: 'all-MiniLM-L6-v2' }],
      ],
      async () => expect((await call('POST', '/v1/embedding', { prompt: [PROMPT, 'and a second sentence'] })).status).toBe(200),
    );
    expect([http, transport, batches, loads]).toEqual([1, 1, 2, 1]);
  });

  const complete = async () =>
    expect((await call('POST', '/v2/completions', { model_name: 'stories260K', prompt: PROMPT, max_new_tokens: 8 })).status).toBe(200);

  it('counts a completion on its route and the model\u2019s load, and shows its sequences free again', async () => {
    const [loads, http] = await moved(
      [
        ['lamini_model_loads_total', { service: 'inference', model: 'stories260K' }],
        ['lamini_http_requests_total', { operation: 'POST /v2/completions', status: '200' }],
      ],
      complete,
    );
    expect([loads, http]).toEqual([1, 1]);
    const after = await metrics();
    expect(after.value('lamini_model_load_duration_seconds_count', { service: 'inference', model: 'stories260K' })).toBe(1);
    expect(after.text).toMatch(/^lamini_inference_active_sequences\{model="stories260K"\} 0$/m);
    expect(after.text).toMatch(/^lamini_inference_queue_depth\{model="stories260K"\} 0$/m);
  });

  it('counts a completion\u2019s tokens and its time to first token', async () => {
    const [prompt, completion, firstTokens] = await moved(
      [
        ['lamini_inference_tokens_total', { model: 'stories260K', direction: 'prompt' }],
        ['lamini_inference_tokens_total', { model: 'stories260K', direction: 'completion' }],
        ['lamini_inference_time_to_first_token_seconds_count', { model: 'stories260K' }],
      ],
      complete,
    );
    expect(prompt).toBeGreaterThan(0);
    expect(completion).toBeGreaterThan(0);
    expect(completion).toBeLessThanOrEqual(8);
    expect(firstTokens).toBe(1);
  });

  it('counts a Server-Sent Events answer when its stream ends, and its job', async () => {
    const events = { operation: 'GET /v3/streaming_completions/:id/events', status: '200' };
    const [answers, timed, streams] = await moved(
      [
        ['lamini_http_requests_total', events],
        ['lamini_http_request_duration_seconds_count', events],
        ['lamini_jobs_total', { queue: 'inference-stream', status: 'succeeded' }],
      ],
      async () => {
        const succeeded = (await metrics()).value('lamini_jobs_total', { queue: 'inference-stream', status: 'succeeded' });
        const created = await call('POST', '/v3/streaming_completions', { model_name: 'stories260K', prompt: PROMPT, max_new_tokens: 8 });
        const { id } = (await created.json()) as { id: string };
        const res = await call('GET', `/v3/streaming_completions/${id}/events`);
        expect(res.headers.get('content-type')).toBe('text/event-stream');
        expect(await res.text()).toContain('event: done');
        // The stream's last event may leave before its job's row is marked.
        await waitFor(async () => (await metrics()).value('lamini_jobs_total', { queue: 'inference-stream', status: 'succeeded' }) > succeeded, 10_000);
      },
    );
    expect([answers, timed, streams]).toEqual([1, 1, 1]);
  });

  it('counts a job through the statuses it enters, and times its run', async () => {
    const download = { queue: 'model-download' };
    const [queued, running, failed, timed] = await moved(
      [
        ['lamini_jobs_total', { ...download, status: 'queued' }],
        ['lamini_jobs_total', { ...download, status: 'running' }],
        ['lamini_jobs_total', { ...download, status: 'failed' }],
        ['lamini_job_duration_seconds_count', { ...download, status: 'failed' }],
      ],
      async () => {
        const before = (await metrics()).value('lamini_jobs_total', { ...download, status: 'failed' });
        const res = await call('POST', '/v1alpha/downloaded_models', { hf_model_name: 'nobody/no-such-model', model_type: 'transformer' });
        expect(res.status).toBe(200);
        // The hub cannot be reached: the job fails at once.
        await waitFor(async () => (await metrics()).value('lamini_jobs_total', { ...download, status: 'failed' }) > before, 15_000);
      },
    );
    expect([queued, running, failed, timed]).toEqual([1, 1, 1, 1]);
  });

  it('counts answers that guards and the router give, under bounded operations', async () => {
    const [unauthorized, missingJob, unmatched] = await moved(
      [
        ['lamini_http_requests_total', { operation: 'GET /v1alpha/downloaded_models', status: '401' }],
        ['lamini_http_requests_total', { operation: 'GET /v1/batch_completions/:id/result', status: '404' }],
        ['lamini_http_requests_total', { operation: 'unmatched', status: '404' }],
      ],
      async () => {
        expect((await call('GET', '/v1alpha/downloaded_models', undefined, null)).status).toBe(401);
        expect((await call('GET', '/v1/batch_completions/no-such-job/result')).status).toBe(404);
        expect((await call('GET', `/v1/no-such-route/${PROMPT.replaceAll(' ', '-')}`)).status).toBe(404);
      },
    );
    expect([unauthorized, missingJob, unmatched]).toEqual([1, 1, 1]);
  });

  it('holds no key, no prompt and no raw URL in any label', async () => {
    const { text }: Scrape = await metrics();
    for (const secret of [KEY, PROMPT, PROMPT.replaceAll(' ', '-'), 'no-such-model', 'no-such-route', 'no-such-job']) expect(text).not.toContain(secret);
  });
});
