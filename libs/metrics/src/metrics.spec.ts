import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { Metrics } from './metrics';
import { modelLabel } from './model-label';

describe('Metrics', () => {
  it('writes every metric, ours and the process\u2019s, in the Prometheus text format', async () => {
    const metrics = new Metrics();
    metrics.httpRequests.inc({ operation: 'POST /v1/embedding', status: '200' });
    metrics.httpDuration.observe({ operation: 'POST /v1/embedding', status: '200' }, 0.012);
    metrics.embeddingBatchSize.observe({ model: 'all-MiniLM-L6-v2' }, 3);
    metrics.queueDepth.set({ model: 'stories260K' }, 2);
    const text = await metrics.text();
    const families = parsePrometheusTextFormat(text);
    const byName = new Map(families.map((family) => [family.name, family]));
    expect(byName.get('lamini_http_requests_total')?.metrics).toEqual([{ labels: { operation: 'POST /v1/embedding', status: '200' }, value: '1' }]);
    // The parser folds a labelled histogram's samples into one; its lines say more.
    expect(byName.get('lamini_embedding_batch_size')?.type).toBe('HISTOGRAM');
    expect(text).toContain('lamini_embedding_batch_size_count{model="all-MiniLM-L6-v2"} 1');
    expect(byName.get('lamini_inference_queue_depth')?.metrics).toEqual([{ labels: { model: 'stories260K' }, value: '2' }]);
    expect(byName.has('process_cpu_seconds_total')).toBe(true);
    for (const name of ['lamini_jobs_total', 'lamini_model_loads_total', 'lamini_inference_tokens_total', 'lamini_transport_requests_total']) {
      expect(byName.get(name)?.help).toEqual(expect.any(String));
    }
    expect(metrics.contentType).toMatch(/^text\/plain/);
  });

  it('keeps one registry per instance, so two applications in one process do not collide', async () => {
    const [a, b] = [new Metrics(), new Metrics()];
    a.jobs.inc({ queue: 'model-download', status: 'queued' });
    expect(await b.text()).not.toContain('lamini_jobs_total{');
    expect(await a.text()).toContain('lamini_jobs_total{queue="model-download",status="queued"} 1');
  });
});

describe('modelLabel', () => {
  it.each([
    ['/models/stories260K/stories260K.gguf', 'stories260K'],
    ['/models/sentence-transformers/all-MiniLM-L6-v2/', 'all-MiniLM-L6-v2'],
    ['sentence-transformers/all-MiniLM-L6-v2', 'all-MiniLM-L6-v2'],
    ['/data/models/3f2a9c/model.gguf', '3f2a9c'],
    ['/data/models/3f2a9c/onnx/model.onnx', '3f2a9c'],
    ['Llama-3.2-1B-Instruct-Q4_K_M.gguf', 'Llama-3.2-1B-Instruct-Q4_K_M'],
    ['a model "name"\n', 'a_model__name__'],
  ])('reduces %j to %j', (input, label) => {
    expect(modelLabel(input)).toBe(label);
  });

  it('bounds the length of a label', () => {
    expect(modelLabel('x'.repeat(500))).toHaveLength(80);
  });
});
