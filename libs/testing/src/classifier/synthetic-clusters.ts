import { gaussian, normalize, randomUnitVector, seededRandom } from '../search/synthetic-chunks';

/** The classifier head's test data: L2-normalised points around `classes` random unit-vector centres. */
export interface SyntheticClusters {
  vectors: Float32Array[];
  labels: number[];
  classNames: string[];
}

export interface SyntheticClustersOptions {
  classes: number;
  perClass: number;
  dimensions?: number;
  /** Norm of the Gaussian noise added to each unit centre before normalising. */
  noise: number;
  /** Norm of an offset shared by every point, like the common direction of real sentence embeddings. */
  sharedOffset?: number;
  seed?: number;
}

export function syntheticClusters({ classes, perClass, dimensions = 384, noise, sharedOffset = 0, seed = 7 }: SyntheticClustersOptions): SyntheticClusters {
  const random = seededRandom(seed);
  const noiseOf = gaussian(random);
  const offset = randomUnitVector(dimensions, random).map((x) => x * sharedOffset);
  const centres = Array.from({ length: classes }, () => randomUnitVector(dimensions, random));
  const vectors: Float32Array[] = [];
  const labels: number[] = [];
  for (let i = 0; i < classes * perClass; i++) {
    const label = i % classes;
    const scale = noise / Math.sqrt(dimensions);
    vectors.push(normalize(centres[label].map((x, d) => x + offset[d] + scale * noiseOf())));
    labels.push(label);
  }
  return { vectors, labels, classNames: Array.from({ length: classes }, (_, k) => `class-${k}`) };
}
