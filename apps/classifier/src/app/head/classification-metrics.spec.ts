import { classificationMetrics } from './classification-metrics';

describe('classificationMetrics', () => {
  const classNames = ['a', 'b', 'c', 'd'];
  // Predictions: a (right, 0.7), b (wrong, 0.6), b (right, 0.62), c (right, 0.8); d never appears.
  const probabilities = [
    [0.7, 0.2, 0.1, 0],
    [0.1, 0.6, 0.3, 0],
    [0.18, 0.62, 0.2, 0],
    [0.05, 0.15, 0.8, 0],
  ];
  const labels = [0, 2, 1, 2];

  it('computes accuracy, per-class precision/recall/support and the log loss', () => {
    const metrics = classificationMetrics(probabilities, labels, classNames)!;
    expect(metrics.accuracy).toBe(0.75);
    expect(metrics.per_class).toEqual({
      a: { precision: 1, recall: 1, support: 1 },
      b: { precision: 0.5, recall: 1, support: 1 },
      c: { precision: 1, recall: 0.5, support: 2 },
      d: { precision: 0, recall: 0, support: 0 },
    });
    expect(metrics.log_loss).toBeCloseTo(-(Math.log(0.7) + Math.log(0.3) + Math.log(0.62) + Math.log(0.8)) / 4, 12);
  });

  it('computes the expected calibration error over 15 bins, weighted by bin count', () => {
    // Bins: 0.7 → 10 (|0.7 − 1|), 0.6 and 0.62 → 9 (|1.22 − 1|), 0.8 → 12 (|0.8 − 1|); all over 4 rows.
    const metrics = classificationMetrics(probabilities, labels, classNames)!;
    expect(metrics.expected_calibration_error).toBeCloseTo((0.3 + 0.22 + 0.2) / 4, 12);
  });

  it('puts a confidence of exactly 1 in the last bin and keeps the log loss finite for a zero probability', () => {
    const metrics = classificationMetrics([[1, 0], [1, 0]], [0, 1], ['x', 'y'])!;
    expect(metrics.expected_calibration_error).toBeCloseTo(0.5, 12);
    expect(metrics.log_loss).toBeCloseTo(-Math.log(1e-15) / 2, 6);
  });

  it('gives null for no rows and refuses rows that do not match the classes or labels', () => {
    expect(classificationMetrics([], [], classNames)).toBeNull();
    expect(() => classificationMetrics([[0.5, 0.5]], [0], classNames)).toThrow(/row 0 has 2 entries; expected 4/);
    expect(() => classificationMetrics(probabilities, [0], classNames)).toThrow(/4 probability rows for 1 labels/);
    expect(() => classificationMetrics([[1, 0, 0, 0]], [7], classNames)).toThrow(/label 7/);
  });
});
