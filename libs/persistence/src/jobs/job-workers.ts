import { type BeforeApplicationShutdown, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Metrics } from '@lamini/metrics';
import { JobQueue } from './job-queue';
import { type JobHandler, JobWorker, type JobWorkerOptions } from './job-worker';

/**
 * The process's job workers, run for the application's lifetime: started once the application
 * is up, and stopped before any shutdown hook closes what their handlers use (the database,
 * loaded models), so a stopping worker can still hand its running jobs back.
 */
@Injectable()
export class JobWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly workers: Array<Pick<JobWorker<unknown, unknown, unknown>, 'start' | 'stop'>> = [];
  private started = false;

  constructor(
    private readonly queue: JobQueue,
    private readonly metrics: Metrics,
  ) {}

  create<Payload, Progress, Result>(
    queueName: string,
    handler: JobHandler<Payload, Progress, Result>,
    options: JobWorkerOptions,
  ): JobWorker<Payload, Progress, Result> {
    const worker = new JobWorker(this.queue, queueName, handler, options, this.metrics);
    this.workers.push(worker);
    if (this.started) worker.start();
    return worker;
  }

  onApplicationBootstrap() {
    this.started = true;
    for (const worker of this.workers) worker.start();
  }

  async beforeApplicationShutdown() {
    this.started = false;
    await Promise.all(this.workers.map((worker) => worker.stop()));
  }
}
