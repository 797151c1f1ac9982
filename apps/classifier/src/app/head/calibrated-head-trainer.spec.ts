import { trainCalibratedHead } from './calibrated-head-trainer';
import { classificationMetrics } from './classification-metrics';
import { ClassifierHead } from './classifier-head';
import { stratifiedSplit } from './stratified-split';
import { syntheticClusters } from '@lamini/testing';

describe('trainCalibratedHead', () => {
  // Five noisy clusters: separable enough for ≥ 95 % but not for certainty.
  const clusters = syntheticClusters({ classes: 5, perClass: 100, noise: 4.5, seed: 1 });
  const small = syntheticClusters({ classes: 3, perClass: 12, noise: 3, seed: 2 });

  it('trains an accurate, calibrated head and reports held-out metrics', () => {
    const { head, metrics } = trainCalibratedHead(clusters.vectors, clusters.labels, clusters.classNames);
    expect(metrics.train_rows).toBe(400);
    expect(metrics.holdout_rows).toBe(100);
    expect(metrics.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(metrics.expected_calibration_error).toBeLessThanOrEqual(0.1);
    expect(metrics.log_loss).toBeGreaterThan(0.005);
    expect(metrics.temperature).toBeGreaterThan(0);
    expect(Object.keys(metrics.per_class!)).toEqual(clusters.classNames);
    for (const name of clusters.classNames) expect(metrics.per_class![name].support).toBe(20);
    expect(head.classNames).toEqual(clusters.classNames);
    expect(head.dimensions).toBe(384);
    expect(head.temperature).toBe(metrics.temperature);
  });

  it('lowers the held-out log loss with the fitted temperature', () => {
    const { head, metrics } = trainCalibratedHead(clusters.vectors, clusters.labels, clusters.classNames);
    const { holdout } = stratifiedSplit(clusters.labels, { seed: 1 });
    const uncalibrated = new ClassifierHead({ ...head, temperature: 1 });
    const rawLoss = classificationMetrics(uncalibrated.probabilities(holdout.map((row) => clusters.vectors[row])), holdout.map((row) => clusters.labels[row]), clusters.classNames)!.log_loss;
    expect(metrics.temperature).not.toBeCloseTo(1, 1);
    expect(metrics.log_loss).toBeLessThan(rawLoss);
  });

  it('is reproducible by seed', () => {
    const first = trainCalibratedHead(small.vectors, small.labels, small.classNames, { seed: 4 });
    const again = trainCalibratedHead(small.vectors, small.labels, small.classNames, { seed: 4 });
    expect(again.head.toBuffer()).toEqual(first.head.toBuffer());
    expect(again.metrics).toEqual(first.metrics);
  });

  it('reports rising progress that ends at 1', () => {
    const seen: number[] = [];
    trainCalibratedHead(small.vectors, small.labels, small.classNames, { onProgress: (fraction) => seen.push(fraction) });
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.every((fraction, i) => fraction > 0 && (i === 0 || fraction >= seen[i - 1]))).toBe(true);
    expect(seen.at(-1)).toBe(1);
  });

  it('stops with the abort reason between epochs', () => {
    const controller = new AbortController();
    const reason = new Error('cancelled by the user');
    let calls = 0;
    const train = () =>
      trainCalibratedHead(small.vectors, small.labels, small.classNames, {
        signal: controller.signal,
        onProgress: (fraction) => {
          calls++;
          if (fraction > 0.1) controller.abort(reason);
        },
      });
    expect(train).toThrow(reason);
    const stoppedAfter = calls;
    expect(stoppedAfter).toBeGreaterThan(0);
    expect(train).toThrow(reason);
    expect(calls).toBe(stoppedAfter);
  });

  it('skips calibration (T = 1) when a class has a single training row, and keeps that row for training', () => {
    const vectors = [...small.vectors.slice(0, 24), small.vectors[26]];
    const labels = [...small.labels.slice(0, 24).map((label) => (label === 2 ? 0 : label)), 2];
    const { metrics } = trainCalibratedHead(vectors, labels, small.classNames);
    expect(metrics.temperature).toBe(1);
    expect(metrics.per_class![small.classNames[2]].support).toBe(0);
    expect(metrics.train_rows + metrics.holdout_rows).toBe(25);
  });

  it('gives null metrics when nothing is held out', () => {
    const { head, metrics } = trainCalibratedHead(small.vectors, small.labels, small.classNames, { holdoutFraction: 0 });
    expect(metrics).toMatchObject({ accuracy: null, per_class: null, expected_calibration_error: null, log_loss: null, train_rows: 36, holdout_rows: 0 });
    expect(head).toBeInstanceOf(ClassifierHead);
  });

  it('trains on two rows per class', () => {
    const { head, metrics } = trainCalibratedHead(small.vectors.slice(0, 6), small.labels.slice(0, 6), small.classNames);
    expect(metrics).toMatchObject({ train_rows: 3, holdout_rows: 3, temperature: 1 });
    expect(head.probabilities(small.vectors.slice(0, 1))[0]).toHaveLength(3);
  });

  it('refuses inconsistent input', () => {
    const { vectors, labels, classNames } = small;
    expect(() => trainCalibratedHead(vectors, labels.slice(1), classNames)).toThrow(/36 vectors but 35 labels/);
    expect(() => trainCalibratedHead(vectors, labels, [...classNames, 'unused'])).toThrow(/no examples for class "unused"/);
    expect(() => trainCalibratedHead(vectors, labels.map((label) => label + 1), classNames)).toThrow(/label 3/);
    expect(() => trainCalibratedHead(vectors, labels, ['a', 'a', 'b'])).toThrow(/distinct/);
    expect(() => trainCalibratedHead([...vectors.slice(1), new Float32Array(5)], labels, classNames)).toThrow(/expected 384/);
  });
});
