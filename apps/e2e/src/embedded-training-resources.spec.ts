import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MADE_UP_FACTS, SHARED_MODELS_DIR } from '@lamini/testing';
import { type EmbeddedPlatform, startEmbeddedPlatform } from './support/embedded-platform';
import { pollUntil, pollUntilDone, sdkGenerate, sdkTrain } from './support/sdk-training';
import { SdkWire } from './support/sdk-wire';

const KEY = 'lmn_training_resources_key';

async function platformWith(env: Record<string, string>): Promise<{ platform: EmbeddedPlatform; wire: SdkWire }> {
  const platform = await startEmbeddedPlatform(KEY, {
    MODEL_DIRS: SHARED_MODELS_DIR,
    LAMINI_DATA_DIR: mkdtempSync(join(tmpdir(), 'lamini-training-resources-')),
    INFERENCE_GPU: 'off',
    TRAIN_GPU: 'off',
    TRAIN_THREADS: '1',
    ...env,
  });
  return { platform, wire: new SdkWire(platform.baseUrl, KEY) };
}

describe('training resources, embedded', () => {
  it('refuses a job whose estimated memory is over the limit, naming both figures, and queues nothing', async () => {
    const { platform, wire } = await platformWith({ TRAIN_MEMORY_LIMIT_MB: '1' });
    try {
      const uploaded = await wire.post<{ dataset_id: string }>('/v1/local-data', { upload_base_path: 'local', data: MADE_UP_FACTS });
      const res = await wire.post<{ detail: Array<{ loc: unknown[]; msg: string }> }>('/v1/train', { model_name: 'stories260K', dataset_id: uploaded.body.dataset_id });
      expect(res.status).toBe(422);
      expect(res.body.detail[0].loc).toEqual(['body', 'model_name']);
      expect(res.body.detail[0].msg).toMatch(/needs about [\d.]+ GiB; this trainer allows 0\.00 GiB \(TRAIN_MEMORY_LIMIT_MB\)/);
      expect((await wire.get<unknown[]>('/v1/train/jobs')).body).toEqual([]);
    } finally {
      await platform.stop();
    }
  }, 120_000);

  it('runs one training at a time, the next waiting its turn, while completions and status polls stay responsive', async () => {
    const { platform, wire } = await platformWith({});
    try {
      const args = { trainType: 'finetune', finetuneArgs: { max_steps: 400, save_steps: 1000 } };
      const first = await sdkTrain(wire, 'stories260K', MADE_UP_FACTS.slice(0, 8), args);
      const second = await sdkTrain(wire, 'stories260K', MADE_UP_FACTS.slice(8, 16), args);
      await pollUntil(wire, first.jobId, (v) => v.status === 'TRAINING MODEL', 60_000);
      expect((await wire.get<{ status: string }>(`/v1/train/jobs/${second.jobId}`)).body.status).toBe('QUEUED');

      // While the first trains: polls and a completion answer as they would on an idle server.
      const pollTimes: number[] = [];
      for (let i = 0; i < 10; i++) {
        const started = Date.now();
        await wire.get(`/v1/train/jobs/${first.jobId}`);
        pollTimes.push(Date.now() - started);
      }
      expect(Math.max(...pollTimes)).toBeLessThan(1_000);
      const generated = await sdkGenerate(wire, 'stories260K', ['Once upon a time']);
      expect(generated.raises).toBeNull();
      expect((await wire.get<{ status: string }>(`/v1/train/jobs/${first.jobId}`)).body.status).toBe('TRAINING MODEL');

      const firstDone = await pollUntilDone(wire, first.jobId, 240_000);
      const secondDone = await pollUntilDone(wire, second.jobId, 240_000);
      expect([firstDone.status, secondDone.status]).toEqual(['COMPLETED', 'COMPLETED']);
      expect(Date.parse(secondDone.start_time!)).toBeGreaterThanOrEqual(Date.parse(firstDone.end_time!));
    } finally {
      await platform.stop();
    }
  }, 600_000);
});
