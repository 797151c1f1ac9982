import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { ApiKeyStore, PrismaService } from '@lamini/persistence';
import { GENERATED_MODELS_DIR, SHARED_MODELS_DIR, randomLlamaGguf, waitFor } from '@lamini/testing';
import { postCompletion, waitUntilModelFull, waitUntilModelTakesRequests } from './support/completion-requests';
import { startEmbeddedPlatform } from './support/embedded-platform';

const KEY = 'lmn_embedded_inference_key';
/** The 134M random-weight llama: slow enough (and unlikely enough to stop) to watch a generation grow. */
const BIG = 'random-llama-134m';

interface Polled {
  outputs: Array<{ output: string } | null>;
  finish_reason: Array<string | null>;
  status?: string;
  progress?: { completed: number; total: number };
}

describe('inference in embedded mode, through HTTP', () => {
  let app: NestExpressApplication;
  let base: string;
  let stop: () => Promise<void>;
  const server = () => app.getHttpServer();
  const auth = { Authorization: `Bearer ${KEY}` };

  beforeAll(async () => {
    await randomLlamaGguf();
    ({ app, baseUrl: base, stop } = await startEmbeddedPlatform(KEY, {
      MODEL_DIRS: `${SHARED_MODELS_DIR},${GENERATED_MODELS_DIR}`,
      INFERENCE_GPU: 'off',
      INFERENCE_SEQUENCES: '2',
      INFERENCE_MAX_QUEUE: '2',
      INFERENCE_STREAM_FLUSH_MS: '10',
      INFERENCE_JOB_LEASE_MS: '600',
      INFERENCE_STREAM_ABANDON_MS: '1500',
    }));
  });

  afterAll(() => stop());

  const jobRow = (id: string) => app.get(PrismaService).job.findUniqueOrThrow({ where: { id } });

  async function pollUntilDone(path: string, seen: Polled[] = []): Promise<Polled> {
    for (;;) {
      const res = await request(server()).get(path).set(auth);
      expect(res.status).toBe(200);
      seen.push(res.body);
      if (res.body.finish_reason.every((r: string | null) => r !== null)) return res.body;
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  describe('batch completions', () => {
    const prompts = ['Once upon a time', 'The little dog', 'Lily and Ben', 'One day', 'Tom had a red ball', 'Mom said'];

    it('stores the batch, answers its id at once, shows progress, then the results in the completions shape', async () => {
      const created = await request(server()).post('/v1/batch_completions').set(auth).send({ model_name: 'stories260K', prompt: prompts, max_new_tokens: 30 });
      expect(created.status).toBe(200);
      expect(created.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/) });
      expect((await jobRow(created.body.id)).queue).toBe('inference-batch');

      const seen: Polled[] = [];
      const done = await pollUntilDone(`/v1/batch_completions/${created.body.id}/result`, seen);
      expect(done).toEqual({ outputs: prompts.map(() => ({ output: expect.any(String) })), finish_reason: prompts.map(() => expect.stringMatching(/^(stop|length)$/)) });
      expect(seen[0].status).toMatch(/^(queued|running)$/);
      for (const partial of seen.slice(0, -1)) {
        expect(partial.progress).toEqual({ completed: partial.finish_reason.filter((r) => r !== null).length, total: 6 });
        expect(partial.outputs).toHaveLength(6);
      }
      expect(await jobRow(created.body.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
    });

    it('hides a batch from another owner', async () => {
      const created = await request(server()).post('/v1/batch_completions').set(auth).send({ model_name: 'stories260K', prompt: ['Hi'], max_new_tokens: 2 });
      const other = await app.get(ApiKeyStore).issue('someone-else');
      const res = await request(server()).get(`/v1/batch_completions/${created.body.id}/result`).set({ Authorization: `Bearer ${other.key}` });
      expect([res.status, res.body]).toEqual([404, { detail: `Job not found: ${created.body.id}` }]);
    });

    it('refuses a batch for an unknown model before storing anything', async () => {
      const before = await app.get(PrismaService).job.count();
      const res = await request(server()).post('/v1/batch_completions').set(auth).send({ model_name: 'nobody/llama', prompt: ['Hi'] });
      expect([res.status, res.body]).toEqual([594, { detail: 'Model not found: nobody/llama' }]);
      expect(await app.get(PrismaService).job.count()).toBe(before);
    });
  });

  describe('streaming completions', () => {
    it('shows the text growing while finish_reason is null, then sets it', async () => {
      const created = await request(server()).post('/v3/streaming_completions').set(auth).send({ model_name: BIG, prompt: 'Once upon a time', max_new_tokens: 24 });
      expect(created.status).toBe(200);
      const seen: Polled[] = [];
      const done = await pollUntilDone(`/v3/streaming_completions/${created.body.id}/result`, seen);
      expect(done.finish_reason).toEqual(['length']);
      const final = done.outputs[0]!.output;
      const partials = [...new Set(seen.slice(0, -1).map((p) => p.outputs[0]?.output ?? ''))].filter((t) => t !== '');
      expect(partials.length).toBeGreaterThanOrEqual(2);
      for (const text of partials) expect(final.startsWith(text)).toBe(true);
      expect(seen.slice(0, -1).every((p) => p.finish_reason[0] === null)).toBe(true);
    });

    it('pushes the same generation as Server-Sent Events, then a done event', async () => {
      const created = await request(server()).post('/v3/streaming_completions').set(auth).send({ model_name: BIG, prompt: 'The little dog', max_new_tokens: 24 });
      const res = await fetch(`${base}/v3/streaming_completions/${created.body.id}/events`, { headers: auth });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/event-stream');
      const events = parseEvents(await res.text());
      const messages = events.filter((e) => e.event === 'message');
      const done = events.at(-1)!;
      expect(messages.length).toBeGreaterThanOrEqual(2);
      expect(done).toMatchObject({ event: 'done', data: { finish_reason: 'length' } });
      expect(messages.map((e) => e.data.delta).join('')).toBe(done.data.output.output);
      const polled = await request(server()).get(`/v3/streaming_completions/${created.body.id}/result`).set(auth);
      expect(polled.body.outputs[0]).toEqual(done.data.output);
    });

    it('answers an unknown stream with 404 before opening the event stream', async () => {
      const res = await fetch(`${base}/v3/streaming_completions/nope/events`, { headers: auth });
      expect([res.status, await res.json()]).toEqual([404, { detail: 'Job not found: nope' }]);
    });

    it('cancels the generation when the push client disconnects', async () => {
      const created = await request(server()).post('/v3/streaming_completions').set(auth).send({ model_name: BIG, prompt: 'Once', max_new_tokens: 1500 });
      const client = new AbortController();
      const res = await fetch(`${base}/v3/streaming_completions/${created.body.id}/events`, { headers: auth, signal: client.signal });
      const reader = res.body!.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: message');
      client.abort();
      await waitFor(async () => (await jobRow(created.body.id)).status === 'cancelled');
      const polled = await request(server()).get(`/v3/streaming_completions/${created.body.id}/result`).set(auth);
      expect(polled.body.finish_reason).toEqual(['timeout']);
      expect(polled.body.outputs[0].output.length).toBeGreaterThan(0);
    });

    it('cancels a stream nobody polls any more', async () => {
      const created = await request(server()).post('/v3/streaming_completions').set(auth).send({ model_name: BIG, prompt: 'Once', max_new_tokens: 1500 });
      await waitFor(async () => (await jobRow(created.body.id)).status === 'running');
      // INFERENCE_STREAM_ABANDON_MS is 1.5 s here.
      await waitFor(async () => (await jobRow(created.body.id)).status === 'cancelled', 8_000);
    });
  });

  describe('overload', () => {
    it('refuses requests beyond the queue bound with 429 and keeps serving afterwards', async () => {
      // Two sequences and a queue of two: of eight concurrent requests, some are refused.
      const body = { model_name: BIG, prompt: 'Once upon a time', max_new_tokens: 8 };
      const batch = await request(server()).post('/v1/batch_completions').set(auth).send({ ...body, prompt: ['A', 'B', 'C'] });
      const answers = await Promise.all(Array.from({ length: 8 }, () => request(server()).post('/v2/completions').set(auth).send(body)));
      const refused = answers.filter((r) => r.status === 429);
      const served = answers.filter((r) => r.status === 200);
      expect(served.length + refused.length).toBe(8);
      expect(served.length).toBeGreaterThanOrEqual(1);
      expect(refused.length).toBeGreaterThanOrEqual(1);
      expect(refused[0].body).toEqual({ detail: expect.stringContaining('Too many requests') });
      const after = await request(server()).post('/v2/completions').set(auth).send(body);
      expect([after.status, after.body.finish_reason]).toEqual([200, ['length']]);
      // An accepted batch waits for its turn instead of being refused.
      expect((await pollUntilDone(`/v1/batch_completions/${batch.body.id}/result`)).finish_reason).toEqual(['length', 'length', 'length']);
    });
  });

  describe('client disconnect', () => {
    it('stops the generations of a completion whose client hung up, so the model takes requests again', async () => {
      // Each request's two prompts: the first request holds both sequences, the second fills the queue of two.
      const long = { model_name: BIG, prompt: ['Once upon a time', 'The little dog'], max_new_tokens: 1500 };
      const clients = [new AbortController(), new AbortController()];
      const requests = clients.map((client) => postCompletion(base, KEY, '/v2/completions', long, client.signal).catch(() => 'hung up'));
      await waitUntilModelFull(base, KEY, BIG);
      for (const client of clients) client.abort();
      expect(await Promise.all(requests)).toEqual(['hung up', 'hung up']);
      // Left running, the four generations would hold the model for 1500 tokens each.
      await waitUntilModelTakesRequests(base, KEY, BIG);
    });
  });
});

interface StreamEvent {
  delta?: string;
  output: { output: string };
  finish_reason: string | null;
}

function parseEvents(text: string): Array<{ event: string; data: StreamEvent }> {
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = JSON.parse(/^data: (.*)$/m.exec(block)![1]) as StreamEvent;
      return { event, data };
    });
}
