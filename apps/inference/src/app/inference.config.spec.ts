import { ConfigError } from '@lamini/config';
import { defaultThreads, readInferenceConfig } from './inference.config';

describe('inference configuration', () => {
  it('leaves one core to the JavaScript thread, and never goes below one thread', () => {
    expect(defaultThreads(1)).toBe(1);
    expect(defaultThreads(2)).toBe(1);
    expect(defaultThreads(16)).toBe(15);
  });

  it('takes a thread count and GPU choice from the environment', () => {
    expect(readInferenceConfig({ INFERENCE_THREADS: '3', INFERENCE_GPU: 'off' })).toMatchObject({ threads: 3, gpu: false });
    expect(() => readInferenceConfig({ INFERENCE_GPU: 'cuda' })).toThrow(ConfigError);
  });
});
