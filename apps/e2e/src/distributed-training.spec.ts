import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { type DistributedPlatform, MADE_UP_FACTS, SHARED_MODELS_DIR, leaseHolder, startDistributedPlatform } from '@lamini/testing';
import { exactMatches, pollUntil, pollUntilDone, sdkGenerate, sdkTrain } from './support/sdk-training';
import { SdkWire } from './support/sdk-wire';

const ROOT = join(__dirname, '../../..');
const TRAINER_ENV = { TRAIN_THREADS: '1', TRAIN_GPU: 'off', TRAIN_JOB_LEASE_MS: '3000', TRAIN_JOB_POLL_MS: '200' };

/**
 * Memory tuning with every service its own process over NATS and PostgreSQL, two trainer
 * replicas: the one training is killed with SIGKILL after a checkpoint, the other takes the job
 * over once its lease expires and continues from that checkpoint, and the tuned model is served
 * by the inference process.
 */
describe('memory tuning, distributed, with a trainer killed mid-job', () => {
  let platform: DistributedPlatform;
  let wire: SdkWire;
  let db: Client;

  beforeAll(async () => {
    platform = await startDistributedPlatform({
      service: 'trainer',
      serviceEnv: TRAINER_ENV,
      companions: { trainer: TRAINER_ENV, inference: { UV_THREADPOOL_SIZE: '1', INFERENCE_GPU: 'off' } },
      modelDirs: SHARED_MODELS_DIR,
      env: { LAMINI_DATA_DIR: mkdtempSync(join(tmpdir(), 'lamini-distributed-training-')) },
    });
    wire = new SdkWire(platform.gatewayUrl, platform.key);
    db = new Client({ connectionString: platform.database.url });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });

  it('survives SIGKILL of its trainer, continuing from the checkpoint on the other replica, and serves the tuned model', async () => {
    const { jobId } = await sdkTrain(wire, 'stories260K', MADE_UP_FACTS, { finetuneArgs: { save_steps: 40, max_steps: 8000 } });
    const checkpointed = await pollUntil(wire, jobId, (v) => (v.progress.checkpoint_step ?? 0) >= 40, 180_000);
    const victim = leaseHolder(platform, await jobColumn<string>(jobId, 'lease_owner'));
    expect(victim).toBeDefined();
    await victim!.kill('SIGKILL');

    const done = await pollUntilDone(wire, jobId, 300_000);
    expect(done.status).toBe('COMPLETED');
    expect(await jobColumn<number>(jobId, 'attempts')).toBe(2);
    expect(await jobColumn<string>(jobId, 'lease_owner')).toBeNull();
    // Continued, not restarted: the steps only ever grow across the take-over.
    const steps = done.progress.loss_history.map((p) => p.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(steps.some((step) => step > checkpointed.progress.checkpoint_step!)).toBe(true);

    const inputs = MADE_UP_FACTS.map((f) => f.input);
    const tuned = await sdkGenerate(wire, done.model_name, inputs);
    expect(tuned.raises).toBeNull();
    expect(exactMatches(MADE_UP_FACTS, tuned.body.map((r) => r.output)) / MADE_UP_FACTS.length).toBeGreaterThanOrEqual(0.95);
    const base = await sdkGenerate(wire, 'stories260K', inputs);
    expect(exactMatches(MADE_UP_FACTS, base.body.map((r) => r.output)) / MADE_UP_FACTS.length).toBeLessThanOrEqual(0.05);

    const otherKey = (
      await promisify(execFile)(process.execPath, ['-r', './tools/register.cjs', 'tools/keys/create-key.ts', '--owner', 'other-team'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: platform.database.url },
      })
    ).stdout.trim();
    const other = new SdkWire(platform.gatewayUrl, otherKey);
    expect((await sdkGenerate(other, done.model_name, inputs.slice(0, 1))).status).toBe(594);
    expect((await other.get(`/v1/train/jobs/${jobId}`)).status).toBe(404);
  }, 600_000);

  async function jobColumn<T>(trainingJobId: number, column: 'lease_owner' | 'attempts'): Promise<T> {
    const { rows } = await db.query(`SELECT j.${column} AS value FROM jobs j JOIN training_jobs t ON t.job_id = j.id WHERE t.id = $1`, [trainingJobId]);
    return rows[0].value as T;
  }
});
