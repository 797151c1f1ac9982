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
 * llama.cpp sizes a context's graphs for max(1024, 8 × tensors) nodes, too few for the training
 * graph of a 12-layer llama: llama-finetune gets the zero LoRA adapter our engine loads for the
 * same reason, as many times as the engine's plan says, at scale 0 (never in the graph, only room
 * in it; see apps/trainer/src/app/engine/graph-budget.ts).
 *
 * Env: BENCH_TRAIN_THREADS (default: all cores), BENCH_TRAIN_MODELS (comma-separated subset of
 * stories260K, random-llama-134m), BENCH_TRAIN_ROUNDS (override every model's rounds),
 * BENCH_TRAIN_NATIVE=0 (skip the native build, and building it), BENCH_TRAIN_AS_GIVEN=0 (skip
 * llama-finetune on the F16 file as given).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LLAMA_134M, STORIES_260K_GGUF, parameterCount, randomLlamaGguf } from '@lamini/testing';
import { findLlamaLibDir, planGraphBudget, readGgufHeader, writeBudgetAdapter, writeF32Copy } from '@lamini/app-trainer';
import { runBenchmark } from './bench-results';
import type { ChildEvent, ChildJob } from './train-child';
import type { TrainingData } from './train-data';
import { round } from './throughput-stats';

const ROOT = resolve(__dirname, '..');
const WORK = join(ROOT, 'tmp/bench-train');
const FINETUNE_DIR = join(ROOT, 'tmp/llama-finetune');
const CTX = 256;
const LEARNING_RATE = 1e-5;
const THREADS = Number(process.env.BENCH_TRAIN_THREADS ?? cpus().length);
const RUN_NATIVE = process.env.BENCH_TRAIN_NATIVE !== '0';
const RUN_AS_GIVEN = process.env.BENCH_TRAIN_AS_GIVEN !== '0';
const ROUNDS = process.env.BENCH_TRAIN_ROUNDS ? Number(process.env.BENCH_TRAIN_ROUNDS) : undefined;

interface Subject {
  name: string;
  path: () => Promise<string>;
  parameters: number | null;
  /** llama-finetune's windows (= datapoints per epoch); our facts. */
  windows: number;
  epochs: number;
  /** Alternating rounds of every side; the figures are each side's median round. */
  rounds: number;
  /** Windows for llama-finetune on a non-F32 file as given (slow: F16 weights train ~3× slower). */
  asGivenWindows?: number;
}

