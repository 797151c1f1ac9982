/**
 * npm run bench:train: trained tokens per second of our training engine (LlamaTrainer, mode
 * 'finetune') beside llama.cpp's own llama-finetune, same llama.cpp source, same data, same
 * threads, same context, same number of datapoints, in one run, for stories260K and a
 * 134M-parameter random llama.
 *
 * - llama-finetune (tools/engine/build-llama-finetune.cjs, run first, a no-op once built) cuts
 *   its text into windows of CTX tokens at stride CTX/2 and takes one AdamW step per window
 *   (-c = -b = -ub = CTX; -val-split 0, so every window trains and no evaluation interrupts).
 *   Its progress bar reports each datapoint; each report is stamped as it arrives on stderr.
 * - Ours gets one fact per window whose prompt + answer tokenize to exactly CTX tokens, so each
 *   optimizer step is one datapoint of CTX tokens, and as many steps as llama-finetune's
 *   datapoints × epochs. Its progress (at least a second apart) is stamped as it arrives.
 * - Both figures: datapoints × CTX / seconds, from the first datapoint's report to the last
 *   one's (per epoch for llama-finetune), so model load, warm-up, the first step's allocations
 *   and the final save count on neither side.
 *
 * The ratio is against llama-finetune compiled against the libraries the engine loads (the same
 * machine code for every op; see the build script); llama.cpp's own native build is measured too.
 * llama.cpp's scheduler is sized for max(1024, 8 × tensors) graph nodes, too few for the training
 * graph of a 12-layer llama: where llama-finetune aborts on that, it is run again with a zero LoRA
 * adapter at scale 0 (never in the graph, only room in the scheduler; see train-models.ts).
 *
 * Env: BENCH_TRAIN_THREADS (default: all cores), BENCH_TRAIN_MODELS (comma-separated subset of
 * stories260K, random-llama-134m, random-llama-134m-f32), BENCH_TRAIN_NATIVE=0 to skip the native
 * build's run.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LLAMA_134M, STORIES_260K_GGUF, parameterCount, randomLlamaGguf } from '@lamini/testing';
import { findLlamaLibDir } from '../apps/trainer/src/app/engine/llama-ffi';
import { runBenchmark } from './bench-results';
import type { ChildEvent, ChildJob } from './train-child';
import type { TrainingData } from './train-data';
import { f32Gguf, graphHeadroomAdapter, readGgufLayout } from './train-models';
import { round } from './throughput-stats';

const ROOT = resolve(__dirname, '..');
const WORK = join(ROOT, 'tmp/bench-train');
const FINETUNE_DIR = join(ROOT, 'tmp/llama-finetune');
const CTX = 256;
const LEARNING_RATE = 1e-5;
const THREADS = Number(process.env.BENCH_TRAIN_THREADS ?? cpus().length);
const RUN_NATIVE = process.env.BENCH_TRAIN_NATIVE !== '0';

interface Subject {
  name: string;
  path: () => Promise<string>;
  parameters: number | null;
  /** llama-finetune's windows (= datapoints per epoch); our facts. */
  windows: number;
  epochs: number;
}

const SUBJECTS: Subject[] = [
  { name: 'stories260K', path: async () => STORIES_260K_GGUF, parameters: null, windows: 48, epochs: 2 },
  { name: LLAMA_134M.name, path: () => randomLlamaGguf(LLAMA_134M), parameters: parameterCount(LLAMA_134M), windows: 6, epochs: 1 },
  { name: `${LLAMA_134M.name}-f32`, path: async () => f32Gguf(await randomLlamaGguf(LLAMA_134M), WORK), parameters: parameterCount(LLAMA_134M), windows: 6, epochs: 1 },
];

interface Throughput {
  tok_s: number;
  /** Datapoints (optimizer steps) inside the timed span, and the span. */
  timed_datapoints: number;
  timed_seconds: number;
  /** The whole process or run, load and save included. */
  wall_seconds: number;
}

interface EngineRun extends Throughput {
  steps: number;
  final_loss: number;
  /** Mean of the engine's own TrainingProgress.tokensPerSecond reports. */
  engine_reported_tok_s_mean: number | null;
}

