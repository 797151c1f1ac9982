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
  private ready: Array<{ rank: number; go: () => void }> = [];

  join(): void {
    this.members++;
  }

  leave(): void {
    this.members--;
    this.releaseIfAllReady();
  }

  /**
   * Resolves once every member has arrived (or left). Members go in order of `rank` (their
   * sequence id): that is the order their tokens enter the batch, and llama.cpp splits a
   * batch whose sequence ids are out of order into smaller ones (measured: 8 streams of a
   * 134M model at 117 tok/s in arrival order, 185-204 in id order).
   */
  arrive(rank: number): Promise<void> {
    return new Promise((go) => {
      this.ready.push({ rank, go });
      this.releaseIfAllReady();
    });
  }

  private releaseIfAllReady() {
    if (this.ready.length === 0 || this.ready.length < this.members) return;
    const released = this.ready.sort((a, b) => a.rank - b.rank);
    this.ready = [];
    // Released on the next microtask, so the last member to arrive is already awaiting too and
    // every continuation runs in rank order.
    queueMicrotask(() => {
      for (const { go } of released) go();
    });
  }
}
