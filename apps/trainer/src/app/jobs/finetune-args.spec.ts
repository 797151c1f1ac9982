import { ErrorCode } from '@lamini/contracts';
import { resolveFinetuneArgs } from './finetune-args';

const config = { memoryTuningMaxSteps: 5000 };

describe('resolveFinetuneArgs', () => {
  it('gives memory tuning a step budget and its own rate when the caller sets none', () => {
    const { settings, report } = resolveFinetuneArgs('memory_tuning', undefined, undefined, config);
    expect(settings).toMatchObject({ mode: 'memory_tuning', maxSteps: 5000, maxLength: 2048, maxExamples: null });
    expect(report.ignored).toEqual({});
    expect(report.applied).toMatchObject({ max_steps: 5000, optim: 'adamw' });
  });

  it("takes the spec's defaults for plain fine-tuning", () => {
    const { settings } = resolveFinetuneArgs('finetune', {}, undefined, config);
    expect(settings).toMatchObject({ mode: 'finetune', maxSteps: 100, learningRate: 0.0009, saveSteps: 60 });
  });

  it('applies what it can and says why it ignores the rest', () => {
    const { settings, report } = resolveFinetuneArgs(
      'mome_mini',
      { max_steps: 40, learning_rate: 0.001, save_steps: 10.5, max_length: 64, r_value: 32, optim: 'adafactor', index_k: 4, gradient_accumulation_steps: 4 },
      { gpus: 2, nodes: 1 },
      config,
    );
    expect(settings).toMatchObject({ mode: 'memory_tuning', maxSteps: 40, learningRate: 0.001, saveSteps: 11, maxLength: 64 });
    expect(Object.keys(report.ignored).sort()).toEqual(['gpu_config', 'gradient_accumulation_steps', 'index_k', 'optim', 'r_value']);
    expect(report.ignored.r_value).toMatch(/full weights/);
  });

  it.each([
    [{ max_steps: 0 }, 'max_steps'],
    [{ learning_rate: 2 }, 'learning_rate'],
    [{ max_length: 4 }, 'max_length'],
    [{ max_length: 100_000 }, 'max_length'],
    [{ save_steps: -1 }, 'save_steps'],
  ])('refuses %j naming the argument', (args, name) => {
    expect(() => resolveFinetuneArgs('memory_tuning', args, undefined, config)).toThrow(expect.objectContaining({ code: ErrorCode.InvalidInput, loc: ['finetune_args', name] }));
  });
});
