import type { LlamaContext, LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import { OverloadedError } from '@lamini/contracts';
import { type Metrics, modelLabel } from '@lamini/metrics';
import { stepInLockstep } from './lockstep-sequence';
import { StepBarrier } from './step-barrier';

/** What to do when every sequence is busy and the queue is at its bound. */
export type WhenFull = 'refuse' | 'wait';

/**
 * A model with one context whose sequences are handed out to concurrent generations, which
 * step in lockstep (StepBarrier) so node-llama-cpp evaluates their tokens in one batch.
 * Requests beyond the free sequences wait in a queue of bounded length; past it they are
 * refused, which keeps memory flat under overload. Jobs, already accepted and bounded by their
 * workers' concurrency, wait instead of being refused. The queue's depth, the sequences in use
 * and the refusals are reported as metrics under the model's name.
 */
export class LoadedModel {
  private readonly free: LlamaContextSequence[] = [];
  private readonly waiting: Array<(sequence: LlamaContextSequence) => void> = [];
  private users = 0;
  /** The model's metric label: its name, never its path. */
  readonly label: { model: string };

  constructor(
    readonly path: string,
    readonly model: LlamaModel,
    readonly context: LlamaContext,
    readonly sizeBytes: number,
    private readonly maxQueue: number,
    private readonly metrics: Metrics,
  ) {
    const barrier = new StepBarrier();
    for (let i = 0; i < context.totalSequences; i++) this.free.push(stepInLockstep(context.getSequence(), barrier, i));
    this.label = { model: modelLabel(path) };
    this.report();
  }

  /** Whether a request holds the model; the pool never evicts it then. */
  get inUse(): boolean {
    return this.users > 0;
  }

  async use<T>(work: (model: LoadedModel) => Promise<T>): Promise<T> {
    this.users++;
    try {
      return await work(this);
    } finally {
      this.users--;
    }
  }

  /** Waits for a free sequence (unless refused), giving up if `cancel` aborts meanwhile. */
  async withSequence<T>(work: (sequence: LlamaContextSequence) => Promise<T>, whenFull: WhenFull, cancel?: AbortSignal): Promise<T> {
    const sequence = await this.acquire(whenFull, cancel);
    try {
      return await work(sequence);
    } finally {
      await sequence.clearHistory();
      this.release(sequence);
    }
  }

  async dispose(): Promise<void> {
    this.metrics.queueDepth.remove(this.label);
    this.metrics.activeSequences.remove(this.label);
    await this.context.dispose();
    await this.model.dispose();
  }

  private acquire(whenFull: WhenFull, cancel?: AbortSignal): Promise<LlamaContextSequence> {
    const sequence = this.free.pop();
    if (sequence) {
      this.report();
      return Promise.resolve(sequence);
    }
    if (whenFull === 'refuse' && this.waiting.length >= this.maxQueue) {
      this.metrics.rejected.inc(this.label);
      return Promise.reject(new OverloadedError('Too many requests in progress for this model; try again shortly'));
    }
    cancel?.throwIfAborted();
    return new Promise((resolve, reject) => {
      const take = (granted: LlamaContextSequence) => {
        cancel?.removeEventListener('abort', giveUp);
        resolve(granted);
      };
      const giveUp = () => {
        this.waiting.splice(this.waiting.indexOf(take), 1);
        this.report();
        reject(cancel!.reason);
      };
      cancel?.addEventListener('abort', giveUp, { once: true });
      this.waiting.push(take);
      this.report();
    });
  }

  private release(sequence: LlamaContextSequence) {
    const next = this.waiting.shift();
    if (next) next(sequence);
    else this.free.push(sequence);
    this.report();
  }

  private report() {
    this.metrics.queueDepth.set(this.label, this.waiting.length);
    this.metrics.activeSequences.set(this.label, this.context.totalSequences - this.free.length);
  }
}
