import { seededRandom, shuffleInPlace } from './seeded-random';

export interface StratifiedSplit {
  /** Row indices, ascending. */
  train: number[];
  holdout: number[];
}

export interface StratifiedSplitOptions {
  /** Share of each class held out, in [0, 1); 0 holds nothing out. */
  holdoutFraction?: number;
  seed?: number;
  /** Rows that always train and are never held out (generated examples: the metrics judge given ones). */
  trainOnly?: readonly boolean[];
}

/**
 * Splits row indices per class: a class with n ≥ 2 rows holds out round(n·fraction) of them,
 * but at least one and at most n − 1; a class with a single row keeps it for training.
 */
export function stratifiedSplit(labels: readonly number[], { holdoutFraction = 0.2, seed = 1, trainOnly }: StratifiedSplitOptions = {}): StratifiedSplit {
  if (!(holdoutFraction >= 0 && holdoutFraction < 1)) throw new Error(`holdoutFraction must be in [0, 1), got ${holdoutFraction}`);
  const random = seededRandom(seed);
  const train: number[] = labels.map((_, i) => i).filter((i) => trainOnly?.[i]);
  const holdout: number[] = [];
  for (const rows of rowsByClass(labels, labels.map((_, i) => i).filter((i) => !trainOnly?.[i]))) {
    shuffleInPlace(rows, random);
    const held = holdoutFraction === 0 || rows.length < 2 ? 0 : Math.min(rows.length - 1, Math.max(1, Math.round(rows.length * holdoutFraction)));
    holdout.push(...rows.slice(0, held));
    train.push(...rows.slice(held));
  }
  return { train: train.sort(ascending), holdout: holdout.sort(ascending) };
}

export interface Fold {
  /** Row indices, ascending. */
  train: number[];
  test: number[];
}

/**
 * Seeded stratified k-fold over `rows` (indices into `labels`; all rows when omitted): each
 * class's shuffled rows are dealt round the folds, each class starting where the previous one
 * stopped, so fold sizes differ by at most one. Every row is in exactly one test set.
 */
export function stratifiedKFold(labels: readonly number[], folds: number, seed = 1, rows?: readonly number[]): Fold[] {
  const selected = rows ?? labels.map((_, i) => i);
  if (!Number.isInteger(folds) || folds < 2 || folds > selected.length) throw new Error(`folds must be an integer in [2, ${selected.length}], got ${folds}`);
  const random = seededRandom(seed);
  const tests: number[][] = Array.from({ length: folds }, () => []);
  let next = 0;
  for (const members of rowsByClass(labels, selected)) {
    for (const row of shuffleInPlace(members, random)) {
      tests[next].push(row);
      next = (next + 1) % folds;
    }
  }
  return tests.map((test) => {
    const inTest = new Set(test);
    return { train: selected.filter((row) => !inTest.has(row)).sort(ascending), test: test.sort(ascending) };
  });
}

/** Row indices grouped by label, in label order and then row order. */
function rowsByClass(labels: readonly number[], rows: readonly number[] = labels.map((_, i) => i)): number[][] {
  const groups = new Map<number, number[]>();
  for (const row of rows) {
    const group = groups.get(labels[row]);
    if (group) group.push(row);
    else groups.set(labels[row], [row]);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([, group]) => group);
}

function ascending(a: number, b: number): number {
  return a - b;
}
