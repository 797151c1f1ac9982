import { randomUUID } from 'node:crypto';
import { Metrics } from '@lamini/metrics';
import { TEST_DATABASE_ENGINES, type TestDatabase, waitFor } from '@lamini/testing';
import { type OpenedDatabase, openMigratedDatabase } from '../persistence.module';
import type { PrismaService } from '../database/prisma.service';
import { JobQueue } from './job-queue';
import { JobWorker, type JobWorkerOptions } from './job-worker';

describe.each(TEST_DATABASE_ENGINES)('durable jobs on %s', (_, makeDatabase) => {
  let database: TestDatabase;
  let opened: OpenedDatabase;
  let prisma: PrismaService;
  let queue: JobQueue;
  let ownerId: string;
  const metrics = new Metrics();
  /** `lamini_jobs_total` of the test queue for a status. */
  const entered = async (status: string) =>
    (await metrics.jobs.get()).values.find((v) => v.labels.queue === 'work' && v.labels.status === status)?.value ?? 0;
  /** How many runs of the test queue's jobs ending so were timed. */
  const timed = async (status: string) =>
    (await metrics.jobDuration.get()).values.find(
      (v) => v.metricName === 'lamini_job_duration_seconds_count' && v.labels.queue === 'work' && v.labels.status === status,
    )?.value ?? 0;

  beforeAll(async () => {
    database = await makeDatabase();
    opened = await openMigratedDatabase(database.config);
    prisma = opened.prisma;
    queue = new JobQueue(prisma, metrics);
  });

  beforeEach(async () => {
    await prisma.$executeRaw`TRUNCATE jobs, datasets, owners CASCADE`;
    ownerId = randomUUID();
    await prisma.owner.create({ data: { id: ownerId, name: `owner-${ownerId}` } });
  });

  afterAll(async () => {
    await opened.close();
    await database.drop();
  });

  it('enqueues a job with its companion rows in one transaction: both, or neither', async () => {
    const { job, companion } = await queue.enqueueWith('work', ownerId, { n: 1 }, (tx, created) =>
      tx.dataset.create({ data: { ownerId, id: created.id, rows: [], numRows: 0, sizeBytes: 0 } }),
    );
    expect(companion.id).toBe(job.id);
    await expect(
      queue.enqueueWith('work', ownerId, { n: 2 }, async () => {
        throw new Error('companion refused');
      }),
    ).rejects.toThrow('companion refused');
    expect(await prisma.job.count()).toBe(1);
    expect(await queue.claim('work', 'w', 10_000)).toMatchObject({ id: job.id });
  });

  it('hands each job to exactly one of several concurrent claimers', async () => {
    for (let i = 0; i < 5; i++) await queue.enqueue('work', ownerId, { i });
    const claims = await Promise.all(Array.from({ length: 8 }, (_, n) => queue.claim('work', `worker-${n}`, 10_000)));
    const claimed = claims.filter((job) => job !== null).map((job) => job!.id);
    expect(claimed).toHaveLength(5);
    expect(new Set(claimed).size).toBe(5);
    expect(await queue.claim('work', 'late', 10_000)).toBeNull();
  });

  it('enqueues idempotently under a caller-chosen id, and counts the job once', async () => {
    const queuedBefore = await entered('queued');
    await queue.enqueue('work', ownerId, { n: 1 }, { id: 'same' });
    await queue.enqueue('work', ownerId, { n: 2 }, { id: 'same' });
    expect(await prisma.job.count()).toBe(1);
    expect((await entered('queued')) - queuedBefore).toBe(1);
    expect((await queue.get('same'))!.payload).toEqual({ n: 1 });

    await Promise.all([1, 2, 3, 4].map((n) => queue.enqueue('work', ownerId, { n }, { id: 'raced' })));
    expect(await prisma.job.count()).toBe(2);
    expect((await entered('queued')) - queuedBefore).toBe(2);
  });

  it('lets another worker take over a job whose lease expired', async () => {
    const job = await queue.enqueue('work', ownerId, {});
    expect((await queue.claim('work', 'crashed', 200))!.id).toBe(job.id);
    expect(await queue.claim('work', 'second', 10_000)).toBeNull();
    await new Promise((r) => setTimeout(r, 300));
    const taken = await queue.claim('work', 'second', 10_000);
    expect(taken).toMatchObject({ id: job.id, leaseOwner: 'second', attempts: 2 });
    // The crashed worker's late renewal and completion are refused.
    expect(await queue.renewLease(job.id, 'crashed', 10_000)).toEqual({ held: false, cancelRequested: false });
    expect(await queue.complete(job.id, 'crashed', { stale: true })).toBe(false);
    expect(await queue.complete(job.id, 'second', { ok: true })).toBe(true);
    expect(await queue.get(job.id)).toMatchObject({ status: 'succeeded', result: { ok: true }, leaseOwner: null });
  });

  it('renews a lease and stores progress in the same write', async () => {
    const job = await queue.enqueue('work', ownerId, {});
    await queue.claim('work', 'w', 200);
    expect(await queue.renewLease(job.id, 'w', 10_000, { step: 3 })).toEqual({ held: true, cancelRequested: false });
    await new Promise((r) => setTimeout(r, 300));
    expect(await queue.claim('work', 'other', 10_000)).toBeNull();
    expect((await queue.get(job.id))!.progress).toEqual({ step: 3 });
  });

  it('gives up on a job after its last allowed attempt', async () => {
    const job = await queue.enqueue('work', ownerId, {}, { maxAttempts: 1 });
    await queue.claim('work', 'crashed', 100);
    await new Promise((r) => setTimeout(r, 200));
    expect(await queue.claim('work', 'next', 10_000)).toBeNull();
    expect(await queue.get(job.id)).toMatchObject({ status: 'failed', error: 'worker lost after 1 attempts' });
  });

  it('cancels a queued job at once and a running one through its worker', async () => {
    const queued = await queue.enqueue('work', ownerId, {});
    expect((await queue.requestCancel(queued.id, ownerId)).status).toBe('cancelled');
    const running = await queue.enqueue('work', ownerId, {});
    await queue.claim('work', 'w', 10_000);
    expect((await queue.requestCancel(running.id, ownerId)).status).toBe('running');
    expect(await queue.renewLease(running.id, 'w', 10_000)).toEqual({ held: true, cancelRequested: true });
  });

  it('never loses a cancel that races a claim: the job is cancelled, or claimed with the cancel flagged', async () => {
    for (let i = 0; i < 10; i++) {
      const job = await queue.enqueue('race', ownerId, {});
      await Promise.all([queue.claim('race', 'w', 10_000), queue.requestCancel(job.id, ownerId)]);
      const after = (await queue.get(job.id))!;
      expect(after.status === 'cancelled' || (after.status === 'running' && after.cancelRequested)).toBe(true);
    }
  });

  it('flags a job nobody has watched for longer than allowed, and not one that is watched', async () => {
    const watched = await queue.enqueue('work', ownerId, {});
    const forgotten = await queue.enqueue('work', ownerId, {});
    await queue.claim('work', 'w', 10_000);
    await queue.claim('work', 'w', 10_000);
    await new Promise((r) => setTimeout(r, 300));
    await queue.watch(watched.id);
    expect(await queue.renewLease(watched.id, 'w', 10_000, undefined, 200)).toEqual({ held: true, cancelRequested: false });
    expect(await queue.renewLease(forgotten.id, 'w', 10_000, undefined, 200)).toEqual({ held: true, cancelRequested: true });
    expect((await queue.get(watched.id))!.watchedAt).toBeInstanceOf(Date);
  });

  it('hides another owner\u2019s job and resumes only stopped ones', async () => {
    const job = await queue.enqueue('work', ownerId, {});
    await expect(queue.getOwned(job.id, 'someone-else')).rejects.toThrow(`Job not found: ${job.id}`);
    await expect(queue.resume(job.id, ownerId)).rejects.toThrow(/only a cancelled or failed job/);
    await queue.requestCancel(job.id, ownerId);
    expect(await queue.resume(job.id, ownerId)).toMatchObject({ status: 'queued', cancelRequested: false });
  });

  describe('JobWorker', () => {
    const options = { concurrency: 2, leaseMs: 300, pollMs: 50 };
    const started: Array<{ stop(): Promise<void> }> = [];

    /** A started worker, stopped after the test even when the test fails (its heartbeats would outlive the database). */
    function startWorker<Payload, Progress, Result>(
      handler: ConstructorParameters<typeof JobWorker<Payload, Progress, Result>>[2],
      workerOptions: JobWorkerOptions = options,
    ): JobWorker<Payload, Progress, Result> {
      const worker = new JobWorker<Payload, Progress, Result>(queue, 'work', handler, workerOptions, metrics);
      started.push(worker);
      worker.start();
      return worker;
    }

    afterEach(async () => {
      await Promise.all(started.splice(0).map((worker) => worker.stop()));
    });

    const untilAborted = (signal: AbortSignal) => new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error('stopped'))));

    it('runs a job to completion, persisting its progress and result', async () => {
      const job = await queue.enqueue('work', ownerId, { n: 21 });
      startWorker<{ n: number }, { done: number }, { doubled: number }>(async (claimed, context) => {
        context.setProgress({ done: 1 });
        await new Promise((r) => setTimeout(r, 250));
        return { doubled: claimed.payload.n * 2 };
      });
      await waitFor(async () => (await queue.get(job.id))!.status === 'succeeded');
      expect(await queue.get(job.id)).toMatchObject({ result: { doubled: 42 }, progress: { done: 1 }, error: null });
    });

    it('counts each status its jobs enter, and times the runs that ended', async () => {
      const counts = async () => [
        ...(await Promise.all(['queued', 'running', 'succeeded', 'failed'].map(entered))),
        ...(await Promise.all(['succeeded', 'failed'].map(timed))),
      ];
      const before = await counts();
      const [ok, broken] = [await queue.enqueue('work', ownerId, { fail: false }), await queue.enqueue('work', ownerId, { fail: true })];
      startWorker<{ fail: boolean }, unknown, unknown>(async (job) => {
        if (job.payload.fail) throw new Error('broken');
        return {};
      });
      await waitFor(async () => (await queue.get(ok.id))!.status === 'succeeded' && (await queue.get(broken.id))!.status === 'failed');
      // queued ×2, running ×2, succeeded, failed; one run timed for each end.
      expect((await counts()).map((n, i) => n - before[i])).toEqual([2, 2, 1, 1, 1, 1]);
    });

    it('records a thrown error as the failure', async () => {
      const job = await queue.enqueue('work', ownerId, {});
      startWorker(async () => {
        throw new Error('hub said no');
      });
      await waitFor(async () => (await queue.get(job.id))!.status === 'failed');
      expect((await queue.get(job.id))!.error).toBe('hub said no');
    });

    it('aborts a running handler when its job is cancelled', async () => {
      let sawAbort = false;
      const job = await queue.enqueue('work', ownerId, {});
      startWorker((_job, context) => {
        context.signal.addEventListener('abort', () => (sawAbort = true));
        return untilAborted(context.signal);
      });
      await waitFor(async () => (await queue.get(job.id))!.status === 'running');
      await queue.requestCancel(job.id, ownerId);
      await waitFor(async () => (await queue.get(job.id))!.status === 'cancelled');
      expect(sawAbort).toBe(true);
    });

    it('stops a job cancelled through this process at once, not at its next lease renewal, even when its handler then returns a result', async () => {
      const job = await queue.enqueue('work', ownerId, {});
      let finish!: (result: string) => void;
      // A handler that never looks at its signal: its result arrives after the cancel.
      startWorker(() => new Promise<string>((resolve) => (finish = resolve)), { ...options, leaseMs: 60_000 });
      await waitFor(async () => (await queue.get(job.id))!.status === 'running');
      expect((await queue.requestCancel(job.id, ownerId)).status).toBe('running');
      finish('done anyway');
      await waitFor(async () => (await queue.get(job.id))!.status !== 'running', 5_000);
      expect(await queue.get(job.id)).toMatchObject({ status: 'cancelled', result: null });
    });

    it('writes progress within progressFlushMs, long before the next lease renewal', async () => {
      const job = await queue.enqueue('work', ownerId, {});
      startWorker<unknown, { step: number }, unknown>((_job, context) => {
        for (let step = 1; step <= 50; step++) context.setProgress({ step });
        return untilAborted(context.signal);
      }, { ...options, leaseMs: 60_000, progressFlushMs: 50 });
      await waitFor(async () => ((await queue.get(job.id))!.progress as { step: number } | null)?.step === 50, 2_000);
    });

    it('renews the lease without writing progress again when it did not change', async () => {
      const job = await queue.enqueue('work', ownerId, {});
      startWorker<unknown, { step: number | string }, unknown>((_job, context) => {
        context.setProgress({ step: 1 });
        return untilAborted(context.signal);
      });
      await waitFor(async () => ((await queue.get(job.id))!.progress as { step: number } | null)?.step === 1);
      await prisma.job.update({ where: { id: job.id }, data: { progress: { step: 'changed elsewhere' } } });
      const leaseBefore = (await queue.get(job.id))!.leaseExpiresAt!;
      await waitFor(async () => (await queue.get(job.id))!.leaseExpiresAt! > leaseBefore);
      expect((await queue.get(job.id))!.progress).toEqual({ step: 'changed elsewhere' });
    });

    it('hands back, unstarted, a job whose claim was in flight when stop began', async () => {
      const job = await queue.enqueue('work', ownerId, {});
      let claimStarted!: () => void;
      const claiming = new Promise<void>((resolve) => (claimStarted = resolve));
      let finishClaim!: () => void;
      const claimMayFinish = new Promise<void>((resolve) => (finishClaim = resolve));
      /** The real queue, with the worker's first claim held at the gate until the test opens it. */
      class GatedQueue extends JobQueue {
        override async claim<P, Pr>(queueName: string, workerId: string, leaseMs: number) {
          claimStarted();
          await claimMayFinish;
          return super.claim<P, Pr>(queueName, workerId, leaseMs);
        }
      }
      let handlerRuns = 0;
      const worker = new JobWorker(new GatedQueue(prisma, metrics), 'work', (_job, context) => {
        handlerRuns++;
        return untilAborted(context.signal);
      }, options, metrics);
      started.push(worker);
      worker.start();
      await claiming;

      const stopping = worker.stop();
      finishClaim();
      await expect(Promise.race([stopping.then(() => 'stopped'), new Promise((r) => setTimeout(() => r('still stopping after 5 s'), 5_000))])).resolves.toBe('stopped');
      expect(handlerRuns).toBe(0);
      expect(await queue.get(job.id)).toMatchObject({ status: 'queued', leaseOwner: null, attempts: 0 });
    });

    it('hands running jobs back to the queue when stopped', async () => {
      const job = await queue.enqueue('work', ownerId, {});
      const worker = startWorker((_job, context) => untilAborted(context.signal));
      await waitFor(async () => (await queue.get(job.id))!.status === 'running');
      await worker.stop();
      expect(await queue.get(job.id)).toMatchObject({ status: 'queued', leaseOwner: null, attempts: 0 });
    });
  });
});