type Side = Throughput | { error: string };

// ---------------------------------------------------------------------------------------------
// llama-finetune

interface FinetuneRun extends Throughput {
  datapoints_per_epoch: number;
  graph_headroom_adapter: string | null;
}

async function llamaFinetune(binary: string, subject: Subject, modelPath: string, textPath: string, epochs: number, tag: string): Promise<FinetuneRun | { error: string }> {
  const first = await finetuneOnce(binary, modelPath, textPath, epochs, tag, null);
  if (!('overflow' in first)) return first;
  const adapter = await graphHeadroomAdapter(modelPath, WORK);
  console.log(`${subject.name}: llama-finetune overflowed the scheduler's graph; again with a zero LoRA adapter (${adapter.matrices} matrices) at scale 0`);
  const second = await finetuneOnce(binary, modelPath, textPath, epochs, tag, adapter.path);
  return 'overflow' in second ? { error: second.overflow } : second;
}

async function finetuneOnce(
  binary: string,
  modelPath: string,
  textPath: string,
  epochs: number,
  tag: string,
  adapter: string | null,
): Promise<FinetuneRun | { error: string } | { overflow: string }> {
  const output = join(WORK, `${tag}.gguf`);
  const args = ['-m', modelPath, '-f', textPath, '-c', `${CTX}`, '-b', `${CTX}`, '-ub', `${CTX}`, '-t', `${THREADS}`];
  args.push('--epochs', `${epochs}`, '-ngl', '0', '-val-split', '0', '-lr', `${LEARNING_RATE}`, '-o', output);
  if (adapter) args.push('--lora-scaled', `${adapter}:0`);
  const log: string[] = [];
  const reports: Array<{ datapoint: number; of: number; atMs: number }> = [];
  const started = performance.now();
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => log.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      const atMs = performance.now();
      log.push(chunk);
      pending += chunk;
      const pattern = /train: +\[[^\]]*\] data=(\d+)\/(\d+) /g;
      let match: RegExpExecArray | null;
      let consumed = 0;
      while ((match = pattern.exec(pending))) {
        reports.push({ datapoint: Number(match[1]), of: Number(match[2]), atMs });
        consumed = pattern.lastIndex;
      }
      pending = pending.slice(consumed).slice(-4096);
    });
    child.on('error', fail);
    child.on('close', done);
  });
  const wall = (performance.now() - started) / 1000;
  const text = log.join('');
  writeFileSync(join(WORK, `${tag}.log`), text);
  rmSync(output, { force: true });
  if (code !== 0) {
    const assertion = /GGML_ASSERT\([^\n]*/.exec(text)?.[0] ?? `exit code ${code}`;
    if (!adapter && assertion.includes('hash_set.size')) return { overflow: assertion };
    return { error: `llama-finetune failed: ${assertion} (log: ${join(WORK, `${tag}.log`)})` };
  }
  // Per epoch: the span from datapoint 1's report to the last one's.
  let datapoints = 0;
  let ms = 0;
  let epochStart: (typeof reports)[number] | undefined;
  for (const report of reports) {
    if (report.datapoint === 1) epochStart = report;
    if (report.datapoint === report.of && epochStart) {
      datapoints += report.datapoint - 1;
      ms += report.atMs - epochStart.atMs;
      epochStart = undefined;
    }
  }
  const perEpoch = reports[0]?.of ?? 0;
  if (datapoints === 0) return { error: `no complete epoch in llama-finetune's output (log: ${join(WORK, `${tag}.log`)})` };
  return {
    tok_s: round((datapoints * CTX) / (ms / 1000)),
    timed_datapoints: datapoints,
    timed_seconds: round(ms / 1000, 2),
    wall_seconds: round(wall, 1),
    datapoints_per_epoch: perEpoch,
    graph_headroom_adapter: adapter,
  };
}

// ---------------------------------------------------------------------------------------------
// Our engine, in a child process

