import { ClassifierHead } from './classifier-head';
import type { ClassifierMetrics } from '@lamini/contracts';
import { classificationMetrics } from './classification-metrics';
import { linearLogits } from './linear-logits';
import { packRows } from './packed-rows';
import { defaultEpochs, SOFTMAX_REGRESSION_DEFAULTS, SoftmaxRegression, softmaxRegressionSteps, SoftmaxRegressionOptions } from './softmax-regression';
import { fitStandardization, rawSpaceWeights, standardizeRows } from './standardization';
import { stratifiedKFold, stratifiedSplit } from './stratified-split';
import { fitTemperature } from './temperature-scaling';

export interface CalibratedHeadOptions {
  /** Share of each class held out for the metrics (default 0.2; 0 holds nothing out). */
  holdoutFraction?: number;
  /** Seeds the split, the folds and (unless set there) the regression. */
  seed?: number;
  /** Most folds for the out-of-fold logits the temperature is fitted on (default 5). */
  maxFolds?: number;
  regression?: SoftmaxRegressionOptions;
  /** Rows never held out (generated examples); the held-out metrics judge the others. */
  trainOnly?: readonly boolean[];
  /** Standardise each dimension on the training rows before fitting (default true); the head stays linear over raw vectors. */
  standardize?: boolean;
  /** Called after every epoch with the share of all the training done, reaching 1. */
  onProgress?: (fraction: number) => void;
  /** Checked between epochs (and so between folds); when aborted, training throws its reason. */
  signal?: AbortSignal;
}

/** Held-out metrics (null when nothing was held out) and how the head was fitted: the job status's `metrics`. */
export type HeadMetrics = ClassifierMetrics;

export interface CalibratedHead {
  head: ClassifierHead;
  metrics: HeadMetrics;
}

/**
 * Trains a softmax-regression head on `vectors` (labels index `classNames`) and calibrates it:
 * a stratified held-out split is kept for the metrics; the temperature is fitted on out-of-fold
 * logits of a k-fold over the training split (k = min(maxFolds, smallest class), T = 1 when
 * k < 2); the final model is trained on the whole training split. Runs synchronously.
 */
export function trainCalibratedHead(vectors: readonly Float32Array[], labels: readonly number[], classNames: readonly string[], options: CalibratedHeadOptions = {}): CalibratedHead {
  options.signal?.throwIfAborted();
  const steps = calibratedHeadSteps(vectors, labels, classNames, options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    options.onProgress?.(next.value);
    options.signal?.throwIfAborted();
  }
}

/** The whole procedure, yielding the share of training done after every epoch. */
function* calibratedHeadSteps(vectors: readonly Float32Array[], labels: readonly number[], classNames: readonly string[], options: CalibratedHeadOptions): Generator<number, CalibratedHead, void> {
  const { holdoutFraction = 0.2, seed = 1, maxFolds = 5, standardize = true } = options;
  const classes = classNames.length;
  validate(vectors, labels, classNames);
  const regression = { ...options.regression, seed: options.regression?.seed ?? seed };
  const { train, holdout } = stratifiedSplit(labels, { holdoutFraction, seed, trainOnly: options.trainOnly });
  const raw = packRows(vectors, vectors[0].length);
  const standardization = standardize ? fitStandardization(raw, train) : null;
  const rows = standardization ? standardizeRows(raw, standardization) : raw;

  const trainCounts = new Array<number>(classes).fill(0);
  for (const row of train) trainCounts[labels[row]]++;
  const folds = Math.min(maxFolds, ...trainCounts);
  const foldSets = folds >= 2 ? stratifiedKFold(labels, folds, seed, train) : [];

  // Progress counts row-epochs, so a fold on 4/5 of the rows weighs 4/5 of the final fit.
  const work = (count: number) => count * (regression.epochs ?? defaultEpochs(count, regression.batchSize ?? SOFTMAX_REGRESSION_DEFAULTS.batchSize));
  const total = foldSets.reduce((sum, fold) => sum + work(fold.train.length), work(train.length));
  let done = 0;
  function* fit(indices: readonly number[]): Generator<number, SoftmaxRegression, void> {
    const units = work(indices.length);
    const model = yield* scaled(softmaxRegressionSteps(rows, labels, indices, classes, regression), done / total, units / total);
    done += units;
    return model;
  }

  let temperature = 1;
  if (foldSets.length > 0) {
    const outOfFold = new Float32Array(train.length * classes);
    const outOfFoldLabels: number[] = [];
    for (const fold of foldSets) {
      const model = yield* fit(fold.train);
      outOfFold.set(linearLogits(rows, fold.test, model.weights, model.bias, classes), outOfFoldLabels.length * classes);
      for (const row of fold.test) outOfFoldLabels.push(labels[row]);
    }
    temperature = fitTemperature(outOfFold, outOfFoldLabels, classes);
  }
  const model = yield* fit(train);
  const { weights, bias } = standardization ? rawSpaceWeights(model.weights, model.bias, standardization) : model;
  const head = new ClassifierHead({ classNames, dimensions: rows.dimensions, weights, bias, temperature });
  const evaluation = classificationMetrics(
    head.probabilities(holdout.map((row) => vectors[row])),
    holdout.map((row) => labels[row]),
    classNames,
  );
  return {
    head,
    metrics: {
      accuracy: evaluation?.accuracy ?? null,
      per_class: evaluation?.per_class ?? null,
      expected_calibration_error: evaluation?.expected_calibration_error ?? null,
      log_loss: evaluation?.log_loss ?? null,
      temperature,
      train_rows: train.length,
      holdout_rows: holdout.length,
    },
  };
}

/** Re-yields an inner generator's fractions mapped onto [start, start + span]. */
function* scaled<T>(inner: Generator<number, T, void>, start: number, span: number): Generator<number, T, void> {
  for (;;) {
    const next = inner.next();
    if (next.done) return next.value;
    yield Math.min(1, start + span * next.value);
  }
}

function validate(vectors: readonly Float32Array[], labels: readonly number[], classNames: readonly string[]): void {
  if (classNames.length < 2) throw new Error(`need at least 2 classes, got ${classNames.length}`);
  if (new Set(classNames).size !== classNames.length) throw new Error('class names must be distinct');
  if (vectors.length !== labels.length) throw new Error(`${vectors.length} vectors but ${labels.length} labels`);
  const counts = new Array<number>(classNames.length).fill(0);
  labels.forEach((label, row) => {
    if (!Number.isInteger(label) || label < 0 || label >= classNames.length) throw new Error(`label ${label} of row ${row} is not in 0..${classNames.length - 1}`);
    counts[label]++;
  });
  const empty = classNames.filter((_, k) => counts[k] === 0);
  if (empty.length > 0) throw new Error(`no examples for class ${empty.map((name) => JSON.stringify(name)).join(', ')}`);
}
