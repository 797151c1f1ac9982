import { linearLogits } from './linear-logits';
import { packRows, PackedRows } from './packed-rows';
import { seededRandom, shuffleInPlace } from './seeded-random';
import { softmaxInPlace } from './softmax-in-place';

// Bound once: inside a vm context (Jest) every global lookup in a hot loop is several times slower.
const { sqrt } = Math;

// Written by hand: the JS libraries are either one-vs-rest binary logistic regression, whose
// class probabilities do not sum to one (ml-logistic-regression), or a very large framework (tfjs).

export interface SoftmaxRegressionOptions {
  /** λ in: mean cross-entropy + λ/2 ‖W‖² (the bias is not penalised). */
  l2?: number;
  /** Passes over the data; by default enough for about STEP_TARGET Adam steps, within [MIN_EPOCHS, MAX_EPOCHS]. */
  epochs?: number;
  /** Adam's initial step size; it decays along a cosine to zero at the last step. */
  learningRate?: number;
  /** Seeds the mini-batch order. */
  seed?: number;
  batchSize?: number;
}

export const SOFTMAX_REGRESSION_DEFAULTS = {
  l2: 1e-3,
  learningRate: 0.03,
  seed: 1,
  batchSize: 64,
} as const;

const STEP_TARGET = 500;
const MIN_EPOCHS = 10;
const MAX_EPOCHS = 500;
const ADAM_BETA1 = 0.9;
const ADAM_BETA2 = 0.999;
const ADAM_EPSILON = 1e-8;

/** Multinomial logistic regression: logits = W·x + b with W row-major (classes × dimensions). */
export class SoftmaxRegression {
  constructor(
    readonly classes: number,
    readonly dimensions: number,
    readonly weights: Float32Array,
    readonly bias: Float32Array,
  ) {}

  /** Row-major logits (vectors.length × classes). */
  logits(vectors: readonly Float32Array[]): Float32Array {
    return linearLogits(packRows(vectors, this.dimensions), null, this.weights, this.bias, this.classes);
  }
}

/** Epochs used when the caller sets none: short for large sets, many passes for tiny ones. */
export function defaultEpochs(rows: number, batchSize: number): number {
  const stepsPerEpoch = Math.max(1, Math.ceil(rows / batchSize));
  return Math.min(MAX_EPOCHS, Math.max(MIN_EPOCHS, Math.ceil(STEP_TARGET / stepsPerEpoch)));
}

export function trainSoftmaxRegression(
  vectors: readonly Float32Array[],
  labels: readonly number[],
  classes: number,
  options: SoftmaxRegressionOptions = {},
): SoftmaxRegression {
  if (vectors.length === 0) throw new Error('cannot train on zero vectors');
  const rows = packRows(vectors, vectors[0].length);
  const steps = softmaxRegressionSteps(rows, labels, null, classes, options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * Trains on the packed rows listed in `indices` (all when null), yielding the fraction of epochs
 * done after each epoch so that a driver can report progress or stop between epochs.
 */
export function* softmaxRegressionSteps(
  rows: PackedRows,
  labels: ArrayLike<number>,
  indices: ArrayLike<number> | null,
  classes: number,
  options: SoftmaxRegressionOptions = {},
): Generator<number, SoftmaxRegression, void> {
  const { l2, learningRate, seed, batchSize } = { ...SOFTMAX_REGRESSION_DEFAULTS, ...definedOnly(options) };
  const { data, dimensions: dims } = rows;
  const order = Uint32Array.from(indices ?? Array.from({ length: rows.count }, (_, i) => i));
  const n = order.length;
  validate(rows, labels, order, classes, { l2, learningRate, batchSize });
  const epochs = options.epochs ?? defaultEpochs(n, batchSize);
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`epochs must be a positive integer, got ${epochs}`);

  const size = classes * dims;
  const w = new Float64Array(size);
  const b = new Float64Array(classes);
  const gradW = new Float64Array(size);
  const gradB = new Float64Array(classes);
  const mW = new Float64Array(size);
  const vW = new Float64Array(size);
  const mB = new Float64Array(classes);
  const vB = new Float64Array(classes);
  const probs = new Float64Array(classes);
  const random = seededRandom(seed);
  const batch = Math.min(batchSize, n);
  const totalSteps = epochs * Math.ceil(n / batch);
  let step = 0;

  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffleInPlace(order, random);
    for (let start = 0; start < n; start += batch) {
      const end = Math.min(n, start + batch);
      gradW.fill(0);
      gradB.fill(0);
      accumulateGradient(data, dims, classes, labels, order, start, end, w, b, probs, gradW, gradB);
      for (let i = 0; i < size; i++) gradW[i] += l2 * w[i];
      step++;
      const rate = 0.5 * learningRate * (1 + Math.cos((Math.PI * (step - 1)) / totalSteps));
      adam(w, gradW, mW, vW, rate, step);
      adam(b, gradB, mB, vB, rate, step);
    }
    yield (epoch + 1) / epochs;
  }
  return new SoftmaxRegression(classes, dims, Float32Array.from(w), Float32Array.from(b));
}

