import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { MemoryRagCompletion, MemoryRagJobView } from '@lamini/contracts';
import { type DistributedPlatform, GENERATED_MODELS_DIR, SHARED_MODELS_DIR, type TestDocuments, leaseHolder, startDistributedPlatform, writeTestDocuments } from '@lamini/testing';
import { HybridIndex } from '@lamini/app-memory-rag';
import { sdkMemoryIndex } from './support/sdk-memory-rag';
import { SdkWire } from './support/sdk-wire';

// Small embedding batches, so the job is still embedding when its replica is killed.
const RAG_ENV = { RAG_EMBED_BATCH: '2', RAG_JOB_LEASE_MS: '3000', RAG_JOB_POLL_MS: '200' };

/**
 * Memory RAG with every service its own process, two memory-rag replicas: the one indexing is
 * killed with SIGKILL mid-embedding; the other takes the job over when the lease expires, embeds
 * only what was not stored, and every chunk ends up indexed once.
 */
describe('memory RAG, distributed, with an indexing replica killed mid-job', () => {
  let platform: DistributedPlatform;
  let wire: SdkWire;
  let db: Client;
  let corpus: TestDocuments;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lamini-distributed-rag-'));
    corpus = await writeTestDocuments(join(dataDir, 'corpus'));
    platform = await startDistributedPlatform({
      service: 'memory-rag',
      serviceEnv: RAG_ENV,
      companions: { 'memory-rag': RAG_ENV, embedding: { EMBEDDING_GPU: 'off' }, inference: { UV_THREADPOOL_SIZE: '1', INFERENCE_GPU: 'off' } },
      modelDirs: `${SHARED_MODELS_DIR},${GENERATED_MODELS_DIR}`,
      env: { LAMINI_DATA_DIR: join(dataDir, 'platform') },
    });
    wire = new SdkWire(platform.gatewayUrl, platform.key);
    db = new Client({ connectionString: platform.database.url });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });

  async function status(jobId: number): Promise<MemoryRagJobView> {
    return (await wire.post<MemoryRagJobView>('/alpha/memory-rag/status', { job_id: jobId })).body;
  }

  it('completes after take-over with every chunk embedded and indexed once, and answers from it', async () => {
    const created = await sdkMemoryIndex(platform.gatewayUrl, platform.key, 'stories260K', corpus.files);
    expect(created.status).toBe(200);
    const jobId = created.body.job_id as number;
    let view = await status(jobId);
    for (let i = 0; i < 600 && !(view.progress.chunks_embedded > 0); i++) {
      await new Promise((r) => setTimeout(r, 50));
      view = await status(jobId);
    }
    expect(view.status).toBe('RUNNING');
    expect(view.progress.chunks_embedded).toBeLessThan(view.progress.chunks_total);
    const { rows } = await db.query('SELECT j.lease_owner FROM jobs j JOIN rag_jobs r ON r.job_id = j.id WHERE r.id = $1', [jobId]);
    const victim = leaseHolder(platform, rows[0].lease_owner);
    expect(victim).toBeDefined();
    await victim!.kill('SIGKILL');

    for (let i = 0; i < 600 && !['COMPLETED', 'FAILED'].includes(view.status); i++) {
      await new Promise((r) => setTimeout(r, 200));
      view = await status(jobId);
    }
    expect(view.status).toBe('COMPLETED');
    const chunks = await db.query('SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids, count(vector)::int AS embedded FROM rag_chunks WHERE rag_job_id = $1', [jobId]);
    expect(chunks.rows[0]).toEqual({ n: view.progress.chunks_total, ids: view.progress.chunks_total, embedded: view.progress.chunks_total });
    const job = await db.query('SELECT j.id, j.attempts FROM jobs j JOIN rag_jobs r ON r.job_id = j.id WHERE r.id = $1', [jobId]);
    expect(job.rows[0].attempts).toBe(2);
    const index = await HybridIndex.load(join(dataDir, 'platform/memory-rag', job.rows[0].id, 'index'));
    expect(index.size).toBe(view.progress.chunks_total);

    const question = corpus.questions[0];
    const answer = await wire.post<MemoryRagCompletion>('/alpha/memory-rag/completions', { prompt: question.question, model_name: 'stories260K', job_id: jobId, rag_query_size: 3, max_new_tokens: 4 });
    expect(answer.status).toBe(200);
    expect(answer.body.sources.length).toBe(3);
    expect(new Set(answer.body.sources.map((s) => s.chunk_id)).size).toBe(3);
  }, 300_000);
});
