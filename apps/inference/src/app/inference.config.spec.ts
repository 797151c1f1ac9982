import { ConfigError } from '@lamini/config';
import { defaultThreads, readInferenceConfig } from './inference.config';

describe('inference configuration', () => {
  it('gives small models one thread and larger ones every core', () => {
    const MB = 1024 * 1024;
    expect(defaultThreads(1.2 * MB, 2)).toBe(1);
    expect(defaultThreads(1.2 * MB, 16)).toBe(1);
    expect(defaultThreads(270 * MB, 2)).toBe(2);
    expect(defaultThreads(270 * MB, 16)).toBe(16);
  });

  it('leaves the thread count to the model unless one is set', () => {
    expect(readInferenceConfig({}).threads).toBeUndefined();
  });

  it('takes a thread count and GPU choice from the environment', () => {
    expect(readInferenceConfig({ INFERENCE_THREADS: '3', INFERENCE_GPU: 'off' })).toMatchObject({ threads: 3, gpu: false });
    expect(() => readInferenceConfig({ INFERENCE_GPU: 'cuda' })).toThrow(ConfigError);
  });
});

describe('inference memory budget', () => {
  const MiB = 1024 * 1024;
  const noCgroup = () => undefined;

  it('keeps 8 GiB without a container limit, or what it is told', () => {
    expect(readInferenceConfig({}, noCgroup).memoryBudgetBytes).toBe(8192 * MiB);
    expect(readInferenceConfig({ INFERENCE_MEMORY_BUDGET_MB: '2048' }, noCgroup).memoryBudgetBytes).toBe(2048 * MiB);
  });

  it('derives the budget from the container limit, leaving the headroom to the process', () => {
    const limit = String(8 * 1024 * MiB);
    expect(readInferenceConfig({ INFERENCE_MEMORY_LIMIT_BYTES: limit }, noCgroup).memoryBudgetBytes).toBe(7168 * MiB);
    expect(readInferenceConfig({ INFERENCE_MEMORY_LIMIT_BYTES: limit, INFERENCE_MEMORY_HEADROOM_MB: '2048' }, noCgroup).memoryBudgetBytes).toBe(6144 * MiB);
  });

  it('reads the cgroup\u2019s limit when the manifest gives none', () => {
    expect(readInferenceConfig({}, () => 4 * 1024 * MiB).memoryBudgetBytes).toBe(3072 * MiB);
    expect(readInferenceConfig({ INFERENCE_MEMORY_LIMIT_BYTES: String(2048 * MiB) }, () => 4 * 1024 * MiB).memoryBudgetBytes).toBe(1024 * MiB);
  });

  it('refuses to start with a budget that does not fit in the limit beside the headroom', () => {
    const env = { INFERENCE_MEMORY_LIMIT_BYTES: String(8 * 1024 * MiB), INFERENCE_MEMORY_BUDGET_MB: '8192' };
    expect(() => readInferenceConfig(env, noCgroup)).toThrow(ConfigError);
    expect(() => readInferenceConfig(env, noCgroup)).toThrow(/INFERENCE_MEMORY_BUDGET_MB \(8192\).*memory limit \(8192 MiB\).*set it to 7168 or less/);
    expect(readInferenceConfig({ ...env, INFERENCE_MEMORY_BUDGET_MB: '7168' }, noCgroup).memoryBudgetBytes).toBe(7168 * MiB);
  });

  it('refuses a limit that leaves nothing for models', () => {
    expect(() => readInferenceConfig({ INFERENCE_MEMORY_LIMIT_BYTES: String(1024 * MiB) }, noCgroup)).toThrow(/INFERENCE_MEMORY_HEADROOM_MB \(1024\) leaves 0 MiB/);
  });
});
