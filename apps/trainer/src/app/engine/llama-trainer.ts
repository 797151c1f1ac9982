// Full-weight training of GGUF llama models on llama.cpp's training API. Every native call runs
// in a worker thread, so the caller's event loop never blocks.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { readGgufHeader } from './gguf-header';
import { planGraphBudget } from './graph-budget';
import type { GpuChoice } from './llama-ffi';
import type { WorkerJob, WorkerMessage } from './llama-trainer.worker';
import type { FactRecall, TrainingFact, TrainingOutcome, TrainingRunOptions, TrainingSpec } from './training-engine.types';

export interface LlamaTrainerOptions {
  /** false: CPU only (default). 'auto': CUDA when its build and a driver are present. 'cuda': CUDA or fail. */
  gpu?: GpuChoice;
}

const WORKER_ENTRY = join(__dirname, 'llama-trainer.worker.cjs');
/** Tokens per sample the compute graph is reserved for (llama.cpp's context granule). */
const GRAPH_TOKENS = 256;

export class LlamaTrainer {
  private readonly gpu: GpuChoice;

  constructor(options: LlamaTrainerOptions = {}) {
    this.gpu = options.gpu ?? false;
  }

  async run(spec: TrainingSpec, options: TrainingRunOptions): Promise<TrainingOutcome> {
    const cancel = new SharedArrayBuffer(4);
    const flag = new Int32Array(cancel);
    const onAbort = () => Atomics.store(flag, 0, 1);
    if (options.signal.aborted) onAbort();
    options.signal.addEventListener('abort', onAbort);
    const checkpointsHandled: Promise<void>[] = [];
    try {
      const result = await this.inWorker(
        {
          kind: 'run',
          spec,
          resumeFrom: options.resumeFrom,
          checkpointDir: options.checkpointDir,
          outputPath: options.outputPath,
          gpu: this.gpu,
          cancel,
        },
        (message) => {
          if (message.type === 'progress') options.onProgress(message.progress);
          if (message.type === 'checkpoint') checkpointsHandled.push(Promise.resolve(options.onCheckpoint(message.checkpoint)));
        },
      );
      await Promise.all(checkpointsHandled);
      return result as TrainingOutcome;
    } finally {
      options.signal.removeEventListener('abort', onAbort);
    }
  }

  async evaluate(modelPath: string, facts: TrainingFact[], threads: number): Promise<FactRecall[]> {
    return (await this.inWorker({ kind: 'evaluate', modelPath, facts, threads, gpu: this.gpu }, () => undefined)) as FactRecall[];
  }

  /** Why this engine cannot train the model, or null when it can; read from the file's header alone. */
  refusalFor(modelPath: string): string | null {
    try {
      planGraphBudget(modelPath);
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  }

  /**
   * Rough peak memory of a run: F32 weights, gradients and both AdamW moments (4 × params × 4 B,
   * whatever the file's types), plus activations kept for the backward pass over one sample.
   */
  estimateMemoryBytes(spec: TrainingSpec): number {
    const { kvs, tensors } = readGgufHeader(spec.baseModelPath);
    const arch = String(kvs.get('general.architecture')?.value);
    const num = (key: string, fallback: number) => Number(kvs.get(`${arch}.${key}`)?.value ?? fallback);
    const params = tensors.reduce((sum, t) => sum + t.dims.reduce((a, b) => a * b, 1), 0);
    const embd = num('embedding_length', 0);
    const layers = num('block_count', 0);
    const ff = num('feed_forward_length', 4 * embd);
    const heads = num('attention.head_count', 1);
    const vocab = tensors.find((t) => t.name === 'token_embd.weight')?.dims[1] ?? 0;
    const n = GRAPH_TOKENS;
    const perLayer = n * (12 * embd + 4 * ff) + 3 * heads * n * n;
    const activations = 4 * (2 * layers * perLayer + 4 * n * vocab);
    const kvCache = 4 * 2 * layers * n * embd;
    return Math.ceil(16 * params + activations + kvCache);
  }

  private inWorker(job: WorkerJob, onMessage: (message: WorkerMessage) => void): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(WORKER_ENTRY, { workerData: job });
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        fn();
      };
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'done') settle(() => resolve(message.result));
        else if (message.type === 'error') settle(() => reject(Object.assign(new Error(message.message), { stack: message.stack })));
        else onMessage(message);
      });
      worker.on('error', (error) => settle(() => reject(error)));
      worker.on('exit', (code) => settle(() => reject(new Error(`training worker exited with code ${code} before finishing`))));
    });
  }
}
