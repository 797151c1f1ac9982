import { seededRandom } from './seeded-random';
import { fitTemperature, temperatureNll } from './temperature-scaling';

/** Logits with labels drawn from softmax(logits), so temperature 1 is the calibrated one. */
function calibratedSample(rows: number, classes: number, seed: number): { logits: Float32Array; labels: number[] } {
  const random = seededRandom(seed);
  const logits = new Float32Array(rows * classes).map(() => 3 * (random() - 0.5));
  const labels = Array.from({ length: rows }, (_, i) => {
    const row = Array.from(logits.subarray(i * classes, (i + 1) * classes), Math.exp);
    const total = row.reduce((a, b) => a + b);
    let u = random() * total;
    return Math.max(0, row.findIndex((p) => (u -= p) <= 0));
  });
  return { logits, labels };
}

describe('fitTemperature', () => {
  it('finds T ≈ 1 for calibrated logits', () => {
    const { logits, labels } = calibratedSample(4000, 4, 1);
    expect(fitTemperature(logits, labels, 4)).toBeCloseTo(1, 0);
  });

  it('softens overconfident logits (T > 1) and so lowers the NLL', () => {
    const { logits, labels } = calibratedSample(4000, 4, 2);
    const overconfident = logits.map((z) => 4 * z);
    const temperature = fitTemperature(overconfident, labels, 4);
    expect(temperature).toBeGreaterThan(3);
    expect(temperature).toBeLessThan(5);
    const before = temperatureNll(overconfident, labels, 4, 1);
    const after = temperatureNll(overconfident, labels, 4, temperature);
    expect(after).toBeLessThan(before - 0.1);
    for (const nearby of [0.8 * temperature, 1.25 * temperature]) expect(after).toBeLessThanOrEqual(temperatureNll(overconfident, labels, 4, nearby));
  });

  it('stays finite and at the lower bound when the logits already separate the labels', () => {
    const logits = Float32Array.from([50, 0, 0, 0, 40, 0, 0, 0, 30]);
    const temperature = fitTemperature(logits, [0, 1, 2], 3);
    expect(temperature).toBeGreaterThanOrEqual(0.05);
    expect(temperature).toBeLessThan(0.06);
    expect(Number.isFinite(temperatureNll(logits, [0, 1, 2], 3, temperature))).toBe(true);
  });

  it('returns 1 with no rows and refuses logits that do not match the labels', () => {
    expect(fitTemperature(new Float32Array(0), [], 3)).toBe(1);
    expect(() => fitTemperature(new Float32Array(5), [0, 1], 3)).toThrow(/expected 6 logits/);
  });
});
