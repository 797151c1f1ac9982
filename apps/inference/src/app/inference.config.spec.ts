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
