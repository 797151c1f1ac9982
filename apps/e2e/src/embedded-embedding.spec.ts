import request from 'supertest';
import { EmbeddingService } from '@lamini/app-embedding';
import { GENERATED_MODELS_DIR, MINI_BERT, SHARED_MODELS_DIR } from '@lamini/testing';
import { type EmbeddedPlatform, startEmbeddedPlatform } from './support/embedded-platform';

const KEY = 'lmn_embedded_embedding_key';
const norm = (v: number[]) => Math.hypot(...v);

/** The generated small BERT stands in for all-MiniLM-L6-v2 under its name (see MINI_BERT). */
describe('embeddings in embedded mode, through HTTP', () => {
  let platform: EmbeddedPlatform;
  const post = (body: object) => request(platform.baseUrl).post('/v1/embedding').set({ Authorization: `Bearer ${KEY}` }).send(body);

  beforeAll(async () => {
    platform = await startEmbeddedPlatform(KEY, {
      MODEL_DIRS: `${SHARED_MODELS_DIR},${GENERATED_MODELS_DIR}`,
      EMBEDDING_MAX_PROMPTS: '8',
      EMBEDDING_BATCH_WINDOW_MS: '50',
      INFERENCE_GPU: 'off',
      EMBEDDING_GPU: 'off',
    });
  });

  afterAll(() => platform.stop());

  it('embeds a string into one unit vector with the SDK\u2019s request, model left to its default', async () => {
    const res = await post({ prompt: 'What is the capital of France?' });
    expect(res.status).toBe(200);
    expect(res.body.embedding).toHaveLength(MINI_BERT.hidden);
    expect(norm(res.body.embedding)).toBeCloseTo(1, 5);
  });

  it('embeds a list of 3 strings into 3 unit vectors, in order', async () => {
    const prompts = ['first sentence', 'a second, longer sentence than the first', 'third'];
    const res = await post({ prompt: prompts, model_name: 'sentence-transformers/all-MiniLM-L6-v2' });
    expect(res.status).toBe(200);
    expect(res.body.embedding).toHaveLength(3);
    for (const vector of res.body.embedding) {
      expect(vector).toHaveLength(MINI_BERT.hidden);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
    const third = await post({ prompt: 'third' });
    res.body.embedding[2].forEach((x: number, d: number) => expect(x).toBeCloseTo(third.body.embedding[d], 5));
  });

  it.each([
    [{ prompt: '' }, ['body', 'prompt']],
    [{ prompt: [] }, ['body', 'prompt']],
    [{ prompt: ['fine', ' '] }, ['body', 'prompt', 1]],
    [{ prompt: Array.from({ length: 9 }, (_, i) => `sentence ${i}`) }, ['body', 'prompt']],
  ])('answers %j with a 422 naming the field', async (body, loc) => {
    const res = await post(body);
    expect(res.status).toBe(422);
    expect(res.body.detail).toEqual([expect.objectContaining({ type: 'value_error', loc, msg: expect.any(String) })]);
  });

  it('serves GGUF embedding models through node-llama-cpp', async () => {
    const res = await post({ prompt: ['Once upon a time', 'Once upon a time'], model_name: 'stories260K' });
    expect(res.status).toBe(200);
    expect(res.body.embedding[0]).toHaveLength(64);
    expect(norm(res.body.embedding[0])).toBeCloseTo(1, 5);
    expect(res.body.embedding[1]).toEqual(res.body.embedding[0]);
  });

  it('serves 100 concurrent single-sentence requests in fewer engine runs than requests', async () => {
    // Not latency-sensitive: each may wait the batching window (50 ms here) for company; requests
    // reach the service a few ms apart through HTTP. (The spec's default, latency_sensitive:
    // true, starts a run at once and shares only runs already due.)
    const service = platform.app.get(EmbeddingService, { strict: false });
    const before = await service.stats();
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => post({ prompt: `sentence number ${i}`, latency_sensitive: false })),
    );
    expect(answers.every((r) => r.status === 200 && r.body.embedding.length === MINI_BERT.hidden)).toBe(true);
    const after = await service.stats();
    expect(after.requests - before.requests).toBe(100);
    expect(after.engineRuns - before.engineRuns).toBeLessThan(30);
  });
});
