import type { ClassMetrics } from '@lamini/contracts';

const CALIBRATION_BINS = 15;
// Keeps a zero probability (float32 underflow) from making the log loss infinite.
const MIN_PROBABILITY = 1e-15;

/** Snake-case keys: these go out in a JSON API answer as they are. */
export interface ClassificationMetrics {
  accuracy: number;
  per_class: Record<string, ClassMetrics>;
  expected_calibration_error: number;
  log_loss: number;
}

/**
 * Metrics of predicted class probabilities (one row of classNames.length per example) against
 * the true labels; null when there are no examples. The prediction is the most probable class,
 * the first one on a tie. A class never predicted has precision 0 (not NaN, which JSON cannot
 * carry), and a class absent from the labels has recall 0 with support 0.
 */
export function classificationMetrics(probabilities: readonly ArrayLike<number>[], labels: readonly number[], classNames: readonly string[]): ClassificationMetrics | null {
  if (probabilities.length !== labels.length) throw new Error(`${probabilities.length} probability rows for ${labels.length} labels`);
  if (labels.length === 0) return null;
  const classes = classNames.length;
  const predicted = new Array<number>(classes).fill(0);
  const support = new Array<number>(classes).fill(0);
  const truePositives = new Array<number>(classes).fill(0);
  const binCount = new Array<number>(CALIBRATION_BINS).fill(0);
  const binConfidence = new Array<number>(CALIBRATION_BINS).fill(0);
  const binCorrect = new Array<number>(CALIBRATION_BINS).fill(0);
  let correct = 0;
  let logLoss = 0;
  probabilities.forEach((row, i) => {
    if (row.length !== classes) throw new Error(`probability row ${i} has ${row.length} entries; expected ${classes}`);
    const label = labels[i];
    if (!Number.isInteger(label) || label < 0 || label >= classes) throw new Error(`label ${label} of row ${i} is not in 0..${classes - 1}`);
    let top = 0;
    for (let k = 1; k < classes; k++) if (row[k] > row[top]) top = k;
    const hit = top === label ? 1 : 0;
    predicted[top]++;
    support[label]++;
    truePositives[label] += hit;
    correct += hit;
    logLoss -= Math.log(Math.max(MIN_PROBABILITY, row[label]));
    // Equal-width bins [j/15, (j+1)/15), the last one closed at 1.
    const bin = Math.min(CALIBRATION_BINS - 1, Math.floor(row[top] * CALIBRATION_BINS));
    binCount[bin]++;
    binConfidence[bin] += row[top];
    binCorrect[bin] += hit;
  });
  const n = labels.length;
  let calibrationError = 0;
  for (let j = 0; j < CALIBRATION_BINS; j++) calibrationError += Math.abs(binConfidence[j] - binCorrect[j]) / n;
  const perClass: Record<string, ClassMetrics> = {};
  classNames.forEach((name, k) => {
    perClass[name] = {
      precision: predicted[k] === 0 ? 0 : truePositives[k] / predicted[k],
      recall: support[k] === 0 ? 0 : truePositives[k] / support[k],
      support: support[k],
    };
  });
  return { accuracy: correct / n, per_class: perClass, expected_calibration_error: calibrationError, log_loss: logLoss / n };
}
