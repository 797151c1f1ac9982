import { ConfigError } from '@lamini/config';
import { readTrainerConfig } from './trainer.config';

describe('trainer memory limit', () => {
  const MiB = 2 ** 20;
  const noCgroup = () => undefined;
  const container = (gib: number) => ({ TRAIN_CONTAINER_MEMORY_LIMIT_BYTES: String(gib * 1024 * MiB) });

  it('takes TRAIN_MEMORY_LIMIT_MB as it is outside a container', () => {
    expect(readTrainerConfig({ TRAIN_MEMORY_LIMIT_MB: '4096' }, noCgroup).memoryLimitBytes).toBe(4096 * MiB);
  });

  it('derives a job\u2019s share from the container limit, the headroom and the jobs run at once', () => {
    expect(readTrainerConfig(container(16), noCgroup).memoryLimitBytes).toBe(15_360 * MiB);
    expect(readTrainerConfig({ ...container(16), TRAIN_CONCURRENCY: '2' }, noCgroup).memoryLimitBytes).toBe(7_680 * MiB);
    expect(readTrainerConfig({}, () => 8 * 1024 * MiB).memoryLimitBytes).toBe(7_168 * MiB);
  });

  it('refuses to start with a job limit the container cannot hold', () => {
    const env = { ...container(16), TRAIN_MEMORY_LIMIT_MB: '12288', TRAIN_CONCURRENCY: '2' };
    expect(() => readTrainerConfig(env, noCgroup)).toThrow(ConfigError);
    expect(() => readTrainerConfig(env, noCgroup)).toThrow(/TRAIN_MEMORY_LIMIT_MB \(12288\) × TRAIN_CONCURRENCY \(2\).*set it to 7680 or less/);
    expect(readTrainerConfig({ ...env, TRAIN_CONCURRENCY: '1' }, noCgroup).memoryLimitBytes).toBe(12_288 * MiB);
  });
});
