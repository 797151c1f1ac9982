import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { HeadTrainingInput, HeadTrainingMessage, TrainedHead } from './head-training.types';

const WORKER_ENTRY = join(__dirname, 'head-training.worker.cjs');

/** Trains a head in a worker thread; aborting the signal terminates the thread. */
export function trainHeadInThread(input: HeadTrainingInput, signal: AbortSignal, onProgress: (fraction: number) => void): Promise<TrainedHead> {
  signal.throwIfAborted();
  return new Promise<TrainedHead>((resolve, reject) => {
    const worker = new Worker(WORKER_ENTRY, { workerData: input, transferList: [input.vectors.buffer as ArrayBuffer] });
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', abort);
      action();
      void worker.terminate();
    };
    const abort = () => settle(() => reject(signal.reason));
    signal.addEventListener('abort', abort, { once: true });
    worker.on('message', (message: HeadTrainingMessage) => {
      if (message.type === 'progress') onProgress(message.fraction);
      else if (message.type === 'done') settle(() => resolve({ head: Buffer.from(message.head), metrics: message.metrics }));
      else settle(() => reject(new Error(message.message)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`head training thread exited with code ${code}`))));
  });
}
