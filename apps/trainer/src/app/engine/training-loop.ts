// The training run itself, synchronous, inside the worker thread.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { factSequences, type FactSequence, trainingContext } from './fact-sequences';
import { ggufContextLength, readGgufHeader, setGgufContextLength } from './gguf-header';
import { planGraphBudget, writeBudgetAdapter } from './graph-budget';
import { learningRateAt, shuffled } from './learning-rate';
import { GGML_TYPE_F32, type GpuChoice, LLAMA_FTYPE_ALL_F32, loadLlama } from './llama-ffi';
import { type AdamW, LlamaModelSession } from './llama-model-session';
import type { TrainingCheckpoint, TrainingOutcome, TrainingProgress, TrainingSpec } from './training-engine.types';

export interface LoopOptions {
  resumeFrom?: TrainingCheckpoint;
  checkpointDir: string;
  outputPath: string;
  gpu: GpuChoice;
}

export interface LoopEvents {
  cancelled(): boolean;
  progress(progress: TrainingProgress): void;
  checkpoint(checkpoint: TrainingCheckpoint): void;
}

const PROGRESS_EVERY_MS = 1000;
/**
 * Memory tuning stops once greedy decoding gives every fact's answer with each of its tokens
 * leading every other token by this many logits (e^2, over 7 times as likely). A bare win can
 * tip over in another engine's arithmetic (an F16 KV cache, other batch sizes, a GPU); this
 * lead is far beyond those differences (measured: 0.001 between the F32 and F16 KV caches).
 */
const RECALL_MARGIN = 2;
const CHECKPOINTS_KEPT = 2;
/** llama.cpp rounds contexts up to multiples of 256; samples use the first trainTokens of it. */
const CONTEXT_GRANULE = 256;

/** Refuses, before any native call, a model whose training graph the engine cannot size (see graph-budget.ts). */
export function assertTrainable(modelPath: string): void {
  planGraphBudget(modelPath);
}

export function runTrainingLoop(spec: TrainingSpec, options: LoopOptions, events: LoopEvents): TrainingOutcome {
  assertTrainable(spec.baseModelPath);
  const baseContext = ggufContextLength(spec.baseModelPath);
  const modelPath = trainableCopy(options.resumeFrom?.modelPath ?? spec.baseModelPath, options.checkpointDir, options.gpu, spec.threads);
  const session = openTrainingSession(modelPath, spec.threads, options.gpu, options.checkpointDir);
  try {
    const sequences = factSequences(spec.facts, session);
    const trainTokens = trainingContext(sequences, Math.min(spec.maxLength, session.nCtx));
    const warmup = Math.min(50, Math.max(1, Math.round(spec.maxSteps * 0.05)));
    const adamw = (step: number): AdamW => ({
      alpha: learningRateAt(step, spec.learningRate, spec.maxSteps, warmup),
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weightDecay: 0,
    });
    let step = options.resumeFrom?.step ?? 0;
    session.startTraining(trainTokens, adamw(step));

    const save = (path: string) => {
      mkdirSync(dirname(path), { recursive: true });
      const partial = `${path}.partial`;
      session.save(partial);
      if (baseContext !== undefined) setGgufContextLength(partial, baseContext);
      renameSync(partial, path);
    };
    const checkpoint = (): TrainingCheckpoint => {
      const path = join(options.checkpointDir, `checkpoint-${String(step).padStart(8, '0')}.gguf`);
      save(path);
      pruneCheckpoints(options.checkpointDir);
      const cp = { step, modelPath: path };
      events.checkpoint(cp);
      return cp;
    };

    const n = sequences.length;
    let recall: number | null = null;
    let recallStep = -1;
    let lossSum = 0;
    let lossCount = 0;
    let lastLoss = NaN;
    let windowStart = Date.now();
    let windowSteps = 0;
    let lastReport = 0;
    let secondsPerStep: number | null = null;
    const report = (force = false) => {
      const now = Date.now();
      if (!force && now - lastReport < PROGRESS_EVERY_MS) return;
      if (lossCount > 0) lastLoss = lossSum / lossCount;
      const seconds = (now - windowStart) / 1000;
      if (windowSteps > 0) secondsPerStep = seconds / windowSteps;
      events.progress({
        step,
        totalSteps: spec.maxSteps,
        epoch: Math.floor(step / n),
        loss: lastLoss,
        tokensPerSecond: seconds > 0 ? (windowSteps * trainTokens) / seconds : 0,
        secondsPerStep,
        recall,
      });
      lastReport = now;
      lossSum = 0;
      lossCount = 0;
      windowStart = now;
      windowSteps = 0;
    };
    const measureRecall = (): number => {
      const { recalled } = session.recalled(sequences);
      recall = recalled.filter(Boolean).length / n;
      recallStep = step;
      return recall;
    };
    // The teacher-forced check is one cheap pass; the margins decode token by token, so they wait for it.
    const recalledWithMargin = () => measureRecall() === 1 && Math.min(...session.answerMargins(sequences)) >= RECALL_MARGIN;

    while (step < spec.maxSteps) {
      const epoch = Math.floor(step / n);
      const order: FactSequence[] = shuffled(sequences, spec.seed * 100_003 + epoch);
      for (let i = step % n; i < n && step < spec.maxSteps; i++) {
        if (events.cancelled()) {
          report(true);
          checkpoint();
          return { state: 'cancelled', steps: step, finalLoss: lastLoss, recall };
        }
        session.setLearningRate(adamw(step));
        lossSum += session.train([order[i]]);
        lossCount++;
        step++;
        windowSteps++;
        if (spec.saveSteps > 0 && step % spec.saveSteps === 0 && step < spec.maxSteps) checkpoint();
        report();
      }
      if (spec.mode === 'memory_tuning' && step % n === 0 && recalledWithMargin()) break;
    }

    if (spec.mode === 'memory_tuning' && recallStep !== step) measureRecall();
    report(true);
    save(options.outputPath);
    return { state: 'completed', steps: step, finalLoss: lastLoss, recall: spec.mode === 'memory_tuning' ? recall : null };
  } finally {
    session.dispose();
  }
}

