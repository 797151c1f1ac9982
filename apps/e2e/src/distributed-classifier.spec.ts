import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { ClassificationResult, ClassifierJobView } from '@lamini/contracts';
import { type DistributedPlatform, GENERATED_MODELS_DIR, SHARED_MODELS_DIR, leaseHolder, startDistributedPlatform, topicCorpus } from '@lamini/testing';
import { SdkClassifier } from './support/sdk-classifier';
import { SdkWire } from './support/sdk-wire';

// Small embedding batches, so the training is still embedding when its replica is killed; no LLM augmentation.
const CLASSIFIER_ENV = { CLASSIFIER_EMBED_BATCH: '2', CLASSIFIER_JOB_LEASE_MS: '3000', CLASSIFIER_JOB_POLL_MS: '200', CLASSIFIER_AUGMENT_PER_CLASS: '0' };

/**
 * The classifier with every service its own process and two classifier replicas: the one
 * training is killed with SIGKILL while it embeds the project's rows; the other takes the job
 * over when the lease expires, embeds only the rows still without a vector, and finishes a
 * model that classifies.
 */
describe('classifier, distributed, with the training replica killed mid-job', () => {
  let platform: DistributedPlatform;
  let wire: SdkWire;
  let db: Client;

  beforeAll(async () => {
    platform = await startDistributedPlatform({
      service: 'classifier',
      serviceEnv: CLASSIFIER_ENV,
      companions: { classifier: CLASSIFIER_ENV, embedding: { EMBEDDING_GPU: 'off' } },
      modelDirs: `${SHARED_MODELS_DIR},${GENERATED_MODELS_DIR}`,
      env: { LAMINI_DATA_DIR: mkdtempSync(join(tmpdir(), 'lamini-distributed-classifier-')) },
    });
    wire = new SdkWire(platform.gatewayUrl, platform.key);
    db = new Client({ connectionString: platform.database.url });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });

  it('finishes after take-over with every row embedded once, and classifies', async () => {
    const corpus = topicCorpus({ topics: ['sports', 'cooking', 'weather', 'finance'], perClass: 100, seed: 21 });
    const classifier = new SdkClassifier(wire, 'takeover');
    expect((await classifier.initialize(corpus.classes, corpus.examples)).raises).toBeNull();
    expect((await classifier.train()).raises).toBeNull();

    let view = (await classifier.trainStatus()).body;
    for (let i = 0; i < 600 && !(view.progress.phase === 'embedding' && view.progress.fraction > 0.05); i++) {
      await new Promise((r) => setTimeout(r, 50));
      view = (await classifier.trainStatus()).body;
    }
    expect([view.status, view.progress.phase]).toEqual(['RUNNING', 'embedding']);
    expect(view.progress.fraction).toBeLessThan(0.45);
    const { rows } = await db.query('SELECT j.lease_owner FROM jobs j JOIN classifier_jobs c ON c.job_id = j.id WHERE c.id = $1', [Number(view.job_id)]);
    const victim = leaseHolder(platform, rows[0].lease_owner);
    expect(victim).toBeDefined();
    await victim!.kill('SIGKILL');

    const done: ClassifierJobView = await classifier.waitForTraining();
    expect(done).toMatchObject({ status: 'COMPLETED', error: null });
    expect(done.metrics!.accuracy).toBeGreaterThanOrEqual(0.95);
    const job = await db.query('SELECT j.attempts FROM jobs j JOIN classifier_jobs c ON c.job_id = j.id WHERE c.id = $1', [Number(done.job_id)]);
    expect(job.rows[0].attempts).toBe(2);
    const vectors = await db.query("SELECT count(*)::int AS n FROM classifier_examples WHERE vector IS NOT NULL AND vector_model = 'sentence-transformers/all-MiniLM-L6-v2'");
    expect(vectors.rows[0].n).toBe(400);

    const classified = await wire.post<ClassificationResult>(`/v2/classifier/${done.model_id}/classify`, { prompt: ['rain and storm and wind', 'bank loan and interest'] });
    expect(classified.body.classification.map((ranked) => ranked[0].class_name)).toEqual(['weather', 'finance']);
  }, 240_000);
});
