import { Logger } from '@nestjs/common';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Metrics } from '@lamini/metrics';
import type { JobQueue } from './job-queue';
import type { JobRecord, JobStatus } from './job.types';

export interface JobContext<Progress> {
  /** Aborted when the job is cancelled, its lease is lost, or the worker stops. */
  readonly signal: AbortSignal;
  /**
   * Remembers the latest progress; it is written with the next lease renewal, or within
   * `progressFlushMs` when the worker has one, never on every call. Pass a new object for new
   * progress: renewals rewrite the row's progress only when it is another object.
   */
  setProgress(progress: Progress): void;
  readonly progress: Progress | null;
}

export type JobHandler<Payload, Progress, Result> = (
  job: JobRecord<Payload, Progress>,
  context: JobContext<Progress>,
) => Promise<Result>;

export interface JobWorkerOptions {
  concurrency: number;
  leaseMs: number;
  pollMs: number;
  /** Writes new progress this soon (coalescing everything set meanwhile), for jobs someone polls. */
  progressFlushMs?: number;
  /** Cancels a job nobody has watched for this long (see JobQueue.watch). */
  abandonAfterMs?: number;
}

type StopReason = 'cancelled' | 'lease-lost' | 'shutdown';

/**
 * Runs the jobs of one queue: polls (and can be woken) to claim work, renews each job's lease
 * while its handler runs, and records the outcome. A handler that throws fails its job; a
 * process that dies leaves a lease that expires, and another worker takes the job over.
 */
export class JobWorker<Payload, Progress, Result> {
  private readonly logger: Logger;
  private readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly running = new Map<string, AbortController>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private polling: Promise<void> | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly queue: JobQueue,
    private readonly queueName: string,
    private readonly handler: JobHandler<Payload, Progress, Result>,
    private readonly options: JobWorkerOptions,
    private readonly metrics: Metrics,
  ) {
    this.logger = new Logger(`JobWorker:${queueName}`);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopListening = this.queue.onCancelRequested((jobId) => this.running.get(jobId)?.abort('cancelled' satisfies StopReason));
    this.schedule(0);
  }

  /** Looks for work now rather than at the next poll (after an enqueue, say). */
  wake(): void {
    if (!this.stopped) this.schedule(0);
  }

  /**
   * Stops claiming, aborts running handlers and hands their jobs back to the queue. A claim in
   * flight when this is called is waited for, and a job it brings is handed back unstarted.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopListening?.();
    clearTimeout(this.timer);
    for (const controller of this.running.values()) controller.abort('shutdown' satisfies StopReason);
    await this.polling;
    await Promise.all(this.inFlight);
  }

  private schedule(delayMs: number) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(), delayMs);
    this.timer.unref?.();
  }

  private async poll(): Promise<void> {
    if (this.stopped || this.polling) return;
    this.polling = (async () => {
      try {
        while (!this.stopped && this.running.size < this.options.concurrency) {
          const job = await this.queue.claim<Payload, Progress>(this.queueName, this.workerId, this.options.leaseMs);
          if (!job) break;
          if (this.stopped) {
            // stop() began while this claim was in flight: the job goes back as it came.
            await this.queue.release(job.id, this.workerId);
            break;
          }
          this.track(this.run(job));
        }
      } catch (error) {
        this.logger.error(`claim failed: ${(error as Error).message}`);
      }
    })();
    await this.polling;
    this.polling = undefined;
    if (!this.stopped) this.schedule(this.options.pollMs);
  }

  private track(work: Promise<void>) {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async run(job: JobRecord<Payload, Progress>): Promise<void> {
    const startedAt = performance.now();
    const controller = new AbortController();
    this.running.set(job.id, controller);
    let progress = job.progress;
    // The progress the row holds as far as this worker knows (undefined: not known); renewals
    // write progress only when it changed, so a large one is not rewritten every heartbeat.
    let stored: Progress | null | undefined = job.progress;
    let flush: NodeJS.Timeout | undefined;
    const beat = () => {
      const changed = progress !== stored ? (progress ?? undefined) : undefined;
      stored = progress;
      void this.heartbeat(job.id, controller, changed).then((renewed) => {
        if (!renewed) stored = undefined;
      });
    };
    const context: JobContext<Progress> = {
      signal: controller.signal,
      setProgress: (next) => {
        progress = next;
        if (this.options.progressFlushMs !== undefined && !flush) {
          flush = setTimeout(() => {
            flush = undefined;
            beat();
          }, this.options.progressFlushMs);
        }
      },
      get progress() {
        return progress;
      },
    };
    const heartbeat = setInterval(beat, this.options.leaseMs / 3);
    // The status this worker ended the job with; none when it handed the job back or lost it.
    let ended: JobStatus | null = null;
    try {
      const result = await this.handler(job, context);
      if (controller.signal.aborted) ended = await this.settleAborted(job.id, controller.signal.reason as StopReason, progress);
      else if (await this.queue.complete(job.id, this.workerId, result, progress)) ended = 'succeeded';
    } catch (error) {
      if (controller.signal.aborted) {
        ended = await this.settleAborted(job.id, controller.signal.reason as StopReason, progress);
      } else {
        this.logger.warn(`job ${job.id} failed: ${(error as Error).message}`);
        if (await this.queue.fail(job.id, this.workerId, (error as Error).message, progress)) ended = 'failed';
      }
    } finally {
      if (ended) this.metrics.jobDuration.observe({ queue: this.queueName, status: ended }, (performance.now() - startedAt) / 1000);
      clearInterval(heartbeat);
      clearTimeout(flush);
      this.running.delete(job.id);
      this.wake();
    }
  }

  /** Renews the lease, writing `progress` if given; false when the renewal did not go through. */
  private async heartbeat(jobId: string, controller: AbortController, progress: Progress | undefined): Promise<boolean> {
    try {
      const lease = await this.queue.renewLease(jobId, this.workerId, this.options.leaseMs, progress, this.options.abandonAfterMs);
      if (!lease.held) controller.abort('lease-lost' satisfies StopReason);
      else if (lease.cancelRequested) controller.abort('cancelled' satisfies StopReason);
      return lease.held;
    } catch (error) {
      // A missed renewal is survivable; the lease is three heartbeats long.
      this.logger.warn(`lease renewal for ${jobId} failed: ${(error as Error).message}`);
      return false;
    }
  }

  /** 'cancelled' when this worker ended the job so. */
  private async settleAborted(jobId: string, reason: StopReason, progress: Progress | null): Promise<JobStatus | null> {
    if (reason === 'cancelled') return (await this.queue.markCancelled(jobId, this.workerId, progress)) ? 'cancelled' : null;
    if (reason === 'shutdown') await this.queue.release(jobId, this.workerId, progress);
    // lease-lost: another worker owns the job now; record nothing.
    return null;
  }
}
