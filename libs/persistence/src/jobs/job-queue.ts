import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import { ConflictError, JobNotFoundError } from '@lamini/contracts';
import { Metrics } from '@lamini/metrics';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../database/prisma.service';
import type { EnqueueOptions, JobRecord, JobStatus, LeaseState } from './job.types';

type Json = Parameters<PrismaService['job']['create']>[0]['data']['payload'];
/** The client inside `$transaction`, or the service itself outside one. */
export type TransactionClient = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];

/**
 * Durable jobs in the `jobs` table. A worker claims a job atomically (FOR UPDATE SKIP LOCKED),
 * holds it by renewing a lease, and a job whose lease expired, because its worker died, is
 * claimed again by the next worker that polls. Times come from the database clock so replicas
 * with skewed clocks agree on when a lease has expired. Every change of a job's status made
 * here is counted in `lamini_jobs_total`, once it is written.
 */
@Injectable()
export class JobQueue {
  private readonly cancelRequests = new EventEmitter().setMaxListeners(0);

  constructor(
    private readonly prisma: PrismaService,
    private readonly metrics: Metrics,
  ) {}

  async enqueue<P>(queue: string, ownerId: string, payload: P, options: EnqueueOptions = {}): Promise<JobRecord<P>> {
    const { job, created } = await this.enqueueIn(this.prisma, queue, ownerId, payload, options);
    if (created) this.count(queue, 'queued');
    return job;
  }

  /**
   * Enqueues a job and writes the rows that describe it (`companion`) in one transaction: a
   * job is never visible to workers without them, nor they without it.
   */
  async enqueueWith<P, T>(
    queue: string,
    ownerId: string,
    payload: P,
    companion: (tx: TransactionClient, job: JobRecord<P>) => Promise<T>,
    options: EnqueueOptions = {},
  ): Promise<{ job: JobRecord<P>; companion: T }> {
    const { job, created, companion: written } = await this.prisma.$transaction(async (tx) => {
      const enqueued = await this.enqueueIn(tx, queue, ownerId, payload, options);
      return { ...enqueued, companion: await companion(tx, enqueued.job) };
    });
    if (created) this.count(queue, 'queued');
    return { job, companion: written };
  }

  /**
   * `created: false` when a job with the caller's id was there already. The insert skips a
   * duplicate (ON CONFLICT DO NOTHING), so of two racing requests with one id exactly one creates.
   */
  private async enqueueIn<P>(
    db: TransactionClient,
    queue: string,
    ownerId: string,
    payload: P,
    options: EnqueueOptions,
  ): Promise<{ job: JobRecord<P>; created: boolean }> {
    const row = {
      id: options.id ?? randomUUID().replaceAll('-', ''),
      queue,
      ownerId,
      status: 'queued' as const,
      payload: payload as Json,
      maxAttempts: options.maxAttempts ?? 5,
    };
    if (options.id === undefined) return { job: (await db.job.create({ data: row })) as unknown as JobRecord<P>, created: true };
    const { count } = await db.job.createMany({ data: [row], skipDuplicates: true });
    const job = await db.job.findUniqueOrThrow({ where: { id: row.id } });
    return { job: job as unknown as JobRecord<P>, created: count === 1 };
  }

  async get<P = unknown, Pr = unknown, R = unknown>(id: string): Promise<JobRecord<P, Pr, R> | null> {
    return (await this.prisma.job.findUnique({ where: { id } })) as unknown as JobRecord<P, Pr, R> | null;
  }

  /** The job if it belongs to the owner; another owner's job does not exist for them. */
  async getOwned<P = unknown, Pr = unknown, R = unknown>(id: string, ownerId: string): Promise<JobRecord<P, Pr, R>> {
    const job = await this.get<P, Pr, R>(id);
    if (!job || job.ownerId !== ownerId) throw JobNotFoundError.forJob(id);
    return job;
  }

