// Bound once: inside a vm context (Jest) every global lookup in a hot loop is several times slower.
const { exp, log } = Math;

const MIN_TEMPERATURE = 0.05;
const MAX_TEMPERATURE = 20;
const LOG_TOLERANCE = 1e-5;
const INVERSE_GOLDEN = (Math.sqrt(5) - 1) / 2;

/** Mean negative log-likelihood of softmax(logits / temperature) for row-major logits (N × classes). */
export function temperatureNll(logits: ArrayLike<number>, labels: ArrayLike<number>, classes: number, temperature: number): number {
  const rows = labels.length;
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const offset = i * classes;
    let max = logits[offset] / temperature;
    for (let k = 1; k < classes; k++) if (logits[offset + k] / temperature > max) max = logits[offset + k] / temperature;
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += exp(logits[offset + k] / temperature - max);
    total += max + log(sum) - logits[offset + labels[i]] / temperature;
  }
  return total / rows;
}

/**
 * The temperature T in [0.05, 20] minimising the NLL of softmax(logits / T). The NLL is convex in
 * 1/T, hence unimodal in log T, so a golden-section search on log T finds it; when the logits
 * already separate the labels the NLL keeps falling as T shrinks and the search settles on the
 * lower bound instead of running off to zero. Returns 1 for no rows.
 */
export function fitTemperature(logits: ArrayLike<number>, labels: ArrayLike<number>, classes: number): number {
  if (labels.length === 0) return 1;
  if (logits.length !== labels.length * classes) throw new Error(`expected ${labels.length * classes} logits, got ${logits.length}`);
  const nll = (logTemperature: number) => temperatureNll(logits, labels, classes, Math.exp(logTemperature));
  let low = Math.log(MIN_TEMPERATURE);
  let high = Math.log(MAX_TEMPERATURE);
  let left = high - INVERSE_GOLDEN * (high - low);
  let right = low + INVERSE_GOLDEN * (high - low);
  let leftValue = nll(left);
  let rightValue = nll(right);
  while (high - low > LOG_TOLERANCE) {
    if (leftValue <= rightValue) {
      high = right;
      right = left;
      rightValue = leftValue;
      left = high - INVERSE_GOLDEN * (high - low);
      leftValue = nll(left);
    } else {
      low = left;
      left = right;
      leftValue = rightValue;
      right = low + INVERSE_GOLDEN * (high - low);
      rightValue = nll(right);
    }
  }
  return Math.exp((low + high) / 2);
}