async function child(job: ChildJob, tag: string): Promise<{ events: ChildEvent[]; code: number | null; stderr: string }> {
  const jobPath = join(WORK, `${tag}.job.json`);
  writeFileSync(jobPath, JSON.stringify(job));
  const events: ChildEvent[] = [];
  const stderr: string[] = [];
  const code = await new Promise<number | null>((done, fail) => {
    const proc = spawn(process.execPath, ['-r', join(ROOT, 'tools/register.cjs'), join(__dirname, 'train-child.ts'), jobPath], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pending = '';
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('{')) events.push(JSON.parse(line) as ChildEvent);
    });
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
    proc.on('error', fail);
    proc.on('close', done);
  });
  rmSync(jobPath, { force: true });
  return { events, code, stderr: stderr.join('') };
}

async function prepareData(modelPath: string, subject: Subject): Promise<TrainingData> {
  const { events, code, stderr } = await child({ kind: 'prepare', modelPath, windows: subject.windows, ctx: CTX, factCount: subject.windows }, `${subject.name}-prepare`);
  const data = events.find((e) => e.type === 'data');
  if (code !== 0 || !data || data.type !== 'data') throw new Error(`preparing ${subject.name}'s data failed (${code}): ${stderr}`);
  return data.data;
}

async function ours(subject: Subject, modelPath: string, data: TrainingData, steps: number): Promise<EngineRun | { error: string }> {
  const started = performance.now();
  const { events, code, stderr } = await child(
    { kind: 'engine', modelPath, facts: data.facts, steps, ctx: CTX, threads: THREADS, learningRate: LEARNING_RATE, workDir: join(WORK, `${subject.name}-ours`) },
    `${subject.name}-ours`,
  );
  const wall = (performance.now() - started) / 1000;
  writeFileSync(join(WORK, `${subject.name}-ours.log`), stderr);
  const done = events.find((e) => e.type === 'done');
  if (code !== 0 || !done || done.type !== 'done') {
    const assertion = /GGML_ASSERT\([^\n]*/.exec(stderr)?.[0];
    return { error: `engine failed (exit ${code}): ${assertion ?? stderr.trim().split('\n').slice(-3).join(' | ')}` };
  }
  const progress = events.flatMap((e) => (e.type === 'progress' ? [e] : []));
  const start = progress[0];
  const end = progress.find((e) => e.progress.step === steps);
  if (!start || !end || end.progress.step <= start.progress.step) return { error: `too few progress reports (${progress.length}) to time ${steps} steps` };
  const timed = end.progress.step - start.progress.step;
  const ms = end.atMs - start.atMs;
  const reported = progress.map((e) => e.progress.tokensPerSecond).filter((t) => t > 0);
  return {
    tok_s: round((timed * CTX) / (ms / 1000)),
    timed_datapoints: timed,
    timed_seconds: round(ms / 1000, 2),
    wall_seconds: round(wall, 1),
    steps: done.steps,
    final_loss: round(done.finalLoss, 4),
    engine_reported_tok_s_mean: reported.length ? round(reported.reduce((a, b) => a + b, 0) / reported.length) : null,
  };
}

// ---------------------------------------------------------------------------------------------

const ratio = (a: Side, b: Side | undefined) => (b && 'tok_s' in a && 'tok_s' in b ? round(a.tok_s / b.tok_s, 3) : null);

async function measureSubject(subject: Subject, binaries: { engineLinked: string; native: string | null }): Promise<Record<string, unknown>> {
  const modelPath = await subject.path();
  const layout = readGgufLayout(modelPath);
  const weightTypes = [...new Set(layout.tensors.filter((t) => t.dims.length === 2).map((t) => (t.type === 0 ? 'F32' : t.type === 1 ? 'F16' : `type ${t.type}`)))];
  const data = await prepareData(modelPath, subject);
  const textPath = join(WORK, `${subject.name}.txt`);
  writeFileSync(textPath, data.text);
  console.log(`${subject.name}: ${data.textTokens} tokens of text (${subject.windows} windows of ${CTX}), ${data.facts.length} facts of ${CTX} tokens, ${THREADS} threads`);

  const theirs = await llamaFinetune(binaries.engineLinked, subject, modelPath, textPath, subject.epochs, `${subject.name}-llama-finetune`);
  console.log(`${subject.name}: llama-finetune ${JSON.stringify(theirs)}`);
  const datapoints = 'datapoints_per_epoch' in theirs ? theirs.datapoints_per_epoch : subject.windows;
  const mine = await ours(subject, modelPath, data, datapoints * subject.epochs);
  console.log(`${subject.name}: ours ${JSON.stringify(mine)}`);
  let native: FinetuneRun | { error: string } | undefined;
  if (binaries.native) {
    native = await llamaFinetune(binaries.native, subject, modelPath, textPath, subject.epochs, `${subject.name}-llama-finetune-native`);
    console.log(`${subject.name}: llama-finetune (native build) ${JSON.stringify(native)}`);
  }
  return {
    model: { path: modelPath, parameters: subject.parameters ?? Number(layout.tensors.reduce((n, t) => n + t.dims.reduce((a, b) => a * b, 1), 0)), weights: weightTypes.join('+') },
    threads: THREADS,
    context: CTX,
    datapoints_per_epoch: datapoints,
    epochs: subject.epochs,
    ours_tok_s: 'tok_s' in mine ? mine.tok_s : null,
    llama_finetune_tok_s: 'tok_s' in theirs ? theirs.tok_s : null,
    ratio_ours_over_llama_finetune: ratio(mine, theirs),
    llama_finetune_native_tok_s: native && 'tok_s' in native ? native.tok_s : null,
    ratio_ours_over_native: ratio(mine, native),
    details: { ours: mine, llama_finetune: theirs, llama_finetune_native: native ?? 'not run' },
  };
}

async function main(): Promise<Record<string, unknown>> {
  mkdirSync(WORK, { recursive: true });
  const libDir = findLlamaLibDir(false);
  const buildArgs = [join(ROOT, 'tools/engine/build-llama-finetune.cjs'), '--lib-dir', libDir, ...(RUN_NATIVE ? [] : ['--engine-linked-only'])];
  execFileSync(process.execPath, buildArgs, { stdio: 'inherit' });
  const nativeBinary = join(FINETUNE_DIR, 'native/bin/llama-finetune');
  const binaries = { engineLinked: join(FINETUNE_DIR, 'engine-linked/bin/llama-finetune'), native: RUN_NATIVE && existsSync(nativeBinary) ? nativeBinary : null };

  const wanted = process.env.BENCH_TRAIN_MODELS?.split(',').map((s) => s.trim());
  const subjects = SUBJECTS.filter((s) => !wanted || wanted.includes(s.name));
  const loadBefore = loadavg().map((l) => round(l, 2));
  const started = performance.now();
  const models: Record<string, unknown> = {};
  for (const subject of subjects) models[subject.name] = await measureSubject(subject, binaries);
  return {
    method:
      'trained tokens/s = datapoints × context / seconds, timed from the first datapoint (optimizer step) reported to the last, per epoch for llama-finetune; model load, warm-up, the first step and the save count on neither side. Same text, same context (-c = -b = -ub), same threads, one AdamW step per datapoint.',
    ratio_uses: 'llama-finetune compiled against the libraries the engine loads (identical machine code for every op); the native build is llama.cpp built here with GGML_NATIVE=ON',
    environment: {
      engine_lib_dir: libDir,
      engine_binary: libDir.includes('localBuilds') ? 'localBuild' : 'prebuilt',
      llama_cpp_commit: execFileSync('git', ['-C', join(FINETUNE_DIR, 'src'), 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim(),
      llama_finetune_engine_linked: binaries.engineLinked,
      llama_finetune_native: binaries.native,
      compiler: execFileSync('c++', ['--version'], { encoding: 'utf8' }).split('\n')[0],
      load_average_before: loadBefore,
      load_average_after: loadavg().map((l) => round(l, 2)),
      total_seconds: round((performance.now() - started) / 1000, 1),
    },
    models,
  };
}

runBenchmark('train', main);
