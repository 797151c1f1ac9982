import { syntheticClusters } from '@lamini/testing';
import { trainSoftmaxRegression } from './softmax-regression';

function accuracy(logits: Float32Array, labels: number[], classes: number): number {
  let correct = 0;
  labels.forEach((label, i) => {
    let top = 0;
    for (let k = 1; k < classes; k++) if (logits[i * classes + k] > logits[i * classes + top]) top = k;
    if (top === label) correct++;
  });
  return correct / labels.length;
}

describe('trainSoftmaxRegression', () => {
  const { vectors, labels } = syntheticClusters({ classes: 4, perClass: 30, noise: 3, seed: 11 });

  it('separates clusters and gives one logit per class and row', () => {
    const model = trainSoftmaxRegression(vectors, labels, 4);
    const logits = model.logits(vectors);
    expect(model.weights).toHaveLength(4 * 384);
    expect(model.bias).toHaveLength(4);
    expect(logits).toHaveLength(vectors.length * 4);
    expect(accuracy(logits, labels, 4)).toBe(1);
  });

  it('gives the same weights for the same seed, and other weights for another', () => {
    const options = { seed: 5, epochs: 20, batchSize: 16 };
    const first = trainSoftmaxRegression(vectors, labels, 4, options);
    const again = trainSoftmaxRegression(vectors, labels, 4, options);
    const other = trainSoftmaxRegression(vectors, labels, 4, { ...options, seed: 6 });
    expect(again.weights).toEqual(first.weights);
    expect(again.bias).toEqual(first.bias);
    expect(other.weights).not.toEqual(first.weights);
  });

  it('learns from as few as one row per class', () => {
    const model = trainSoftmaxRegression(vectors.slice(0, 4), labels.slice(0, 4), 4);
    expect(accuracy(model.logits(vectors.slice(0, 4)), labels.slice(0, 4), 4)).toBe(1);
  });

  it('refuses labels outside the classes, mixed dimensions and bad options', () => {
    expect(() => trainSoftmaxRegression(vectors.slice(0, 2), [0, 4], 4)).toThrow(/label 4 of row 1/);
    expect(() => trainSoftmaxRegression([vectors[0], new Float32Array(3)], [0, 1], 4)).toThrow(/vector 1 has 3 dimensions; expected 384/);
    expect(() => trainSoftmaxRegression(vectors, labels, 4, { epochs: 0 })).toThrow(/epochs/);
    expect(() => trainSoftmaxRegression(vectors, labels, 1)).toThrow(/at least 2 classes/);
    expect(() => trainSoftmaxRegression([], [], 4)).toThrow(/zero/);
    const model = trainSoftmaxRegression(vectors.slice(0, 2), [0, 1], 2, { epochs: 1 });
    expect(() => model.logits([new Float32Array(10)])).toThrow(/vector 0 has 10 dimensions; expected 384/);
  });

  it('trains 10 000 rows × 384 dimensions × 10 classes', () => {
    const big = syntheticClusters({ classes: 10, perClass: 1000, noise: 4, seed: 12 });
    const model = trainSoftmaxRegression(big.vectors, big.labels, 10);
    expect(accuracy(model.logits(big.vectors), big.labels, 10)).toBeGreaterThan(0.9);
  }, 120_000);
});
