import { decodeHead, encodeHead, ClassifierHeadParameters } from './head-binary-format';
import { linearLogits } from './linear-logits';
import { packRows } from './packed-rows';
import { softmaxInPlace } from './softmax-in-place';

/** A trained linear head: class probabilities softmax((W·x + b) / temperature) for embeddings x. */
export class ClassifierHead implements ClassifierHeadParameters {
  readonly classNames: readonly string[];
  readonly dimensions: number;
  readonly weights: Float32Array;
  readonly bias: Float32Array;
  readonly temperature: number;

  constructor({ classNames, dimensions, weights, bias, temperature }: ClassifierHeadParameters) {
    if (classNames.length < 2) throw new Error(`a classifier head needs at least 2 classes, got ${classNames.length}`);
    if (new Set(classNames).size !== classNames.length) throw new Error('class names must be distinct');
    if (!Number.isInteger(dimensions) || dimensions < 1) throw new Error(`dimensions must be a positive integer, got ${dimensions}`);
    if (weights.length !== classNames.length * dimensions) throw new Error(`expected ${classNames.length * dimensions} weights, got ${weights.length}`);
    if (bias.length !== classNames.length) throw new Error(`expected ${classNames.length} biases, got ${bias.length}`);
    if (!(temperature > 0) || !Number.isFinite(temperature)) throw new Error(`temperature must be a positive number, got ${temperature}`);
    if (!weights.every(Number.isFinite) || !bias.every(Number.isFinite)) throw new Error('weights and bias must be finite');
    this.classNames = [...classNames];
    this.dimensions = dimensions;
    this.weights = weights;
    this.bias = bias;
    this.temperature = temperature;
  }

  /** One row of class probabilities per vector; each vector must have `dimensions` components. */
  probabilities(vectors: readonly Float32Array[]): Float32Array[] {
    const classes = this.classNames.length;
    const logits = linearLogits(packRows(vectors, this.dimensions), null, this.weights, this.bias, classes);
    const row = new Float64Array(classes);
    return vectors.map((_, i) => {
      row.set(logits.subarray(i * classes, (i + 1) * classes));
      softmaxInPlace(row, 0, classes, this.temperature);
      return Float32Array.from(row);
    });
  }

  toBuffer(): Buffer {
    return encodeHead(this);
  }

  static fromBuffer(bytes: Uint8Array): ClassifierHead {
    return new ClassifierHead(decodeHead(bytes));
  }
}
