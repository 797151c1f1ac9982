interface Pending {
  ids: number[];
  /** When this sentence must be in a run at the latest (arrival + window, or arrival). */
  dueAt: number;
  resolve: (vector: Float32Array) => void;
  reject: (error: unknown) => void;
}

export interface MicroBatcherOptions {
  windowMs: number;
  maxBatch: number;
}

/**
 * Gathers the sentences of concurrent requests into shared engine runs. A request that is not
 * latency-sensitive may wait up to `windowMs` for company; a latency-sensitive one is due at
 * once. A run starts when the earliest pending sentence is due (or a full batch is waiting)
 * and takes everything pending, sorted by length so that padding stays small; what arrives
 * while a run is in progress waits for the next one.
 */
export class MicroBatcher {
  private pending: Pending[] = [];
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;

  constructor(
    private readonly run: (batch: number[][]) => Promise<Float32Array[]>,
    private readonly options: MicroBatcherOptions,
  ) {}

  embed(items: number[][], latencySensitive: boolean): Promise<Float32Array[]> {
    const dueAt = Date.now() + (latencySensitive ? 0 : this.options.windowMs);
    const vectors = items.map((ids) => new Promise<Float32Array>((resolve, reject) => this.pending.push({ ids, dueAt, resolve, reject })));
    this.schedule();
    return Promise.all(vectors);
  }

  private schedule() {
    if (this.running || this.pending.length === 0) return;
    const dueAt = Math.min(...this.pending.map((p) => p.dueAt));
    const delay = this.pending.length >= this.options.maxBatch ? 0 : Math.max(0, dueAt - Date.now());
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
    // A run that is due goes on the next turn of the event loop (requests that arrived together
    // share it), not through a timer, which would add a millisecond.
    if (delay === 0) this.immediate = setImmediate(() => void this.flush());
    else this.timer = setTimeout(() => void this.flush(), delay);
  }

  private async flush() {
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
    if (this.running) return;
    this.running = true;
    const taken = this.pending.splice(0).sort((a, b) => a.ids.length - b.ids.length);
    try {
      for (let start = 0; start < taken.length; start += this.options.maxBatch) {
        const batch = taken.slice(start, start + this.options.maxBatch);
        try {
          const vectors = await this.run(batch.map((p) => p.ids));
          batch.forEach((p, i) => p.resolve(vectors[i]));
        } catch (error) {
          batch.forEach((p) => p.reject(error));
        }
      }
    } finally {
      this.running = false;
      this.schedule();
    }
  }
}