/**
 * Adds the mean cross-entropy gradient of rows order[start..end) to gradW and gradB. Kept out
 * of the generator, which V8 optimises less well; the loops over dimensions
 * are unrolled by four, which about halves their time.
 */
function accumulateGradient(
  data: Float32Array,
  dims: number,
  classes: number,
  labels: ArrayLike<number>,
  order: Uint32Array,
  start: number,
  end: number,
  weights: Float64Array,
  bias: Float64Array,
  probs: Float64Array,
  gradW: Float64Array,
  gradB: Float64Array,
): void {
  const scale = 1 / (end - start);
  const unrolled = dims - (dims % 4);
  for (let s = start; s < end; s++) {
    const row = order[s];
    const x = row * dims;
    for (let k = 0; k < classes; k++) {
      const w = k * dims;
      let z0 = 0;
      let z1 = 0;
      let z2 = 0;
      let z3 = 0;
      let d = 0;
      for (; d < unrolled; d += 4) {
        z0 += weights[w + d] * data[x + d];
        z1 += weights[w + d + 1] * data[x + d + 1];
        z2 += weights[w + d + 2] * data[x + d + 2];
        z3 += weights[w + d + 3] * data[x + d + 3];
      }
      for (; d < dims; d++) z0 += weights[w + d] * data[x + d];
      probs[k] = bias[k] + z0 + z1 + z2 + z3;
    }
    softmaxInPlace(probs, 0, classes);
    probs[labels[row]] -= 1;
    for (let k = 0; k < classes; k++) {
      const g = probs[k] * scale;
      gradB[k] += g;
      const w = k * dims;
      let d = 0;
      for (; d < unrolled; d += 4) {
        gradW[w + d] += g * data[x + d];
        gradW[w + d + 1] += g * data[x + d + 1];
        gradW[w + d + 2] += g * data[x + d + 2];
        gradW[w + d + 3] += g * data[x + d + 3];
      }
      for (; d < dims; d++) gradW[w + d] += g * data[x + d];
    }
  }
}

function adam(params: Float64Array, grad: Float64Array, m: Float64Array, v: Float64Array, rate: number, step: number): void {
  const correctedRate = (rate * Math.sqrt(1 - ADAM_BETA2 ** step)) / (1 - ADAM_BETA1 ** step);
  for (let i = 0; i < params.length; i++) {
    const g = grad[i];
    m[i] = ADAM_BETA1 * m[i] + (1 - ADAM_BETA1) * g;
    v[i] = ADAM_BETA2 * v[i] + (1 - ADAM_BETA2) * g * g;
    params[i] -= (correctedRate * m[i]) / (sqrt(v[i]) + ADAM_EPSILON);
  }
}

function validate(
  rows: PackedRows,
  labels: ArrayLike<number>,
  order: Uint32Array,
  classes: number,
  { l2, learningRate, batchSize }: { l2: number; learningRate: number; batchSize: number },
): void {
  if (!Number.isInteger(classes) || classes < 2) throw new Error(`need at least 2 classes, got ${classes}`);
  if (order.length === 0) throw new Error('cannot train on zero rows');
  if (!(l2 >= 0)) throw new Error(`l2 must be ≥ 0, got ${l2}`);
  if (!(learningRate > 0)) throw new Error(`learningRate must be > 0, got ${learningRate}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  for (const row of order) {
    if (row >= rows.count) throw new Error(`row index ${row} is out of range`);
    const label = labels[row];
    if (!Number.isInteger(label) || label < 0 || label >= classes) throw new Error(`label ${label} of row ${row} is not in 0..${classes - 1}`);
  }
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
