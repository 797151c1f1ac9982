import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MADE_UP_FACTS } from '@lamini/testing';
import { ggufContextLength } from './gguf-header';
import { findRepoRoot } from './llama-ffi';
import { LlamaTrainer } from './llama-trainer';
import type { TrainingCheckpoint, TrainingProgress, TrainingSpec } from './training-engine.types';

const BASE = resolve(findRepoRoot(), '../shared/models/stories260K/stories260K.gguf');

describe('LlamaTrainer on stories260K', () => {
  const trainer = new LlamaTrainer();
  let dir: string;
  const spec = (over: Partial<TrainingSpec> = {}): TrainingSpec => ({
    baseModelPath: BASE,
    facts: MADE_UP_FACTS,
    mode: 'memory_tuning',
    maxSteps: 6000,
    learningRate: 1e-3,
    saveSteps: 0,
    maxLength: 128,
    threads: 1,
    seed: 7,
    ...over,
  });
  const noop = () => undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'llama-trainer-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('memory-tunes 40 made-up facts until greedy decoding recalls them all, with a margin', async () => {
    const base = await trainer.evaluate(BASE, MADE_UP_FACTS, 1);
    expect(base.filter((r) => r.exact).length).toBeLessThanOrEqual(2);

    const progress: TrainingProgress[] = [];
    const outputPath = join(dir, 'tuned.gguf');
    const outcome = await trainer.run(spec(), {
      checkpointDir: join(dir, 'ck-tune'),
      outputPath,
      signal: new AbortController().signal,
      onProgress: (p) => progress.push(p),
      onCheckpoint: noop,
    });

    expect(outcome.state).toBe('completed');
    expect(outcome.recall).toBe(1);
    expect(outcome.steps).toBeLessThan(6000);
    expect(progress[progress.length - 1].loss).toBeLessThan(progress[0].loss / 5);
    expect(ggufContextLength(outputPath)).toBe(2048);

    const tuned = await trainer.evaluate(outputPath, MADE_UP_FACTS, 1);
    expect(tuned.filter((r) => r.exact).length).toBe(MADE_UP_FACTS.length);
  }, 180_000);

  it('stops on cancel with a checkpoint, and a resumed run continues from its step', async () => {
    const controller = new AbortController();
    const checkpoints: TrainingCheckpoint[] = [];
    const cancelled = await trainer.run(spec({ mode: 'finetune', maxSteps: 100_000 }), {
      checkpointDir: join(dir, 'ck-cancel'),
      outputPath: join(dir, 'never.gguf'),
      signal: controller.signal,
      onProgress: (p) => {
        if (p.step >= 50) controller.abort();
      },
      onCheckpoint: (c) => {
        checkpoints.push(c);
      },
    });
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.steps).toBeGreaterThanOrEqual(50);
    expect(checkpoints).toHaveLength(1);
    expect(checkpoints[0].step).toBe(cancelled.steps);
    expect(existsSync(checkpoints[0].modelPath)).toBe(true);
    expect(existsSync(join(dir, 'never.gguf'))).toBe(false);
    expect(ggufContextLength(checkpoints[0].modelPath)).toBe(2048);

    const resumedProgress: TrainingProgress[] = [];
    const resumed = await trainer.run(spec({ mode: 'finetune', maxSteps: checkpoints[0].step + 20 }), {
      resumeFrom: checkpoints[0],
      checkpointDir: join(dir, 'ck-resume'),
      outputPath: join(dir, 'resumed.gguf'),
      signal: new AbortController().signal,
      onProgress: (p) => resumedProgress.push(p),
      onCheckpoint: noop,
    });
    expect(resumed).toMatchObject({ state: 'completed', steps: checkpoints[0].step + 20 });
    expect(resumedProgress[0].step).toBeGreaterThan(checkpoints[0].step);
    expect(existsSync(join(dir, 'resumed.gguf'))).toBe(true);
  }, 60_000);
});