const SUBJECTS: Subject[] = [
  { name: 'stories260K', path: async () => STORIES_260K_GGUF, parameters: null, windows: 64, epochs: 3, rounds: 3 },
  { name: LLAMA_134M.name, path: () => randomLlamaGguf(LLAMA_134M), parameters: parameterCount(LLAMA_134M), windows: 12, epochs: 1, rounds: 1, asGivenWindows: 4 },
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

// ---------------------------------------------------------------------------------------------
// llama-finetune

interface FinetuneRun extends Throughput {
  datapoints_per_epoch: number;
  /** The zero LoRA adapter loaded (at scale 0) for graph room, and how many times; null when none was needed. */
  graph_budget_adapter: { path: string; loads: number } | null;
}

async function llamaFinetune(binary: string, modelPath: string, textPath: string, epochs: number, tag: string): Promise<FinetuneRun | { error: string }> {
  const { loads } = planGraphBudget(modelPath);
  if (loads === 0) return finetuneOnce(binary, modelPath, textPath, epochs, tag, null);
  const path = join(WORK, `${basename(modelPath, '.gguf')}-graph-budget-lora.gguf`);
  if (!existsSync(path)) writeBudgetAdapter(modelPath, path);
  return finetuneOnce(binary, modelPath, textPath, epochs, tag, { path, loads });
}

async function finetuneOnce(
  binary: string,
  modelPath: string,
  textPath: string,
  epochs: number,
  tag: string,
  adapter: FinetuneRun['graph_budget_adapter'],
): Promise<FinetuneRun | { error: string }> {
  const output = join(WORK, `${tag}.gguf`);
  const args = ['-m', modelPath, '-f', textPath, '-c', `${CTX}`, '-b', `${CTX}`, '-ub', `${CTX}`, '-t', `${THREADS}`];
  args.push('--epochs', `${epochs}`, '-ngl', '0', '-val-split', '0', '-lr', `${LEARNING_RATE}`, '-o', output);
  if (adapter) args.push('--lora-scaled', Array.from({ length: adapter.loads }, () => `${adapter.path}:0`).join(','));
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
    graph_budget_adapter: adapter,
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

/** `<WORK>/<name>-f32.gguf`, converted once by llama.cpp's quantizer as the engine converts it. Kept out of the generated models' folders, which the services scan. */
function f32Copy(path: string): string {
  const out = join(WORK, `${basename(path, '.gguf')}-f32.gguf`);
  if (!existsSync(out)) writeF32Copy(path, out, false, THREADS);
  return out;
}

function typesOf(path: string): string {
  const names: Record<number, string> = { 0: 'F32', 1: 'F16' };
  const types = new Set(readGgufHeader(path).tensors.filter((t) => t.dims.length === 2).map((t) => names[t.type] ?? `ggml type ${t.type}`));
  return [...types].join('+');
}

/** The round with the median tok/s (errors last), and every round's figure. */
function medianRound<T extends Throughput>(rounds: Array<T | { error: string }>): { median: T | { error: string }; rounds_tok_s: Array<number | null> } {
  const ok = rounds.filter((r): r is T => !('error' in r)).sort((a, b) => a.tok_s - b.tok_s);
  const median = ok.length ? ok[Math.floor((ok.length - 1) / 2)] : rounds[0];
  return { median, rounds_tok_s: rounds.map((r) => ('error' in r ? null : r.tok_s)) };
}

const tokS = (side: Throughput | { error: string } | undefined) => (side && !('error' in side) ? side.tok_s : null);
const ratio = (a: Throughput | { error: string }, b: Throughput | { error: string } | undefined) => {
  const x = tokS(a);
  const y = tokS(b);
  return x !== null && y !== null ? round(x / y, 3) : null;
};

async function measureSubject(subject: Subject, binaries: { engineLinked: string; native: string | null }): Promise<Record<string, unknown>> {
  const modelPath = await subject.path();
  const weights = typesOf(modelPath);
  // Our engine trains F32 weights, widening anything else into an F32 copy before the first step;
  // llama-finetune trains the file as it is. Same work means llama-finetune on F32 weights too.
  const f32Path = weights === 'F32' ? modelPath : f32Copy(modelPath);
  const data = await prepareData(modelPath, subject);
  const textPath = join(WORK, `${subject.name}.txt`);
  writeFileSync(textPath, data.text);
  console.log(`${subject.name} (${weights}): ${data.textTokens} tokens of text (${subject.windows} windows of ${CTX}), ${data.facts.length} facts of ${CTX} tokens, ${THREADS} threads, ${ROUNDS ?? subject.rounds} round(s)`);

  const theirsRounds: Array<FinetuneRun | { error: string }> = [];
  const oursRounds: Array<EngineRun | { error: string }> = [];
  const nativeRounds: Array<FinetuneRun | { error: string }> = [];
  // Alternating rounds, so that a change in the shared machine's load hits every side alike.
  const rounds = ROUNDS ?? subject.rounds;
  for (let r = 0; r < rounds; r++) {
    const theirs = await llamaFinetune(binaries.engineLinked, f32Path, textPath, subject.epochs, `${subject.name}-llama-finetune`);
    theirsRounds.push(theirs);
    console.log(`${subject.name}: llama-finetune ${JSON.stringify(theirs)}`);
    const datapoints = 'datapoints_per_epoch' in theirs ? theirs.datapoints_per_epoch : subject.windows;
    const mine = await ours(subject, modelPath, data, datapoints * subject.epochs);
    oursRounds.push(mine);
    console.log(`${subject.name}: ours ${JSON.stringify(mine)}`);
    if (binaries.native) {
      const native = await llamaFinetune(binaries.native, f32Path, textPath, subject.epochs, `${subject.name}-llama-finetune-native`);
      nativeRounds.push(native);
      console.log(`${subject.name}: llama-finetune, native build ${JSON.stringify(native)}`);
    }
  }
  let asGiven: FinetuneRun | { error: string } | undefined;
  if (f32Path !== modelPath && RUN_AS_GIVEN) {
    // Fewer windows (the same text's beginning): a tok/s, not the same datapoint count.
    const short = await prepareData(modelPath, { ...subject, windows: subject.asGivenWindows ?? subject.windows });
    const shortPath = join(WORK, `${subject.name}-as-given.txt`);
    writeFileSync(shortPath, short.text);
    asGiven = await llamaFinetune(binaries.engineLinked, modelPath, shortPath, 1, `${subject.name}-llama-finetune-${weights.toLowerCase()}`);
    console.log(`${subject.name}: llama-finetune on the ${weights} file as given ${JSON.stringify(asGiven)}`);
  }
  const theirs = medianRound(theirsRounds);
  const mine = medianRound(oursRounds);
  const native = nativeRounds.length ? medianRound(nativeRounds) : undefined;
  const first = theirsRounds.find((r): r is FinetuneRun => 'datapoints_per_epoch' in r);
  return {
    model: { path: modelPath, parameters: subject.parameters ?? readGgufHeader(modelPath).tensors.reduce((n, t) => n + t.dims.reduce((a, b) => a * b, 1), 0), weights },
    // Ours widens non-F32 weights to an F32 copy before its first step (the F32 variant is what llama-finetune gets).
    trained_weights: weights === 'F32' ? 'F32' : `F32 (widened from ${weights})`,
    threads: THREADS,
    context: CTX,
    datapoints_per_epoch: first?.datapoints_per_epoch ?? null,
    epochs: subject.epochs,
    rounds,
    ours_tok_s: tokS(mine.median),
    llama_finetune_tok_s: tokS(theirs.median),
    ratio_ours_over_llama_finetune: ratio(mine.median, theirs.median),
    llama_finetune_native_tok_s: tokS(native?.median),
    ratio_ours_over_llama_finetune_native: ratio(mine.median, native?.median),
    ...(asGiven
      ? {
          [`llama_finetune_on_${weights.toLowerCase()}_file_tok_s`]: tokS(asGiven),
          [`ratio_ours_over_llama_finetune_on_${weights.toLowerCase()}_file`]: ratio(mine.median, asGiven),
        }
      : {}),
    details: {
      ours: { ...mine.median, rounds_tok_s: mine.rounds_tok_s },
      llama_finetune: { ...theirs.median, model: f32Path, rounds_tok_s: theirs.rounds_tok_s },
      llama_finetune_native: native ? { ...native.median, model: f32Path, rounds_tok_s: native.rounds_tok_s } : 'not run',
      ...(asGiven ? { [`llama_finetune_on_${weights.toLowerCase()}_file`]: { ...asGiven, model: modelPath, epochs: 1 } } : {}),
    },
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
