export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface JobRecord<Payload = unknown, Progress = unknown, Result = unknown> {
  id: string;
  queue: string;
  ownerId: string;
  status: JobStatus;
  payload: Payload;
  progress: Progress | null;
  result: Result | null;
  error: string | null;
  attempts: number;
  maxAttempts: number;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  cancelRequested: boolean;
  watchedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface EnqueueOptions {
  /** A caller-chosen id makes enqueueing idempotent: the same id twice is one job. */
  id?: string;
  maxAttempts?: number;
}

/** What the worker learns when it renews its lease. */
export interface LeaseState {
  held: boolean;
  cancelRequested: boolean;
}
