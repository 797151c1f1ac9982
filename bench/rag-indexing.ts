// The end-to-end half of `npm run bench:rag`: documents uploaded through the gateway until their
// index is COMPLETED (multipart streaming, text extraction, chunking, embedding through the
// embedding service, the hybrid index written), in chunks per second, beside the embedding
// service's own throughput on the same chunk texts through the same gateway in the same batches.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { GENERATED_MODELS_DIR, MINILM_SIZED_BERT, bertOnnxModel, startDistributedPlatform } from '@lamini/testing';
import { sdkMemoryIndex } from '../apps/e2e/src/support/sdk-memory-rag';
import { round } from './throughput-stats';

const EMBED_BATCH = 32;
const WORDS = ['harbour', 'lantern', 'meadow', 'copper', 'festival', 'orchard', 'glacier', 'weaver', 'summit', 'ferry', 'archive', 'cinder'];

/** Deterministic prose: `sentences` sentences of made-up but ordinary words. */
function documentText(seed: number, sentences: number): string {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: sentences }, () => {
    const words = Array.from({ length: 8 + Math.floor(next() * 10) }, () => WORDS[Math.floor(next() * WORDS.length)]);
    return `${words.join(' ').replace(/^./, (c) => c.toUpperCase())}.`;
  }).join(' ');
}

export async function indexingThroughput(documents: number): Promise<Record<string, unknown>> {
  bertOnnxModel(MINILM_SIZED_BERT);
  const dataDir = mkdtempSync(join(tmpdir(), 'lamini-bench-rag-'));
  const files = Array.from({ length: documents }, (_, i) => {
    const path = join(dataDir, `doc-${i}.txt`);
    writeFileSync(path, documentText(i + 1, 60));
    return path;
  });
  const env = { RAG_EMBEDDING_MODEL: MINILM_SIZED_BERT.name, RAG_EMBED_BATCH: String(EMBED_BATCH), RAG_JOB_POLL_MS: '100' };
  const platform = await startDistributedPlatform({
    service: 'memory-rag',
    serviceEnv: env,
    companions: { embedding: { EMBEDDING_GPU: 'off', EMBEDDING_MAX_BATCH: String(EMBED_BATCH) } },
    modelDirs: GENERATED_MODELS_DIR,
    env: { LAMINI_DATA_DIR: join(dataDir, 'platform') },
  });
  const db = new Client({ connectionString: platform.database.url });
  await db.connect();
  try {
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${platform.gatewayUrl}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${platform.key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
      return res.json() as Promise<{ status: string; progress: { chunks_total: number } }>;
    };
    const started = performance.now();
    const created = await sdkMemoryIndex(platform.gatewayUrl, platform.key, 'stories260K', files);
    if (created.status !== 200) throw new Error(`upload answered ${created.status}: ${JSON.stringify(created.body)}`);
    let status = await post('/alpha/memory-rag/status', { job_id: created.body.job_id });
    while (status.status !== 'COMPLETED') {
      if (status.status === 'FAILED') throw new Error('the index job failed');
      await new Promise((r) => setTimeout(r, 100));
      status = await post('/alpha/memory-rag/status', { job_id: created.body.job_id });
    }
    const indexSeconds = (performance.now() - started) / 1000;
    const chunks = status.progress.chunks_total;

    const { rows } = await db.query<{ text: string }>('SELECT text FROM rag_chunks ORDER BY id');
    const bareStarted = performance.now();
    for (let i = 0; i < rows.length; i += EMBED_BATCH) {
      await post('/v1/embedding', { prompt: rows.slice(i, i + EMBED_BATCH).map((r) => r.text), model_name: MINILM_SIZED_BERT.name, latency_sensitive: false });
    }
    const bareSeconds = (performance.now() - bareStarted) / 1000;
    const figures = {
      documents,
      chunks,
      embed_batch: EMBED_BATCH,
      indexing_chunks_per_s: round(chunks / indexSeconds),
      embedding_service_chunks_per_s: round(rows.length / bareSeconds),
      ratio_indexing_over_embedding: round(chunks / indexSeconds / (rows.length / bareSeconds), 3),
      indexing_seconds: round(indexSeconds, 2),
    };
    console.log(`indexing through the gateway: ${JSON.stringify(figures)}`);
    return figures;
  } finally {
    await db.end();
    await platform.stop();
  }
}
