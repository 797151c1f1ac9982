import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LlamaShape, MADE_UP_FACTS, randomLlamaGguf } from '@lamini/testing';
import { ggufContextLength, readGgufHeader } from './gguf-header';
import { writeGguf } from './gguf-writer';
import { GRAPH_TENSORS_BASE, GRAPH_TENSORS_PER_LAYER, MAX_TRAINABLE_LAYERS, planGraphBudget, writeBudgetAdapter } from './graph-budget';
import { LlamaTrainer } from './llama-trainer';
import type { TrainingSpec } from './training-engine.types';

/** A llama as deep as a real one but a few hundred kB wide, so that its graph is large and its steps are quick. */
const narrow = (layers: number): LlamaShape => ({ name: `narrow-llama-${layers}`, embedding: 64, layers, heads: 4, kvHeads: 4, feedForward: 128, vocab: 512, context: 512 });

describe('training graph budget', () => {
  const trainer = new LlamaTrainer();
  let dir: string;
  const spec = (baseModelPath: string): TrainingSpec => ({
    baseModelPath,
    facts: MADE_UP_FACTS.slice(0, 4),
    mode: 'finetune',
    maxSteps: 2,
    learningRate: 1e-3,
    saveSteps: 0,
    maxLength: 64,
    threads: 1,
    seed: 1,
  });
  const run = (base: string, name: string) =>
    trainer.run(spec(base), {
      checkpointDir: join(dir, `ck-${name}`),
      outputPath: join(dir, `${name}.gguf`),
      signal: new AbortController().signal,
      onProgress: () => undefined,
      onCheckpoint: () => undefined,
    });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'graph-budget-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('plans adapter loads that cover the measured graph of every trainable depth', async () => {
    for (const layers of [1, 7, 8, 12, MAX_TRAINABLE_LAYERS]) {
      const plan = planGraphBudget(await randomLlamaGguf(narrow(layers), dir));
      expect(plan.budget).toBeGreaterThanOrEqual(plan.nodesNeeded);
      expect(plan.nodesNeeded).toBeGreaterThan(GRAPH_TENSORS_BASE + GRAPH_TENSORS_PER_LAYER * layers);
      expect(plan.pairs).toBe(7 * layers + 1);
    }
  });

  it('writes an adapter of rank-1 zero pairs for every 2-D weight but the token embedding', async () => {
    const base = await randomLlamaGguf(narrow(2), dir);
    const path = join(dir, 'budget.gguf');
    writeBudgetAdapter(base, path);
    const { kvs, tensors } = readGgufHeader(path);
    expect(kvs.get('general.type')?.value).toBe('adapter');
    expect(kvs.get('adapter.type')?.value).toBe('lora');
    expect(kvs.get('general.architecture')?.value).toBe('llama');
    expect(tensors).toHaveLength(2 * 15);
    expect(tensors.find((t) => t.name === 'blk.1.ffn_down.weight.lora_a')?.dims).toEqual([128, 1]);
    expect(tensors.find((t) => t.name === 'blk.1.ffn_down.weight.lora_b')?.dims).toEqual([1, 64]);
    expect(tensors.some((t) => t.name.startsWith('token_embd'))).toBe(false);
  });

  it('trains and saves a 12-layer llama (llama.cpp alone fits 7)', async () => {
    const base = await randomLlamaGguf(narrow(12), dir);
    const outcome = await run(base, 'deep');
    expect(outcome.state).toBe('completed');
    expect(outcome.steps).toBe(2);
    expect(Number.isFinite(outcome.finalLoss)).toBe(true);
    expect(ggufContextLength(join(dir, 'deep.gguf'))).toBe(512);
    expect(readdirSync(join(dir, 'ck-deep')).filter((f) => f.includes('lora'))).toEqual([]);
    expect(await trainer.evaluate(join(dir, 'deep.gguf'), MADE_UP_FACTS.slice(0, 1), 1)).toHaveLength(1);
  }, 60_000);

  it(`trains a ${MAX_TRAINABLE_LAYERS}-layer llama, the deepest it accepts`, async () => {
    const outcome = await run(await randomLlamaGguf(narrow(MAX_TRAINABLE_LAYERS), dir), 'deepest');
    expect(outcome.state).toBe('completed');
    expect(Number.isFinite(outcome.finalLoss)).toBe(true);
  }, 60_000);

  it('refuses a deeper llama with a clear error before loading it', async () => {
    // Only its header is read: metadata without tensors will do.
    const base = join(dir, 'too-deep-header.gguf');
    writeGguf(base, { 'general.architecture': { type: 'string', value: 'llama' }, 'llama.block_count': { type: 'u32', value: MAX_TRAINABLE_LAYERS + 1 } }, []);
    await expect(run(base, 'too-deep')).rejects.toThrow(`has ${MAX_TRAINABLE_LAYERS + 1} layers; the engine trains models of at most ${MAX_TRAINABLE_LAYERS} layers`);
    expect(existsSync(join(dir, 'too-deep.gguf'))).toBe(false);
  });
});
