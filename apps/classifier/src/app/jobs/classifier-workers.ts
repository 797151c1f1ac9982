import { Inject, Injectable } from '@nestjs/common';
import { type JobWorker, JobWorkers } from '@lamini/persistence';
import { CLASSIFIER_CONFIG, type ClassifierConfig } from '../classifier.config';
import { AugmentHandler } from './augment.handler';
import { AUGMENT_QUEUE, type ClassifierJobPayload, type ClassifierJobProgress, TRAIN_QUEUE } from './classifier-job.types';
import { TrainHandler } from './train.handler';

/** The two job queues' workers; submitting code wakes them instead of waiting for their next poll. */
@Injectable()
export class ClassifierWorkers {
  private readonly augment: JobWorker<ClassifierJobPayload, ClassifierJobProgress, unknown>;
  private readonly train: JobWorker<ClassifierJobPayload, ClassifierJobProgress, unknown>;

  constructor(@Inject(CLASSIFIER_CONFIG) config: ClassifierConfig, workers: JobWorkers, augment: AugmentHandler, train: TrainHandler) {
    const options = { concurrency: config.concurrency, leaseMs: config.leaseMs, pollMs: config.pollMs, progressFlushMs: 500 };
    this.augment = workers.create(AUGMENT_QUEUE, (job, context) => augment.run(job, context), options);
    this.train = workers.create(TRAIN_QUEUE, (job, context) => train.run(job, context), options);
  }

  wakeAugment(): void {
    this.augment.wake();
  }

  wakeTrain(): void {
    this.train.wake();
  }
}
