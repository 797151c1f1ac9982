import { ClassifierHead } from './classifier-head';
import { seededRandom } from './seeded-random';

function randomHead(classes = 3, dimensions = 8, temperature = 1.7): ClassifierHead {
  const random = seededRandom(21);
  return new ClassifierHead({
    classNames: Array.from({ length: classes }, (_, k) => `label ${k} ✓`),
    dimensions,
    weights: new Float32Array(classes * dimensions).map(() => random() * 4 - 2),
    bias: new Float32Array(classes).map(() => random() - 0.5),
    temperature,
  });
}

const vectors = Array.from({ length: 5 }, (_, i) => new Float32Array(8).map((_, d) => Math.sin(i * 8 + d)));

describe('ClassifierHead', () => {
  it('gives one probability row per vector, each summing to one', () => {
    const rows = randomHead().probabilities(vectors);
    expect(rows).toHaveLength(5);
    for (const row of rows) {
      expect(row).toHaveLength(3);
      expect(row.reduce((a, b) => a + b)).toBeCloseTo(1, 6);
    }
  });

  it('divides the logits by the temperature', () => {
    const head = new ClassifierHead({ classNames: ['x', 'y'], dimensions: 1, weights: Float32Array.of(0, 0), bias: Float32Array.of(2, 0), temperature: 2 });
    const [row] = head.probabilities([Float32Array.of(0)]);
    expect(row[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 6);
  });

  it('stays finite with huge logits', () => {
    const head = new ClassifierHead({ classNames: ['x', 'y'], dimensions: 1, weights: Float32Array.of(1e30, -1e30), bias: Float32Array.of(0, 0), temperature: 0.05 });
    expect(Array.from(head.probabilities([Float32Array.of(1)])[0])).toEqual([1, 0]);
  });

  it('refuses vectors of another length', () => {
    expect(() => randomHead().probabilities([new Float32Array(7)])).toThrow(/vector 0 has 7 dimensions; expected 8/);
  });

  it('round-trips through a buffer with identical probabilities', () => {
    const head = randomHead();
    const restored = ClassifierHead.fromBuffer(head.toBuffer());
    expect(restored.classNames).toEqual(head.classNames);
    expect(restored.dimensions).toBe(8);
    expect(restored.temperature).toBe(head.temperature);
    expect(restored.weights).toEqual(head.weights);
    expect(restored.bias).toEqual(head.bias);
    expect(restored.probabilities(vectors)).toEqual(head.probabilities(vectors));
  });

  it('reads a buffer that sits at an offset inside a larger one', () => {
    const bytes = randomHead().toBuffer();
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(ClassifierHead.fromBuffer(shifted.subarray(3)).probabilities(vectors)).toEqual(randomHead().probabilities(vectors));
  });

  it('rejects truncated, extended, corrupted and foreign buffers', () => {
    const bytes = randomHead().toBuffer();
    expect(() => ClassifierHead.fromBuffer(bytes.subarray(0, bytes.length - 1))).toThrow(/not a valid classifier head buffer: truncated/);
    expect(() => ClassifierHead.fromBuffer(bytes.subarray(0, 20))).toThrow(/truncated/);
    expect(() => ClassifierHead.fromBuffer(bytes.subarray(0, 6))).toThrow(/signature/);
    expect(() => ClassifierHead.fromBuffer(Buffer.concat([bytes, Buffer.of(0)]))).toThrow(/unexpected bytes/);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 10] ^= 0x40;
    expect(() => ClassifierHead.fromBuffer(flipped)).toThrow(/checksum/);
    expect(() => ClassifierHead.fromBuffer(Buffer.from('{"version":1}'))).toThrow(/signature/);
  });

  it('refuses inconsistent parameters', () => {
    const good = { classNames: ['x', 'y'], dimensions: 2, weights: new Float32Array(4), bias: new Float32Array(2), temperature: 1 };
    expect(() => new ClassifierHead({ ...good, classNames: ['x'] })).toThrow(/at least 2 classes/);
    expect(() => new ClassifierHead({ ...good, classNames: ['x', 'x'] })).toThrow(/distinct/);
    expect(() => new ClassifierHead({ ...good, weights: new Float32Array(3) })).toThrow(/expected 4 weights/);
    expect(() => new ClassifierHead({ ...good, bias: new Float32Array(3) })).toThrow(/expected 2 biases/);
    expect(() => new ClassifierHead({ ...good, temperature: 0 })).toThrow(/temperature/);
    expect(() => new ClassifierHead({ ...good, weights: Float32Array.of(0, NaN, 0, 0) })).toThrow(/finite/);
  });
});
