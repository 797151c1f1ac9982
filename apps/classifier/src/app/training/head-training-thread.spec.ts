import { syntheticClusters } from '@lamini/testing';
import { ClassifierHead } from '../head';
import { trainHeadInThread } from './head-training-thread';
import type { HeadTrainingInput } from './head-training.types';

function input(perClass: number): HeadTrainingInput {
  const clusters = syntheticClusters({ classes: 3, perClass, dimensions: 32, noise: 0.6, seed: 4 });
  const vectors = new Float32Array(clusters.vectors.length * 32);
  clusters.vectors.forEach((vector, i) => vectors.set(vector, i * 32));
  return { vectors, dimensions: 32, labels: Int32Array.from(clusters.labels), classNames: clusters.classNames, trainOnly: clusters.labels.map(() => false), holdoutFraction: 0.2 };
}

describe('trainHeadInThread', () => {
  it('trains in a worker thread, reporting progress, and returns a head that loads', async () => {
    const progress: number[] = [];
    const trained = await trainHeadInThread(input(40), new AbortController().signal, (fraction) => progress.push(fraction));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBeCloseTo(1, 5);
    expect(trained.metrics).toMatchObject({ train_rows: 96, holdout_rows: 24 });
    expect(trained.metrics.accuracy).toBeGreaterThan(0.9);
    expect(ClassifierHead.fromBuffer(trained.head).classNames).toEqual(['class-0', 'class-1', 'class-2']);
  }, 30_000);

  it('stops the thread when the signal aborts', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled');
    const training = trainHeadInThread(input(3000), controller.signal, () => controller.abort(reason));
    await expect(training).rejects.toBe(reason);
  }, 30_000);

  it('rejects with the trainer\u2019s message when the data cannot train', async () => {
    const bad = { ...input(5), labels: new Int32Array(15) };
    await expect(trainHeadInThread(bad, new AbortController().signal, () => undefined)).rejects.toThrow(/no examples for class/);
  }, 30_000);
});
