import { syntheticClusters } from '@lamini/testing';
import { linearLogits } from './linear-logits';
import { packRows } from './packed-rows';
import { fitStandardization, rawSpaceWeights, standardizeRows } from './standardization';

describe('standardization', () => {
  const { vectors } = syntheticClusters({ classes: 3, perClass: 20, dimensions: 16, noise: 0.5, sharedOffset: 2, seed: 3 });
  const rows = packRows(vectors, 16);
  const all = vectors.map((_, i) => i);

  it('centres every dimension on the training rows and scales it to unit deviation', () => {
    const z = standardizeRows(rows, fitStandardization(rows, all));
    for (let d = 0; d < 16; d++) {
      const column = all.map((row) => z.data[row * 16 + d]);
      const mean = column.reduce((a, b) => a + b, 0) / column.length;
      const variance = column.reduce((a, b) => a + (b - mean) ** 2, 0) / column.length;
      expect(mean).toBeCloseTo(0, 5);
      expect(variance).toBeCloseTo(1, 4);
    }
  });

  it('gives raw-space weights whose logits on raw rows equal the standardised model\u2019s', () => {
    const standardization = fitStandardization(rows, all.slice(0, 40));
    const weights = Float32Array.from({ length: 3 * 16 }, (_, i) => Math.sin(i));
    const bias = Float32Array.from([0.5, -1, 2]);
    const raw = rawSpaceWeights(weights, bias, standardization);
    const expected = linearLogits(standardizeRows(rows, standardization), null, weights, bias, 3);
    const actual = linearLogits(rows, null, raw.weights, raw.bias, 3);
    actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 3));
  });

  it('leaves a dimension that is constant over the training rows unscaled', () => {
    const constant = packRows([Float32Array.from([1, 5]), Float32Array.from([3, 5])], 2);
    expect(Array.from(fitStandardization(constant, [0, 1]).scale)).toEqual([1, 1]);
  });
});
