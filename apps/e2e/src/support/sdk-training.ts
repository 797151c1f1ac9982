import type { TrainJobView } from '@lamini/contracts';
import type { MadeUpFact } from '@lamini/testing';
import type { SdkWire } from './sdk-wire';

const TERMINAL = ['COMPLETED', 'PARTIALLY COMPLETED', 'FAILED', 'CANCELLED'];

/**
 * `Lamini(model).train(data)` on the wire (`lamini/api/lamini.py` and `train.py`): the upload
 * path is asked for, the rows go up as local data, the dataset is looked up again, and the job
 * is submitted with only the keys the SDK sets.
 */
export async function sdkTrain(
  wire: SdkWire,
  modelName: string,
  facts: MadeUpFact[],
  options: { finetuneArgs?: Record<string, unknown>; trainType?: string } = {},
) {
  const base = await wire.get<{ upload_base_path: string }>('/v1/get-upload-base-path');
  expectOk(base);
  const uploaded = await wire.post<{ dataset_id: string; dataset_location: string }>('/v1/local-data', {
    upload_base_path: base.body.upload_base_path,
    data: facts,
  });
  expectOk(uploaded);
  const existing = await wire.post<{ dataset_location: string }>('/v1/existing-data', {
    dataset_id: uploaded.body.dataset_id,
    upload_base_path: base.body.upload_base_path,
  });
  expectOk(existing);
  const job = await wire.post<{ job_id: number; status: string }>('/v1/train', {
    model_name: modelName,
    dataset_id: uploaded.body.dataset_id,
    upload_file_path: existing.body.dataset_location,
    ...(options.finetuneArgs ? { finetune_args: options.finetuneArgs } : {}),
    ...(options.trainType ? { train_type: options.trainType } : {}),
  });
  expectOk(job);
  return { datasetId: uploaded.body.dataset_id, uploadBasePath: base.body.upload_base_path, jobId: job.body.job_id, submitted: job.body };
}

/** `train_and_wait`'s loop, polling faster than its 30 s: the status until a terminal one. */
export async function pollUntilDone(wire: SdkWire, jobId: number, timeoutMs: number): Promise<TrainJobView> {
  return pollUntil(wire, jobId, (view) => TERMINAL.includes(view.status), timeoutMs);
}

export async function pollUntil(wire: SdkWire, jobId: number, done: (view: TrainJobView) => boolean, timeoutMs: number): Promise<TrainJobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await wire.get<TrainJobView>(`/v1/train/jobs/${jobId}`);
    expectOk(res);
    if (done(res.body)) return res.body;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${res.body.status} at step ${res.body.progress.step} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** `Lamini(model_name).generate([...])` with the nulls the SDK sends: the outputs in prompt order. */
export async function sdkGenerate(wire: SdkWire, modelName: string, prompts: string[]) {
  return wire.post<Array<{ output: string }>>('/v1/completions', {
    model_name: modelName,
    prompt: prompts,
    output_type: null,
    max_tokens: null,
    max_new_tokens: 16,
  });
}

/** Exact recall: the generation, up to its end, is the answer (surrounding spaces aside). */
export function exactMatches(facts: MadeUpFact[], outputs: string[]): number {
  return facts.filter((fact, i) => outputs[i]?.trim() === fact.output.trim()).length;
}

function expectOk(res: { status: number; body: unknown }) {
  if (res.status !== 200) throw new Error(`${res.status}: ${JSON.stringify(res.body)}`);
}
