// Child process of `npm run bench:train` (node -r ./tools/register.cjs bench/train-child.ts JOB.json):
// each job runs in a process of its own, so that node-llama-cpp's tokenizer never shares a process
// with the engine's libllama, and a native abort (a GGML_ASSERT) ends the job, not the benchmark.
// Writes one JSON line per event to stdout.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { LlamaTrainer, type TrainingProgress } from '@lamini/app-trainer';
import { buildTrainingData } from './train-data';

export type ChildJob =
  | { kind: 'prepare'; modelPath: string; windows: number; ctx: number; factCount: number }
  | {
      kind: 'engine';
      modelPath: string;
      facts: Array<{ input: string; output: string }>;
      steps: number;
      ctx: number;
      threads: number;
      learningRate: number;
      workDir: string;
    };

export type ChildEvent =
  | { type: 'data'; data: ReturnType<typeof buildTrainingData> }
  | { type: 'progress'; atMs: number; progress: TrainingProgress }
  | { type: 'done'; atMs: number; steps: number; finalLoss: number; state: string };

function emit(event: ChildEvent): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

async function prepare(job: Extract<ChildJob, { kind: 'prepare' }>): Promise<void> {
  const { getLlama, LlamaLogLevel } = await import('node-llama-cpp');
  const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath: job.modelPath, vocabOnly: true });
  emit({ type: 'data', data: buildTrainingData(model, job.windows, job.ctx, job.factCount) });
  await model.dispose();
}

async function engine(job: Extract<ChildJob, { kind: 'engine' }>): Promise<void> {
  rmSync(job.workDir, { recursive: true, force: true });
  mkdirSync(job.workDir, { recursive: true });
  try {
    const outcome = await new LlamaTrainer({ gpu: false }).run(
      {
        baseModelPath: job.modelPath,
        facts: job.facts,
        mode: 'finetune',
        maxSteps: job.steps,
        learningRate: job.learningRate,
        saveSteps: 0,
        maxLength: job.ctx,
        threads: job.threads,
        seed: 1,
      },
      {
        checkpointDir: `${job.workDir}/checkpoints`,
        outputPath: `${job.workDir}/trained.gguf`,
        signal: new AbortController().signal,
        // Stamped here, as the progress arrives from the engine's worker thread.
        onProgress: (progress) => emit({ type: 'progress', atMs: performance.timeOrigin + performance.now(), progress }),
        onCheckpoint: () => undefined,
      },
    );
    emit({ type: 'done', atMs: performance.timeOrigin + performance.now(), steps: outcome.steps, finalLoss: outcome.finalLoss, state: outcome.state });
  } finally {
    rmSync(job.workDir, { recursive: true, force: true });
  }
}

const job = JSON.parse(readFileSync(process.argv[2], 'utf8')) as ChildJob;
(job.kind === 'prepare' ? prepare(job) : engine(job)).then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
