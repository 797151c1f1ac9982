import { Client } from 'pg';
import { InferenceSubjects } from '@lamini/contracts';
import { type DistributedPlatform, GENERATED_MODELS_DIR, SHARED_MODELS_DIR, randomLlamaGguf, startDistributedPlatform } from '@lamini/testing';
import { postCompletion, waitUntilModelFull, waitUntilModelTakesRequests } from './support/completion-requests';
import { waitUntilNobodyServes } from './support/nats-probe';

const STORY_PROMPTS = [
  'Once upon a time', 'The little dog', 'Lily and Ben went to the park', 'One day, a big bird', 'The sun was shining and',
  'Tom had a red ball', 'In the forest there was', 'Mom said', 'The cat was sad because', 'A small boy named Tim',
  'They played all day', 'The old tree', 'Sue wanted a new toy', 'It was a rainy day', 'The fish in the pond',
  'Max liked to run', 'At night the stars', 'The girl found a box', 'Ben was hungry so', 'The end of the story',
];

/** A completions answer, a poll of a batch or stream, or the `{id}` of a new one. */
interface CompletionsBody {
  id: string;
  outputs: Array<{ output: string } | null>;
  finish_reason: Array<string | null>;
  progress?: { completed: number; total: number };
}

/**
 * Gateway, model registry and inference as separate processes over the real NATS and
 * PostgreSQL; the inference process is killed with SIGKILL in the middle of a batch.
 */
