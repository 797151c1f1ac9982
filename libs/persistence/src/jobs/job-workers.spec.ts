import { randomUUID } from 'node:crypto';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Metrics, MetricsModule } from '@lamini/metrics';
import { type TestPostgres, createPostgresDatabase, waitFor } from '@lamini/testing';
import { PrismaService } from '../database/prisma.service';
import { PersistenceModule, openMigratedDatabase } from '../persistence.module';
import { JobQueue } from './job-queue';
import { JobWorkers } from './job-workers';

/** A service with a worker whose jobs run until they are stopped. */
@Injectable()
class EndlessJobs {
  constructor(workers: JobWorkers) {
    workers.create('endless', (_job, context) => new Promise((_, reject) => context.signal.addEventListener('abort', () => reject(new Error('stopped')))), {
      concurrency: 1,
      leaseMs: 60_000,
      pollMs: 50,
    });
  }
}

describe('JobWorkers', () => {
  let database: TestPostgres;

  beforeAll(async () => {
    database = await createPostgresDatabase();
  });

  afterAll(() => database.drop());

  it('runs workers while the application is up, and hands running jobs back when it shuts down', async () => {
    @Module({ imports: [MetricsModule, PersistenceModule.forRoot(database.config)], providers: [EndlessJobs] })
    class AppModule {}
    const app = await (await Test.createTestingModule({ imports: [AppModule] }).compile()).createNestApplication({ logger: false }).init();
    const queue = app.get(JobQueue);
    const ownerId = randomUUID();
    await app.get(PrismaService).owner.create({ data: { id: ownerId, name: 'owner' } });
    const job = await queue.enqueue('endless', ownerId, {});
    await waitFor(async () => (await queue.get(job.id))!.status === 'running');

    await app.close();

    // Read afresh: the application's connection is closed.
    const reopened = await openMigratedDatabase(database.config);
    try {
      expect(await new JobQueue(reopened.prisma, new Metrics()).get(job.id)).toMatchObject({ status: 'queued', leaseOwner: null });
    } finally {
      await reopened.close();
    }
  });
});