  /** Claims the oldest runnable job of the queue for `workerId`, or returns null. */
  async claim<P = unknown, Pr = unknown>(queue: string, workerId: string, leaseMs: number): Promise<JobRecord<P, Pr> | null> {
    await this.retireAbandoned(queue);
    const rows = await this.prisma.$queryRaw<Array<{ id: string }>>`
      UPDATE jobs SET
        status = 'running',
        lease_owner = ${workerId},
        lease_expires_at = now() + ${leaseMs}::integer * interval '1 millisecond',
        attempts = attempts + 1,
        started_at = COALESCE(started_at, now()),
        updated_at = now()
      WHERE id = (
        SELECT id FROM jobs
        WHERE queue = ${queue}
          AND cancel_requested = false
          AND attempts < max_attempts
          AND (status = 'queued' OR (status = 'running' AND lease_expires_at < now()))
        ORDER BY created_at
        LIMIT 1
        FOR UPDATE SKIP LOCKED)
      RETURNING id`;
    if (!rows.length) return null;
    this.count(queue, 'running');
    return this.get<P, Pr>(rows[0].id);
  }

  /**
   * Extends the lease and stores the latest progress in the same write, so progress costs no
   * extra round trip. `held: false` means another worker took the job over. With
   * `abandonAfterMs`, a job nobody has watched (`watch`) for that long is flagged for
   * cancellation in the same write.
   */
  async renewLease(id: string, workerId: string, leaseMs: number, progress?: unknown, abandonAfterMs?: number): Promise<LeaseState> {
    const progressJson = progress === undefined ? null : JSON.stringify(progress);
    const abandonMs = abandonAfterMs ?? null;
    const rows = await this.prisma.$queryRaw<Array<{ cancel_requested: boolean }>>`
      UPDATE jobs SET
        lease_expires_at = now() + ${leaseMs}::integer * interval '1 millisecond',
        progress = COALESCE(${progressJson}::jsonb, progress),
        cancel_requested = cancel_requested OR COALESCE(
          COALESCE(watched_at, created_at) < now() - ${abandonMs}::integer * interval '1 millisecond', false),
        updated_at = now()
      WHERE id = ${id} AND lease_owner = ${workerId} AND status = 'running'
      RETURNING cancel_requested`;
    return rows.length ? { held: true, cancelRequested: rows[0].cancel_requested } : { held: false, cancelRequested: false };
  }

