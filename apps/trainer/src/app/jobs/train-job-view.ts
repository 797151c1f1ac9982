import type { TrainJobView, TrainStatus, TrainType } from '@lamini/contracts';
import type { JobRecord, TrainingJob } from '@lamini/persistence';
import type { TrainingJobPayload, TrainingJobProgress, TrainingJobResult } from './training-job.types';

export type TrainingJobRecord = JobRecord<TrainingJobPayload, TrainingJobProgress, TrainingJobResult>;

/** The Lamini status of a job: the queue's state, and while running, the phase it is in. */
export function trainStatusOf(job: Pick<TrainingJobRecord, 'status' | 'progress'>): TrainStatus {
  switch (job.status) {
    case 'queued':
      return 'QUEUED';
    case 'running':
      return job.progress?.phase ?? 'LOADING DATA';
    case 'succeeded':
      return 'COMPLETED';
    case 'failed':
      return 'FAILED';
    case 'cancelled':
      return 'CANCELLED';
  }
}

export function trainJobView(row: TrainingJob, job: TrainingJobRecord): TrainJobView {
  const progress = job.progress;
  const step = progress?.step ?? 0;
  return {
    job_id: row.id,
    status: trainStatusOf(job),
    model_name: row.modelName,
    base_model_name: row.baseModel,
    custom_model_name: row.customModelName,
    dataset_id: row.datasetId,
    train_type: row.trainType as TrainType,
    is_public: row.isPublic,
    created_at: row.createdAt.toISOString(),
    start_time: job.startedAt?.toISOString() ?? null,
    end_time: job.finishedAt?.toISOString() ?? null,
    progress: {
      step,
      total_steps: progress?.totalSteps ?? job.payload.settings.maxSteps,
      epoch: progress?.epoch ?? 0,
      loss: progress?.lossHistory.at(-1)?.loss ?? null,
      loss_history: progress?.lossHistory ?? [],
      tokens_per_second: progress?.tokensPerSecond ?? null,
      eta_seconds: job.status === 'running' ? (progress?.etaSeconds ?? null) : null,
      recall: job.result?.recall ?? progress?.recall ?? null,
      checkpoint_step: progress?.checkpoint?.step ?? null,
    },
    finetune_args: job.payload.args,
    error: job.error,
  };
}
