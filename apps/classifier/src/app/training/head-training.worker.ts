// Worker-thread entry: the head's training is seconds of arithmetic that must not stall the
// service's event loop (in embedded mode, the whole platform's).
import { parentPort, workerData } from 'node:worker_threads';
import { trainCalibratedHead } from '../head';
import type { HeadTrainingInput, HeadTrainingMessage } from './head-training.types';

const input = workerData as HeadTrainingInput;
const post = (message: HeadTrainingMessage) => parentPort!.postMessage(message);

try {
  const rows = Array.from({ length: input.labels.length }, (_, i) => input.vectors.subarray(i * input.dimensions, (i + 1) * input.dimensions));
  const { head, metrics } = trainCalibratedHead(rows, Array.from(input.labels), input.classNames, {
    holdoutFraction: input.holdoutFraction,
    trainOnly: input.trainOnly,
    onProgress: (fraction) => post({ type: 'progress', fraction }),
  });
  post({ type: 'done', head: head.toBuffer(), metrics });
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}
