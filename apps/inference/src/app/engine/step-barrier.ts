/**
 * Holds each generation of a model before its next decode until every generation in progress
 * is ready for its own, then lets them all go in the same tick, so node-llama-cpp puts all
 * their tokens in one batch. Without it, generations that started a few milliseconds apart
 * stay in separate phases for good: node-llama-cpp's dispatch loop decodes whatever is
 * queued when the previous decode ends, and measured batches held n-1 of n sequences (two
 * never shared a batch). With it, 8 staggered streams on a 134M model went from 157 to
 * 210 tok/s on 2 cores.
 */
export class StepBarrier {
  private members = 0;
  private ready: Array<() => void> = [];

  join(): void {
    this.members++;
  }

  leave(): void {
    this.members--;
    this.releaseIfAllReady();
  }

  /** Resolves once every member has arrived (or left). */
  arrive(): Promise<void> {
    return new Promise((resolve) => {
      this.ready.push(resolve);
      this.releaseIfAllReady();
    });
  }

  private releaseIfAllReady() {
    if (this.ready.length === 0 || this.ready.length < this.members) return;
    const released = this.ready;
    this.ready = [];
    for (const resolve of released) resolve();
  }
}
