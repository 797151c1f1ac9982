import type { Llama } from 'node-llama-cpp';
import { OverloadedError } from '@lamini/contracts';
import { Metrics } from '@lamini/metrics';
import { STORIES_260K_GGUF } from '@lamini/testing';
import { LoadedModel } from './loaded-model';

/** One sequence and no queue: the second user either is refused or waits, as asked. */
describe('LoadedModel sequences', () => {
  let llama: Llama;
  let loaded: LoadedModel;
  const metrics = new Metrics();
  const gauge = async (metric: Metrics['queueDepth' | 'activeSequences']) =>
    (await metric.get()).values.find((v) => v.labels.model === 'stories260K')?.value;

  beforeAll(async () => {
    const { getLlama, LlamaLogLevel } = await import('node-llama-cpp');
    llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error });
    const model = await llama.loadModel({ modelPath: STORIES_260K_GGUF });
    const context = await model.createContext({ sequences: 1, contextSize: 256, threads: 1 });
    loaded = new LoadedModel(STORIES_260K_GGUF, model, context, 0, 0, metrics);
  });

  afterAll(() => loaded.dispose());

  /** Holds the only sequence until the returned function is called. */
  function holdSequence(): { release: () => void; held: Promise<void> } {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const ready = new Promise<void>((resolve) => (started = resolve));
    void loaded.withSequence(async () => {
      started();
      await released;
    }, 'refuse');
    return { release, held: ready };
  }

  it('refuses a request beyond the queue bound, and lets a job wait its turn', async () => {
    const holder = holdSequence();
    await holder.held;
    await expect(loaded.withSequence(async () => 'ran', 'refuse')).rejects.toBeInstanceOf(OverloadedError);
    const waiting = loaded.withSequence(async () => 'ran after the holder', 'wait');
    holder.release();
    await expect(waiting).resolves.toBe('ran after the holder');
  });

  it('reports the sequences in use, the queue and the refusals under the model\u2019s name', async () => {
    const refusals = async () => (await metrics.rejected.get()).values.find((v) => v.labels.model === 'stories260K')?.value ?? 0;
    const refusedBefore = await refusals();
    const holder = holdSequence();
    await holder.held;
    const waiting = loaded.withSequence(async () => 'ran', 'wait');
    expect([await gauge(metrics.activeSequences), await gauge(metrics.queueDepth)]).toEqual([1, 1]);
    await expect(loaded.withSequence(async () => 'ran', 'refuse')).rejects.toBeInstanceOf(OverloadedError);
    expect((await refusals()) - refusedBefore).toBe(1);
    holder.release();
    await waiting;
    expect([await gauge(metrics.activeSequences), await gauge(metrics.queueDepth)]).toEqual([0, 0]);
  });

  it('stops a job waiting for a sequence when it is cancelled, and hands the sequence on', async () => {
    const holder = holdSequence();
    await holder.held;
    const cancel = new AbortController();
    const cancelled = loaded.withSequence(async () => 'never', 'wait', cancel.signal);
    const next = loaded.withSequence(async () => 'next in line', 'wait');
    cancel.abort(new Error('job cancelled'));
    await expect(cancelled).rejects.toThrow('job cancelled');
    holder.release();
    await expect(next).resolves.toBe('next in line');
  });
});
