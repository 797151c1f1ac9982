import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InternalError, OverloadedError } from '@lamini/contracts';
import { Metrics } from '@lamini/metrics';
import { STORIES_260K_GGUF } from '@lamini/testing';
import { readInferenceConfig } from '../inference.config';
import { LlamaRuntime } from './llama-runtime';
import { ModelPool } from './model-pool';

const MiB = 1024 * 1024;

/**
 * stories260K with 2 sequences of 256 tokens holds 1.13 MiB of weights and 0.31 MiB of KV cache:
 * a 2 MiB budget holds one copy and not two.
 */
describe('ModelPool memory budget', () => {
  const dir = mkdtempSync(join(tmpdir(), 'model-pool-'));
  const [first, second] = ['first.gguf', 'second.gguf'].map((name) => {
    copyFileSync(STORIES_260K_GGUF, join(dir, name));
    return join(dir, name);
  });
  let metrics: Metrics;
  let pool: ModelPool;

  function makePool(budgetMiB: number) {
    const config = { ...readInferenceConfig({ INFERENCE_SEQUENCES: '2', INFERENCE_CONTEXT_SIZE: '256', INFERENCE_GPU: 'off', INFERENCE_THREADS: '1' }, () => undefined), memoryBudgetBytes: budgetMiB * MiB };
    metrics = new Metrics();
    pool = new ModelPool(config, new LlamaRuntime(config), metrics);
  }

  afterEach(() => pool.onApplicationShutdown());

  const evictions = async () => (await metrics.modelEvictions.get()).values.reduce((sum, v) => sum + v.value, 0);

  it('refuses a model whose weights and KV cache alone exceed the budget, naming the figures', async () => {
    makePool(1);
    const use = pool.use(first, async () => 'loaded');
    await expect(use).rejects.toBeInstanceOf(InternalError);
    await expect(use).rejects.toThrow(/first\.gguf needs 1\.4 MiB \(weights 1\.1, KV cache 0\.3\) with 2 sequences \(INFERENCE_SEQUENCES\).*budget of 1 MiB/);
  });

  it('evicts an idle model before loading the next, so both are never held together', async () => {
    makePool(2);
    await pool.use(first, async () => undefined);
    await pool.use(second, async () => undefined);
    expect(await evictions()).toBe(1);
  });

  it('refuses for now (429) a model that fits only once the models serving requests are done', async () => {
    makePool(2);
    let release!: () => void;
    const inUse = new Promise<void>((started) => {
      void pool.use(first, () => {
        started();
        return new Promise<void>((resolve) => (release = resolve));
      });
    });
    await inUse;
    await expect(pool.use(second, async () => undefined)).rejects.toBeInstanceOf(OverloadedError);
    release();
    await expect(pool.use(second, async () => 'loaded')).resolves.toBe('loaded');
  });
});
