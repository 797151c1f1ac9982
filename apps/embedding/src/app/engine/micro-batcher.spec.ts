import { MicroBatcher } from './micro-batcher';

/** An engine that records the batches it is given and answers each row with its length. */
function recordingEngine() {
  const batches: number[][][] = [];
  const run = async (batch: number[][]) => {
    batches.push(batch);
    await new Promise((r) => setTimeout(r, 5));
    return batch.map((ids) => Float32Array.of(ids.length));
  };
  return { batches, run };
}

const ids = (length: number) => Array.from({ length }, (_, i) => i);

describe('MicroBatcher', () => {
  it('puts requests made in the same tick into one run, shortest first, and answers each in its order', async () => {
    const engine = recordingEngine();
    const batcher = new MicroBatcher(engine.run, { windowMs: 0, maxBatch: 64 });
    const [a, b] = await Promise.all([batcher.embed([ids(5), ids(2)], true), batcher.embed([ids(9)], true)]);
    expect(engine.batches.map((batch) => batch.map((row) => row.length))).toEqual([[2, 5, 9]]);
    expect([...a.map((v) => v[0]), ...b.map((v) => v[0])]).toEqual([5, 2, 9]);
  });

  it('gathers requests that arrive while a run is in progress into the next run', async () => {
    const engine = recordingEngine();
    const batcher = new MicroBatcher(engine.run, { windowMs: 0, maxBatch: 64 });
    const first = batcher.embed([ids(1)], true);
    // The first run has started (its timer came first) and takes 5 ms.
    await new Promise((r) => setTimeout(r, 1));
    const later = [2, 3, 4].map((n) => batcher.embed([ids(n)], true));
    await Promise.all([first, ...later]);
    expect(engine.batches.map((batch) => batch.length)).toEqual([1, 3]);
  });

  it('waits up to the window for requests that are not latency-sensitive', async () => {
    const engine = recordingEngine();
    const batcher = new MicroBatcher(engine.run, { windowMs: 30, maxBatch: 64 });
    const first = batcher.embed([ids(1)], false);
    await new Promise((r) => setTimeout(r, 10));
    const second = batcher.embed([ids(2)], false);
    await Promise.all([first, second]);
    expect(engine.batches.map((batch) => batch.length)).toEqual([2]);
  });

  it('splits at maxBatch and fails only the requests of a run that failed', async () => {
    let calls = 0;
    const batcher = new MicroBatcher(
      async (batch) => {
        if (calls++ === 0) throw new Error('engine broke');
        return batch.map(() => Float32Array.of(1));
      },
      { windowMs: 0, maxBatch: 2 },
    );
    const results = await Promise.allSettled([batcher.embed([ids(1), ids(2)], true), batcher.embed([ids(3)], true)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
  });
});
