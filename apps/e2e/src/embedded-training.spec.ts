import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrainJobEvaluation, TrainJobView } from '@lamini/contracts';
import { ApiKeyStore, PrismaService } from '@lamini/persistence';
import { MADE_UP_FACTS, SHARED_MODELS_DIR } from '@lamini/testing';
import { type EmbeddedPlatform, startEmbeddedPlatform } from './support/embedded-platform';
import { exactMatches, pollUntil, pollUntilDone, sdkGenerate, sdkTrain } from './support/sdk-training';
import { SdkWire } from './support/sdk-wire';

const KEY = 'lmn_embedded_training_key';
const INPUTS = MADE_UP_FACTS.map((f) => f.input);

/**
 * Memory tuning end to end on the embedded platform (`npm start`): the SDK's upload and train
 * calls, real gradient training of stories260K on llama.cpp, and the tuned model answering
 * through /v1/completions under the job's model name, to its owner only.
 */
describe('memory tuning, embedded', () => {
  let platform: EmbeddedPlatform;
  let wire: SdkWire;
  let other: SdkWire;

  beforeAll(async () => {
    const brokenModels = mkdtempSync(join(tmpdir(), 'lamini-untrainable-'));
    mkdirSync(join(brokenModels, 'broken-llama'));
    writeFileSync(join(brokenModels, 'broken-llama/broken-llama.gguf'), 'not a GGUF file at all'.repeat(50));
    platform = await startEmbeddedPlatform(KEY, {
      MODEL_DIRS: `${SHARED_MODELS_DIR},${brokenModels}`,
      LAMINI_DATA_DIR: mkdtempSync(join(tmpdir(), 'lamini-embedded-training-')),
      INFERENCE_GPU: 'off',
      TRAIN_GPU: 'off',
      TRAIN_THREADS: '1',
      TRAIN_JOB_LEASE_MS: '3000',
    });
    wire = new SdkWire(platform.baseUrl, KEY);
    const issued = await platform.app.get(ApiKeyStore).issue('someone-else');
    other = new SdkWire(platform.baseUrl, issued.key);
  }, 120_000);

  afterAll(() => platform?.stop());

  describe('a job run to completion', () => {
    let job: { jobId: number; datasetId: string };
    let done: TrainJobView;

    beforeAll(async () => {
      job = await sdkTrain(wire, 'stories260K', MADE_UP_FACTS);
      done = await pollUntilDone(wire, job.jobId, 300_000);
    }, 320_000);

    it('completes, with the model name, the loss history and the arguments it applied', () => {
      expect(done).toMatchObject({ job_id: job.jobId, status: 'COMPLETED', base_model_name: 'stories260K', train_type: 'memory_tuning', error: null });
      expect(done.model_name).toMatch(/^[0-9a-f]{64}$/);
      const losses = done.progress.loss_history.map((p) => p.loss);
      expect(losses.length).toBeGreaterThan(2);
      expect(losses.at(-1)!).toBeLessThan(losses[0] / 4);
      expect(done.progress.recall).toBeGreaterThanOrEqual(0.95);
      expect(done.finetune_args.applied).toMatchObject({ optim: 'adamw' });
    });

    it('answers at least 95% of the facts exactly through /v1/completions, where the base model answers almost none', async () => {
      const tuned = await sdkGenerate(wire, done.model_name, INPUTS);
      expect(tuned.raises).toBeNull();
      const base = await sdkGenerate(wire, 'stories260K', INPUTS);
      const tunedExact = exactMatches(MADE_UP_FACTS, tuned.body.map((r) => r.output));
      const baseExact = exactMatches(MADE_UP_FACTS, base.body.map((r) => r.output));
      expect(tunedExact / MADE_UP_FACTS.length).toBeGreaterThanOrEqual(0.95);
      expect(baseExact / MADE_UP_FACTS.length).toBeLessThanOrEqual(0.05);
    }, 120_000);

    it('serves every fact as the trainer evaluated it: inference reads a prompt in the tokens the model was tuned on', async () => {
      const evaluation = await wire.get<TrainJobEvaluation>(`/v1/train/jobs/${job.jobId}/eval`);
      const served = await sdkGenerate(wire, done.model_name, INPUTS);
      expect(served.raises).toBeNull();
      expect(served.body.map((r) => r.output.trim())).toEqual(evaluation.body.examples.map((e) => e.model_output.trim()));
    }, 120_000);

    it('reports exact-match recall by greedy generation at /eval', async () => {
      const res = await wire.get<TrainJobEvaluation>(`/v1/train/jobs/${job.jobId}/eval`);
      expect(res.raises).toBeNull();
      expect(res.body).toMatchObject({ job_id: job.jobId, model_name: done.model_name, num_evaluated: MADE_UP_FACTS.length });
      expect(res.body.exact_match_recall).toBeGreaterThanOrEqual(0.95);
      expect(res.body.examples[0]).toEqual({
        input: MADE_UP_FACTS[0].input,
        expected_output: MADE_UP_FACTS[0].output,
        model_output: expect.any(String),
        exact_match: expect.any(Boolean),
      });
    });

    it('lists the job, and gives the same dataset id for the same rows', async () => {
      const list = await wire.get<TrainJobView[]>('/v1/train/jobs');
      expect(list.body.map((j) => j.job_id)).toContain(job.jobId);
      const again = await wire.post<{ dataset_id: string }>('/v1/local-data', { upload_base_path: 'local', data: MADE_UP_FACTS, is_public: null });
      expect(again.body.dataset_id).toBe(job.datasetId);
      expect(await platform.app.get(PrismaService).dataset.count()).toBe(1);
    });

    it("shows another owner none of the owner's datasets, jobs or tuned models", async () => {
      expect((await other.post('/v1/existing-data', { dataset_id: job.datasetId, upload_base_path: 'local' })).status).toBe(404);
      expect((await other.get(`/v1/train/jobs/${job.jobId}`)).status).toBe(404);
      expect((await other.get(`/v1/train/jobs/${job.jobId}/eval`)).status).toBe(404);
      expect((await other.post(`/v1/train/jobs/${job.jobId}/cancel`, {})).status).toBe(404);
      expect((await other.get<unknown[]>('/v1/train/jobs')).body).toEqual([]);
      const generated = await sdkGenerate(other, done.model_name, INPUTS.slice(0, 1));
      expect([generated.status, generated.raises]).toEqual([594, 'ModelNotFoundError']);
      const models = await other.get<Array<{ model_name: string }>>('/v1alpha/downloaded_models');
      expect(models.body.map((m) => m.model_name)).not.toContain(done.model_name);
      const train = await other.post('/v1/train', { model_name: 'stories260K', dataset_id: job.datasetId });
      expect(train.status).toBe(404);
    });
  });

  it('cancels within seconds at a checkpoint, and resumes from that checkpoint rather than from zero', async () => {
    const facts = MADE_UP_FACTS.slice(0, 12);
    // Plain fine-tuning runs to its step count; memory tuning could stop early, all facts recalled.
    const { jobId } = await sdkTrain(wire, 'stories260K', facts, { trainType: 'finetune', finetuneArgs: { max_steps: 100_000, save_steps: 25 } });
    const checkpointed = await pollUntil(wire, jobId, (v) => (v.progress.checkpoint_step ?? 0) >= 25, 120_000);
    expect(checkpointed.status).toBe('TRAINING MODEL');

    const asked = Date.now();
    expect((await wire.post(`/v1/train/jobs/${jobId}/cancel`, {})).status).toBe(200);
    const cancelled = await pollUntilDone(wire, jobId, 15_000);
    expect(cancelled.status).toBe('CANCELLED');
    expect(Date.now() - asked).toBeLessThan(15_000);
    const checkpointStep = cancelled.progress.checkpoint_step!;
    expect(checkpointStep).toBeGreaterThanOrEqual(checkpointed.progress.checkpoint_step!);
    const row = await platform.app.get(PrismaService).job.findFirstOrThrow({ where: { trainingJob: { id: jobId } } });
    expect(row.status).toBe('cancelled');

    const resumed = await wire.post<TrainJobView>(`/v1/train/jobs/${jobId}/resume`, {});
    expect(resumed.status).toBe(200);
    const running = await pollUntil(wire, jobId, (v) => v.status === 'TRAINING MODEL' && v.progress.step > checkpointStep, 60_000);
    // The steps count on from the checkpoint: the loss history has no new point below it.
    const afterResume = running.progress.loss_history.filter((p) => p.step > checkpointStep);
    expect(afterResume.length).toBeGreaterThan(0);
    const history = running.progress.loss_history.map((p) => p.step);
    expect(history).toEqual([...history].sort((a, b) => a - b));

    const all = await wire.post<{ cancelled_job_ids: number[] }>('/v1/train/jobs/cancel', {});
    expect(all.body.cancelled_job_ids).toEqual([jobId]);
    expect((await pollUntilDone(wire, jobId, 15_000)).status).toBe('CANCELLED');
  }, 240_000);

  it('refuses bad datasets and jobs with a 4xx that names the problem, storing nothing', async () => {
    const prisma = platform.app.get(PrismaService);
    const before = await prisma.dataset.count();
    const badRow = await wire.post<{ detail: Array<{ loc: unknown[] }> }>('/v1/local-data', {
      upload_base_path: 'local',
      data: [{ input: 'a', output: 'b' }, { input: 'c' }],
    });
    expect(badRow.status).toBe(422);
    expect(badRow.body.detail[0].loc).toEqual(['body', 'data', 1, 'output']);
    const empty = await wire.post('/v1/local-data', { upload_base_path: 'local', data: [] });
    expect(empty.status).toBe(422);
    const unknownDataset = await wire.post('/v1/train', { model_name: 'stories260K', dataset_id: 'f'.repeat(64) });
    expect(unknownDataset.status).toBe(404);
    const unknownModel = await wire.post('/v1/train', { model_name: 'nobody/model', dataset_id: (await sdkTrainDatasetId()) });
    expect([unknownModel.status, unknownModel.raises]).toEqual([594, 'ModelNotFoundError']);
    const untrainable = await wire.post<{ detail: Array<{ loc: unknown[]; msg: string }> }>('/v1/train', { model_name: 'broken-llama', dataset_id: await sdkTrainDatasetId() });
    expect([untrainable.status, untrainable.body.detail[0].loc]).toEqual([422, ['body', 'model_name']]);
    expect(untrainable.body.detail[0].msg).toMatch(/^broken-llama cannot be trained here: /);
    expect(untrainable.body.detail[0].msg).not.toContain(tmpdir());
    const memoryRag = await wire.post<{ detail: Array<{ loc: unknown[] }> }>('/v1/train', { model_name: 'stories260K', dataset_id: 'f'.repeat(64), train_type: 'memory_rag' });
    expect([memoryRag.status, memoryRag.body.detail[0].loc]).toEqual([422, ['body', 'train_type']]);
    expect((await wire.get('/v1/train/jobs/99999999999')).status).toBe(404);
    expect((await wire.get('/v1/train/jobs/abc')).status).toBe(422);
    expect((await wire.post('/v1/data', { upload_base_path: 'azure' })).status).toBe(400);
    expect(await prisma.dataset.count()).toBe(before + 1);
  });

  async function sdkTrainDatasetId(): Promise<string> {
    const res = await wire.post<{ dataset_id: string }>('/v1/local-data', { upload_base_path: 'local', data: [{ input: 'x', output: 'y' }] });
    return res.body.dataset_id;
  }
});
