// Worker-thread entry: every FFI call of a training run or an evaluation happens here.
import { parentPort, workerData } from 'node:worker_threads';
import { evaluateRecall } from './evaluate-recall';
import type { GpuChoice } from './llama-ffi';
import { runTrainingLoop } from './training-loop';
import type { TrainingCheckpoint, TrainingFact, TrainingProgress, TrainingSpec } from './training-engine.types';

export type WorkerJob =
  | {
      kind: 'run';
      spec: TrainingSpec;
      resumeFrom?: TrainingCheckpoint;
      checkpointDir: string;
      outputPath: string;
      gpu: GpuChoice;
      /** Int32[0] becomes 1 when the run is to stop. */
      cancel: SharedArrayBuffer;
    }
  | { kind: 'evaluate'; modelPath: string; facts: TrainingFact[]; threads: number; gpu: GpuChoice };

export type WorkerMessage =
  | { type: 'progress'; progress: TrainingProgress }
  | { type: 'checkpoint'; checkpoint: TrainingCheckpoint }
  | { type: 'done'; result: unknown }
  | { type: 'error'; message: string; stack?: string };

function main(job: WorkerJob): unknown {
  if (job.kind === 'evaluate') return evaluateRecall(job.modelPath, job.facts, job.threads, job.gpu);
  const cancel = new Int32Array(job.cancel);
  return runTrainingLoop(
    job.spec,
    { resumeFrom: job.resumeFrom, checkpointDir: job.checkpointDir, outputPath: job.outputPath, gpu: job.gpu },
    {
      cancelled: () => Atomics.load(cancel, 0) !== 0,
      progress: (progress) => post({ type: 'progress', progress }),
      checkpoint: (checkpoint) => post({ type: 'checkpoint', checkpoint }),
    },
  );
}

function post(message: WorkerMessage): void {
  parentPort?.postMessage(message);
}

try {
  post({ type: 'done', result: main(workerData as WorkerJob) });
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  post({ type: 'error', message: e.message, stack: e.stack });
}