describe('distributed mode: completions through gateway, registry and inference processes', () => {
  let platform: DistributedPlatform;

  beforeAll(async () => {
    await randomLlamaGguf();
    platform = await startDistributedPlatform({
      service: 'inference',
      modelDirs: `${SHARED_MODELS_DIR},${GENERATED_MODELS_DIR}`,
      serviceEnv: {
        UV_THREADPOOL_SIZE: '1',
        INFERENCE_GPU: 'off',
        INFERENCE_SEQUENCES: '4',
        // A request that finds all four busy is refused at once (capacity is observable).
        INFERENCE_MAX_QUEUE: '0',
        INFERENCE_JOB_LEASE_MS: '1500',
        INFERENCE_JOB_POLL_MS: '200',
      },
    });
  }, 120_000);

  afterAll(() => platform?.stop());

  const call = async <Body = CompletionsBody>(method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await fetch(`${platform.gatewayUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${platform.key}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Body };
  };

  it('continues "Once upon a time" in the v2 and the SDK\u2019s v1 shape', async () => {
    const v2 = await call('POST', '/v2/completions', { model_name: 'stories260K', prompt: 'Once upon a time', max_new_tokens: 40 });
    expect(v2.status).toBe(200);
    expect(v2.body).toEqual({ outputs: [{ output: expect.stringMatching(/^,? ?there was/) }], finish_reason: [expect.stringMatching(/^(stop|length)$/)] });
    const v1 = await call('POST', '/v1/completions', { model_name: 'stories260K', prompt: 'Once upon a time', max_new_tokens: 40 });
    expect(v1).toEqual({ status: 200, body: { output: v2.body.outputs[0]!.output } });
  });

  it('answers a list of 4 prompts with 4 results, and max_new_tokens 5 with length', async () => {
    const res = await call('POST', '/v2/completions', { model_name: 'stories260K', prompt: STORY_PROMPTS.slice(0, 4), max_new_tokens: 5 });
    expect(res.status).toBe(200);
    expect(res.body.outputs).toHaveLength(4);
    expect(res.body.finish_reason).toEqual(['length', 'length', 'length', 'length']);
  });

  it('gives JSON of exactly the requested keys and types on 20 prompts', async () => {
    const res = await call<Array<Record<string, unknown>>>('POST', '/v1/completions', {
      model_name: 'stories260K',
      prompt: STORY_PROMPTS,
      output_type: { answer: 'str', score: 'int', ok: 'bool', p: 'float' },
      max_new_tokens: 32,
    });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(20);
    for (const output of res.body) {
      expect(Object.keys(output)).toEqual(['answer', 'score', 'ok', 'p']);
      expect([typeof output.answer, Number.isInteger(output.score), typeof output.ok, typeof output.p]).toEqual(['string', true, 'boolean', 'number']);
    }
  });

  it('streams through NATS: the polled text grows, then finish_reason is set', async () => {
    const created = await call('POST', '/v3/streaming_completions', { model_name: 'random-llama-134m', prompt: 'Once', max_new_tokens: 48 });
    expect(created.status).toBe(200);
    const texts = new Set<string>();
    for (;;) {
      const res = await call('GET', `/v3/streaming_completions/${created.body.id}/result`);
      if (res.body.finish_reason[0] !== null) {
        expect(res.body.finish_reason).toEqual(['length']);
        for (const text of texts) expect(res.body.outputs[0]!.output.startsWith(text)).toBe(true);
        break;
      }
      if (res.body.outputs[0]?.output) texts.add(res.body.outputs[0].output);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(texts.size).toBeGreaterThanOrEqual(2);
  });

  it('answers a request larger than NATS carries with 413, naming the limit', async () => {
    const res = await call('POST', '/v2/completions', { model_name: 'stories260K', prompt: ['a'.repeat(700_000), 'b'.repeat(700_000)] });
    expect(res).toEqual({ status: 413, body: { detail: expect.stringMatching(/^The request is \d+ bytes; the message broker carries at most 1048576$/) } });
  });

  it('stops the generations of a v1 completion whose client hung up, on whichever replica runs them', async () => {
    const client = new AbortController();
    const long = { model_name: 'random-llama-134m', prompt: STORY_PROMPTS.slice(0, 4), max_new_tokens: 1500 };
    const request = postCompletion(platform.gatewayUrl, platform.key, '/v1/completions', long, client.signal).catch(() => 'hung up');
    await waitUntilModelFull(platform.gatewayUrl, platform.key, 'random-llama-134m');
    client.abort();
    expect(await request).toBe('hung up');
    // Left running, the four generations would hold every sequence for 1500 tokens each.
    await waitUntilModelTakesRequests(platform.gatewayUrl, platform.key, 'random-llama-134m');
  });

  it('finishes a batch of 20 prompts after SIGKILL of the inference process mid-batch', async () => {
    const created = await call('POST', '/v1/batch_completions', { model_name: 'random-llama-134m', prompt: STORY_PROMPTS, max_new_tokens: 12 });
    expect(created.status).toBe(200);
    const path = `/v1/batch_completions/${created.body.id}/result`;
    let before: CompletionsBody;
    for (;;) {
      before = (await call('GET', path)).body;
      const completed = before.progress?.completed ?? 20;
      if (completed >= 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(before.progress!.completed).toBeLessThan(20);
    await platform.service.kill('SIGKILL');
    // Nobody serves inference now; the job stays in PostgreSQL.
    await waitUntilNobodyServes(InferenceSubjects.batchResult.name);
    expect((await call('GET', path)).status).toBe(503);
    platform.service.start();
    await platform.service.waitForHttp(platform.serviceReadyUrl);

    let done: CompletionsBody | undefined;
    for (let i = 0; i < 600; i++) {
      const res = await call('GET', path);
      if (res.status === 200 && !res.body.finish_reason.includes(null)) {
        done = res.body;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(done!.outputs).toHaveLength(20);
    expect(done!.finish_reason.every((r) => r === 'stop' || r === 'length')).toBe(true);
    // What was finished before the kill is kept, not generated again.
    before.outputs.forEach((output, i) => output !== null && expect(done!.outputs[i]).toEqual(output));
    const pg = new Client({ connectionString: platform.database.url });
    await pg.connect();
    const { rows } = await pg.query('SELECT status, attempts FROM jobs WHERE id = $1', [created.body.id]);
    await pg.end();
    expect(rows[0]).toEqual({ status: 'succeeded', attempts: 2 });
  }, 120_000);
});
