import type { ApiJobStatus } from '@lamini/contracts';
import type { JobRecord } from './job.types';

/** The queue's state of a job in the words the memory-RAG and classifier APIs answer with. */
export function apiJobStatus(job: Pick<JobRecord, 'status'>): ApiJobStatus {
  switch (job.status) {
    case 'queued':
      return 'CREATED';
    case 'running':
      return 'RUNNING';
    case 'succeeded':
      return 'COMPLETED';
    case 'failed':
      return 'FAILED';
    case 'cancelled':
      return 'CANCELLED';
  }
}