  /**
   * Records that a client asked after the job just now (see `renewLease`'s `abandonAfterMs`),
   * to the second: clients polling many times a second cost one row write per second.
   */
  async watch(id: string): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE jobs SET watched_at = now()
      WHERE id = ${id} AND (watched_at IS NULL OR watched_at < now() - interval '1 second')`;
  }

  async complete(id: string, workerId: string, result: unknown, progress?: unknown): Promise<boolean> {
    return this.finish(id, workerId, 'succeeded', { result: result as Json, ...this.progressData(progress) });
  }

  async fail(id: string, workerId: string, error: string, progress?: unknown): Promise<boolean> {
    return this.finish(id, workerId, 'failed', { error, ...this.progressData(progress) });
  }

  async markCancelled(id: string, workerId: string, progress?: unknown): Promise<boolean> {
    return this.finish(id, workerId, 'cancelled', this.progressData(progress));
  }

  /** Gives a running job back to the queue at once (a graceful shutdown), without using up an attempt. */
  async release(id: string, workerId: string, progress?: unknown): Promise<boolean> {
    const rows = await this.prisma.job.updateManyAndReturn({
      where: { id, leaseOwner: workerId, status: 'running' },
      data: {
        status: 'queued',
        leaseOwner: null,
        leaseExpiresAt: null,
        attempts: { decrement: 1 },
        ...this.progressData(progress),
      },
      select: { queue: true },
    });
    for (const row of rows) this.count(row.queue, 'queued');
    return rows.length === 1;
  }

  /**
   * Cancels a queued job at once; a running one is flagged and stopped by its worker (at once
   * when it runs in this process, else at its next lease renewal). One statement, so a claim
   * racing the request cannot slip between reading the status and writing the cancel.
   */
  async requestCancel(id: string, ownerId: string): Promise<JobRecord> {
    const rows = await this.prisma.$queryRaw<Array<{ queue: string; status: JobStatus }>>`
      UPDATE jobs SET
        cancel_requested = true,
        status = CASE WHEN status = 'queued' THEN 'cancelled' ELSE status END,
        finished_at = CASE WHEN status = 'queued' THEN now() ELSE finished_at END,
        updated_at = now()
      WHERE id = ${id} AND owner_id = ${ownerId} AND status IN ('queued', 'running')
      RETURNING queue, status`;
    const [changed] = rows;
    if (changed?.status === 'cancelled') this.count(changed.queue, 'cancelled');
    if (changed?.status === 'running') this.cancelRequests.emit('cancel', id);
    return this.getOwned(id, ownerId);
  }

  /** Calls `listener` with the id of each running job a cancel is requested for through this queue object. */
  onCancelRequested(listener: (jobId: string) => void): () => void {
    this.cancelRequests.on('cancel', listener);
    return () => this.cancelRequests.off('cancel', listener);
  }

  /** Puts a cancelled or failed job back in the queue; its progress (checkpoints) is kept. */
  async resume(id: string, ownerId: string): Promise<JobRecord> {
    const job = await this.getOwned(id, ownerId);
    if (job.status !== 'cancelled' && job.status !== 'failed') {
      throw new ConflictError(`Job ${id} is ${job.status}; only a cancelled or failed job can be resumed`);
    }
    await this.prisma.job.update({
      where: { id },
      data: { status: 'queued', cancelRequested: false, error: null, attempts: 0, finishedAt: null, leaseOwner: null },
    });
    this.count(job.queue, 'queued');
    return (await this.get(id))!;
  }

  /**
   * Queues a finished job to run again over its grown input (memory RAG's add-index), keeping
   * its progress; a queued or running job is left as it is, since it will see the input anyway.
   */
  async rerun(id: string, ownerId: string): Promise<JobRecord> {
    const job = await this.getOwned(id, ownerId);
    const { count } = await this.prisma.job.updateMany({
      where: { id, status: { in: ['succeeded', 'failed', 'cancelled'] } },
      data: { status: 'queued', cancelRequested: false, error: null, attempts: 0, finishedAt: null, leaseOwner: null, result: Prisma.DbNull },
    });
    if (count) this.count(job.queue, 'queued');
    return (await this.get(id))!;
  }

  /** Running jobs whose worker vanished after the last allowed attempt, or while being cancelled. */
  private async retireAbandoned(queue: string): Promise<void> {
    const retired = await this.prisma.$queryRaw<Array<{ status: JobStatus }>>`
      UPDATE jobs SET
        status = CASE WHEN cancel_requested THEN 'cancelled' ELSE 'failed' END,
        error = CASE WHEN cancel_requested THEN error ELSE 'worker lost after ' || attempts || ' attempts' END,
        lease_owner = NULL,
        finished_at = now(),
        updated_at = now()
      WHERE queue = ${queue} AND status = 'running' AND lease_expires_at < now()
        AND (cancel_requested OR attempts >= max_attempts)
      RETURNING status`;
    for (const { status } of retired) this.count(queue, status);
  }

  private async finish(id: string, workerId: string, status: JobStatus, data: Record<string, unknown>): Promise<boolean> {
    const rows = await this.prisma.job.updateManyAndReturn({
      where: { id, leaseOwner: workerId, status: 'running' },
      data: { ...data, status, leaseOwner: null, leaseExpiresAt: null, finishedAt: new Date() },
      select: { queue: true },
    });
    for (const row of rows) this.count(row.queue, status);
    return rows.length === 1;
  }

  private count(queue: string, status: JobStatus) {
    this.metrics.jobs.inc({ queue, status });
  }

  private progressData(progress: unknown) {
    return progress === undefined ? {} : { progress: progress as Json };
  }
}
