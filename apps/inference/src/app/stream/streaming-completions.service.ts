import { Inject, Injectable } from '@nestjs/common';
import {
  type BatchInitialResponse,
  type FinishReason,
  JobFailedError,
  type OwnerContext,
  type StreamResult,
  type V3StreamingCompletionsPayload,
} from '@lamini/contracts';
import { type JobContext, JobQueue, type JobRecord, type JobWorker, JobWorkers } from '@lamini/persistence';
import { type Output, PromptRunner } from '../completion/prompt-runner';
import { partialResponse } from '../completion/response-shapes';
import { INFERENCE_CONFIG, type InferenceConfig } from '../inference.config';

export const STREAM_QUEUE = 'inference-stream';

/** The output so far; `finishReason` is null until the generation ends. */
interface StreamState {
  output: Output;
  finishReason: FinishReason | null;
}

type StreamJob = JobRecord<V3StreamingCompletionsPayload, StreamState, StreamState>;

/**
 * `/v3/streaming_completions`: a generation whose text pollers read while it grows. The text
 * is a durable job's progress, written at most once per flush interval whatever the token
 * rate, so every replica can answer a poll. Each poll marks the stream watched; one nobody
 * polls any more, or whose push client went away, is cancelled and frees its sequence.
 */
@Injectable()
export class StreamingCompletionsService {
  private readonly worker: JobWorker<V3StreamingCompletionsPayload, StreamState, StreamState>;

  constructor(
    @Inject(INFERENCE_CONFIG) config: InferenceConfig,
    private readonly jobs: JobQueue,
    workers: JobWorkers,
    private readonly runner: PromptRunner,
  ) {
    this.worker = workers.create(STREAM_QUEUE, (job, context) => this.work(job, context), {
      concurrency: config.jobs.streamConcurrency,
      leaseMs: config.jobs.leaseMs,
      pollMs: config.jobs.pollMs,
      progressFlushMs: config.jobs.streamFlushMs,
      abandonAfterMs: config.jobs.streamAbandonMs,
    });
  }

  async create(owner: OwnerContext, payload: V3StreamingCompletionsPayload): Promise<BatchInitialResponse> {
    await this.runner.prepare(owner, payload);
    const job = await this.jobs.enqueue(STREAM_QUEUE, owner.id, payload, { maxAttempts: 2 });
    this.worker.wake();
    return { id: job.id };
  }

  async result(owner: OwnerContext, id: string): Promise<StreamResult> {
    const job = await this.jobs.getOwned<V3StreamingCompletionsPayload, StreamState, StreamState>(id, owner.id);
    if (job.status === 'queued' || job.status === 'running') await this.jobs.watch(id);
    return this.view(job);
  }

  async cancel(owner: OwnerContext, id: string): Promise<StreamResult> {
    await this.jobs.requestCancel(id, owner.id);
    return this.view(await this.jobs.getOwned<V3StreamingCompletionsPayload, StreamState, StreamState>(id, owner.id));
  }

  private view(job: StreamJob): StreamResult {
    if (job.status === 'failed') throw new JobFailedError(`Stream ${job.id} failed${job.error ? `: ${job.error}` : ''}`);
    const state = job.result ?? job.progress;
    // A cancelled stream ends where it was stopped, as a generation stopped by its time limit does.
    const finishReason = state?.finishReason ?? (job.status === 'cancelled' ? 'timeout' : null);
    return partialResponse([{ output: state?.output ?? '', finishReason }]);
  }

  private async work(job: JobRecord<V3StreamingCompletionsPayload, StreamState>, context: JobContext<StreamState>): Promise<StreamState> {
    const request = await this.runner.prepare({ id: job.ownerId, name: job.ownerId }, job.payload);
    const [result] = await this.runner.run(request, {
      deadline: 'request',
      whenFull: 'wait',
      signal: context.signal,
      onPartial: (_, output) => context.setProgress({ output, finishReason: null }),
    });
    if (!result) throw new Error('stream stopped');
    return { output: result.output, finishReason: result.finishReason };
  }
}
