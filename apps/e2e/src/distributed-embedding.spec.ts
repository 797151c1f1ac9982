import { type DistributedPlatform, GENERATED_MODELS_DIR, MINI_BERT, startDistributedPlatform } from '@lamini/testing';

/** Gateway, model registry and embedding as separate processes over the real NATS and PostgreSQL. */
describe('distributed mode: embeddings through gateway, registry and embedding processes', () => {
  let platform: DistributedPlatform;

  beforeAll(async () => {
    platform = await startDistributedPlatform({ service: 'embedding', modelDirs: GENERATED_MODELS_DIR, serviceEnv: { EMBEDDING_GPU: 'off' } });
  }, 120_000);

  afterAll(() => platform?.stop());

  const embed = async (body: object) => {
    const res = await fetch(`${platform.gatewayUrl}/v1/embedding`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${platform.key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { embedding: number[] & number[][] } };
  };

  it('answers the SDK-shaped request for a string with one unit vector, and for 3 strings with 3', async () => {
    const one = await embed({ prompt: 'What is the capital of France?' });
    expect(one.status).toBe(200);
    expect(one.body.embedding).toHaveLength(MINI_BERT.hidden);
    expect(Math.hypot(...one.body.embedding)).toBeCloseTo(1, 5);

    const three = await embed({ prompt: ['one', 'two', 'three'], model_name: 'sentence-transformers/all-MiniLM-L6-v2' });
    expect(three.status).toBe(200);
    expect(three.body.embedding).toHaveLength(3);
    for (const vector of three.body.embedding) {
      expect(vector).toHaveLength(MINI_BERT.hidden);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    }
  });

  it('answers an empty prompt with a 422 across the transport', async () => {
    const res = await embed({ prompt: [] });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ detail: [expect.objectContaining({ loc: ['body', 'prompt'], type: 'value_error' })] });
  });
});
