import { type DistributedPlatform, GENERATED_MODELS_DIR, startDistributedPlatform } from '@lamini/testing';
import { scrape } from './support/prometheus-text';

/** `/metrics` of separate processes: the gateway's on its API port, the services' (embedding, model registry) on their health ports. */
describe('metrics in distributed mode', () => {
  let platform: DistributedPlatform;
  const gatewayMetrics = () => scrape(`${platform.gatewayUrl}/metrics`);
  const embeddingMetrics = () => scrape(platform.serviceReadyUrl.replace(/\/readyz$/, '/metrics'));
  const registryMetrics = () => scrape(`${platform.registryHealthUrl}/metrics`);

  beforeAll(async () => {
    platform = await startDistributedPlatform({ service: 'embedding', modelDirs: GENERATED_MODELS_DIR, serviceEnv: { EMBEDDING_GPU: 'off' } });
  }, 120_000);

  afterAll(() => platform?.stop());

  it('serves each process\u2019s own metrics in the Prometheus text format, without a key', async () => {
    const [gateway, embedding, registry] = [await gatewayMetrics(), await embeddingMetrics(), await registryMetrics()];
    for (const { families } of [gateway, embedding, registry]) {
      expect(families.map((family) => family.name)).toEqual(expect.arrayContaining(['lamini_transport_requests_total', 'process_cpu_seconds_total']));
    }
  });

  it('counts an embedding at the gateway, and in the embedding service\u2019s transport and engine', async () => {
    const route = { operation: 'POST /v1/embedding', status: '200' };
    const subject = { subject: 'embedding.embed', outcome: 'ok' };
    const [gatewayBefore, embeddingBefore] = [await gatewayMetrics(), await embeddingMetrics()];
    const res = await fetch(`${platform.gatewayUrl}/v1/embedding`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${platform.key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ prompt: ['one', 'two', 'three'] }),
    });
    expect(res.status).toBe(200);
    const [gateway, embedding] = [await gatewayMetrics(), await embeddingMetrics()];
    expect(gateway.value('lamini_http_requests_total', route) - gatewayBefore.value('lamini_http_requests_total', route)).toBe(1);
    expect(gateway.value('lamini_http_request_duration_seconds_count', route)).toBe(gateway.value('lamini_http_requests_total', route));
    expect(embedding.value('lamini_transport_requests_total', subject) - embeddingBefore.value('lamini_transport_requests_total', subject)).toBe(1);
    expect(embedding.value('lamini_embedding_batch_size_sum') - embeddingBefore.value('lamini_embedding_batch_size_sum')).toBe(3);
    // Each process counts its own work only.
    expect([gateway.value('lamini_embedding_batch_size_count'), embedding.value('lamini_http_requests_total', route)]).toEqual([0, 0]);
  });
});