/** The training context, with llama.cpp's graph budget raised by loads of a budget adapter when the model needs it. */
function openTrainingSession(modelPath: string, threads: number, gpu: GpuChoice, dir: string): LlamaModelSession {
  const plan = planGraphBudget(modelPath);
  const options = { modelPath, threads, gpu, contextSize: CONTEXT_GRANULE, forTraining: true };
  if (plan.loads === 0) return new LlamaModelSession(options);
  mkdirSync(dir, { recursive: true });
  const adapterPath = join(dir, 'graph-budget-lora.gguf');
  writeBudgetAdapter(modelPath, adapterPath);
  try {
    return new LlamaModelSession({ ...options, budgetAdapter: { path: adapterPath, loads: plan.loads } });
  } finally {
    rmSync(adapterPath, { force: true });
  }
}

/**
 * ggml's AdamW step only updates F32 tensors (F16 aborts the process), so a model with other
 * trained tensors is first converted to an all-F32 copy beside the checkpoints.
 */
function trainableCopy(path: string, dir: string, gpu: GpuChoice, threads: number): string {
  const trained = readGgufHeader(path).tensors.filter((t) => t.name !== 'token_embd.weight');
  if (trained.every((t) => t.type === GGML_TYPE_F32)) return path;
  const copy = join(dir, 'trainable-f32.gguf');
  mkdirSync(dir, { recursive: true });
  writeF32Copy(path, copy, gpu, threads);
  return copy;
}

/** `path` with every tensor converted to F32 by llama.cpp's own quantizer, written to `out`. */
export function writeF32Copy(path: string, out: string, gpu: GpuChoice, threads: number): void {
  const api = loadLlama(gpu);
  const params = api.llama_model_quantize_default_params();
  params.ftype = LLAMA_FTYPE_ALL_F32;
  params.nthread = threads;
  if (api.llama_model_quantize(path, `${out}.partial`, params) !== 0) throw new Error(`could not convert ${path} to F32`);
  renameSync(`${out}.partial`, out);
}

function pruneCheckpoints(dir: string): void {
  if (!existsSync(dir)) return;
  const files = readdirSync(dir).filter((f) => /^checkpoint-\d+\.gguf$/.test(f)).sort();
  for (const f of files.slice(0, -CHECKPOINTS_KEPT)) rmSync(join(dir, f), { force: true });
}
