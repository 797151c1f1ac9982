import type { LlamaContext, LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import { OverloadedError } from '@lamini/contracts';

/**
 * A model with one context whose sequences are handed out to concurrent generations, so
 * node-llama-cpp evaluates them together. Requests beyond the free sequences wait in a queue of
 * bounded length; past it they are refused, which keeps memory flat under overload.
 */
export class LoadedModel {
  private readonly free: LlamaContextSequence[] = [];
  private readonly waiting: Array<(sequence: LlamaContextSequence) => void> = [];
  private users = 0;

  constructor(
    readonly path: string,
    readonly model: LlamaModel,
    readonly context: LlamaContext,
    readonly sizeBytes: number,
    private readonly maxQueue: number,
  ) {
    for (let i = 0; i < context.totalSequences; i++) this.free.push(context.getSequence());
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

  async withSequence<T>(work: (sequence: LlamaContextSequence) => Promise<T>): Promise<T> {
    const sequence = await this.acquire();
    try {
      return await work(sequence);
    } finally {
      await sequence.clearHistory();
      this.release(sequence);
    }
  }

  async dispose(): Promise<void> {
    await this.context.dispose();
    await this.model.dispose();
  }

  private acquire(): Promise<LlamaContextSequence> {
    const sequence = this.free.pop();
    if (sequence) return Promise.resolve(sequence);
    if (this.waiting.length >= this.maxQueue) {
      return Promise.reject(new OverloadedError('Too many requests in progress for this model; try again shortly'));
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(sequence: LlamaContextSequence) {
    const next = this.waiting.shift();
    if (next) next(sequence);
    else this.free.push(sequence);
  }
}
