import { Inject, Injectable } from '@nestjs/common';
import {
  type BatchCompletionsPayload,
  type BatchInitialResponse,
  type BatchResult,
  JobFailedError,
  type OwnerContext,
} from '@lamini/contracts';
import { type JobContext, JobQueue, type JobRecord, type JobWorker, JobWorkers } from '@lamini/persistence';
import { type PromptResult, PromptRunner } from '../completion/prompt-runner';
import { partialResponse, v2Response } from '../completion/response-shapes';
import { INFERENCE_CONFIG, type InferenceConfig } from '../inference.config';

export const BATCH_QUEUE = 'inference-batch';

/** Each prompt's result as it finishes, null until then; written with the lease, so a restart redoes only the rest. */
interface BatchProgress {
  results: Array<PromptResult | null>;
}

type BatchJob = JobRecord<BatchCompletionsPayload, BatchProgress>;

/**
 * `/v1/batch_completions`: the request is checked, stored as a durable job and answered with
 * its id at once. Any replica's worker runs it; one killed mid-batch leaves a lease that
 * expires, and the next worker finishes the prompts still missing.
 */
@Injectable()
export class BatchCompletionsService {
  private readonly worker: JobWorker<BatchCompletionsPayload, BatchProgress, BatchProgress>;

  constructor(
    @Inject(INFERENCE_CONFIG) config: InferenceConfig,
    private readonly jobs: JobQueue,
    workers: JobWorkers,
    private readonly runner: PromptRunner,
  ) {
    this.worker = workers.create(BATCH_QUEUE, (job, context) => this.work(job, context), {
      concurrency: config.jobs.batchConcurrency,
      leaseMs: config.jobs.leaseMs,
      pollMs: config.jobs.pollMs,
    });
  }

  async create(owner: OwnerContext, payload: BatchCompletionsPayload): Promise<BatchInitialResponse> {
    await this.runner.prepare(owner, payload);
    const job = await this.jobs.enqueue(BATCH_QUEUE, owner.id, payload);
    this.worker.wake();
    return { id: job.id };
  }

  async result(owner: OwnerContext, id: string): Promise<BatchResult> {
    const job = await this.jobs.getOwned<BatchCompletionsPayload, BatchProgress, BatchProgress>(id, owner.id);
    if (job.status === 'succeeded') return v2Response(job.result!.results as PromptResult[]);
    if (job.status === 'failed' || job.status === 'cancelled') {
      throw new JobFailedError(`Batch ${id} ${job.status}${job.error ? `: ${job.error}` : ''}`);
    }
    const results = job.progress?.results ?? job.payload.prompt.map(() => null);
    return {
      ...partialResponse(results),
      status: job.status,
      progress: { completed: results.filter((r) => r !== null).length, total: results.length },
    };
  }

  private async work(job: BatchJob, context: JobContext<BatchProgress>): Promise<BatchProgress> {
    const request = await this.runner.prepare({ id: job.ownerId, name: job.ownerId }, job.payload);
    const results = [...(job.progress?.results ?? request.prompts.map(() => null))];
    const missing = results.flatMap((result, index) => (result === null ? [index] : []));
    await this.runner.run(request, {
      deadline: 'prompt',
      whenFull: 'wait',
      only: missing,
      signal: context.signal,
      onResult: (index, result) => {
        results[index] = result;
        context.setProgress({ results: [...results] });
      },
    });
    return { results };
  }
}
