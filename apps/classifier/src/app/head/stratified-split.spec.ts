import { stratifiedKFold, stratifiedSplit } from './stratified-split';

// 0: 10 rows, 1: 5 rows, 2: 2 rows, 3: 1 row, interleaved.
const labels = [0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0, 0, 1];

const countOf = (rows: number[], label: number) => rows.filter((row) => labels[row] === label).length;

describe('stratifiedSplit', () => {
  it('partitions the rows, holding out about the fraction of each class', () => {
    const { train, holdout } = stratifiedSplit(labels, { holdoutFraction: 0.2, seed: 3 });
    expect([...train, ...holdout].sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
    expect([countOf(holdout, 0), countOf(holdout, 1), countOf(holdout, 2), countOf(holdout, 3)]).toEqual([2, 1, 1, 0]);
    expect(countOf(train, 3)).toBe(1);
    expect(train).toEqual([...train].sort((a, b) => a - b));
  });

  it('keeps a training row and holds one out for every class of two or more, whatever the fraction', () => {
    for (const holdoutFraction of [0.01, 0.5, 0.99]) {
      const { train, holdout } = stratifiedSplit(labels, { holdoutFraction });
      for (const label of [0, 1, 2]) {
        expect(countOf(holdout, label)).toBeGreaterThanOrEqual(1);
        expect(countOf(train, label)).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('holds nothing out at fraction 0 and refuses fractions outside [0, 1)', () => {
    expect(stratifiedSplit(labels, { holdoutFraction: 0 }).holdout).toEqual([]);
    expect(() => stratifiedSplit(labels, { holdoutFraction: 1 })).toThrow(/holdoutFraction/);
  });

  it('is reproducible by seed', () => {
    expect(stratifiedSplit(labels, { seed: 9 })).toEqual(stratifiedSplit(labels, { seed: 9 }));
    const seeds = [1, 2, 3, 4, 5].map((seed) => JSON.stringify(stratifiedSplit(labels, { seed }).holdout));
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });
});

describe('stratifiedKFold', () => {
  it('puts every row in exactly one test set, with the rest as training', () => {
    const folds = stratifiedKFold(labels, 3, 2);
    expect(folds.flatMap((fold) => fold.test).sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
    for (const fold of folds) expect([...fold.train, ...fold.test].sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
  });

  it('spreads each class evenly and keeps fold sizes within one', () => {
    const folds = stratifiedKFold(labels, 3, 2);
    for (const label of [0, 1, 2, 3]) {
      const counts = folds.map((fold) => countOf(fold.test, label));
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
    const sizes = folds.map((fold) => fold.test.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('folds a subset of the rows and is reproducible by seed', () => {
    const subset = [0, 1, 2, 4, 5, 6, 9];
    const folds = stratifiedKFold(labels, 2, 4, subset);
    expect(folds.flatMap((fold) => fold.test).sort((a, b) => a - b)).toEqual(subset);
    expect(folds.flatMap((fold) => fold.train).every((row) => subset.includes(row))).toBe(true);
    expect(stratifiedKFold(labels, 2, 4, subset)).toEqual(folds);
  });

  it('refuses fewer than two folds or more folds than rows', () => {
    expect(() => stratifiedKFold(labels, 1)).toThrow(/folds/);
    expect(() => stratifiedKFold([0, 1], 3)).toThrow(/folds/);
  });

  it('never holds out a train-only row, and splits the others as before', () => {
    const labels = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
    const trainOnly = labels.map((_, i) => i % 5 < 2);
    const { train, holdout } = stratifiedSplit(labels, { holdoutFraction: 0.4, seed: 3, trainOnly });
    expect(holdout.some((row) => trainOnly[row])).toBe(false);
    expect(holdout.filter((row) => labels[row] === 0)).toHaveLength(1);
    expect(holdout.filter((row) => labels[row] === 1)).toHaveLength(1);
    expect([...train, ...holdout].sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
  });
});
