import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  BadRequestError,
  type CancelAllResult,
  ConflictError,
  InvalidInputError,
  JobNotFoundError,
  type OwnerContext,
  RegistrySubjects,
  type TrainJobEvaluation,
  type TrainJobPayload,
  type TrainJobView,
  type TrainResponse,
  type TrainType,
} from '@lamini/contracts';
import { JobQueue, type JobWorker, JobWorkers, PrismaService, type TrainingJob, isApiJobId } from '@lamini/persistence';
import { ServiceClient } from '@lamini/transport';
import { DatasetStore } from '../datasets/dataset-store';
import { LlamaTrainer } from '../engine/llama-trainer';
import { TRAINER_CONFIG, type TrainerConfig } from '../trainer.config';
import { resolveFinetuneArgs } from './finetune-args';
import { type TrainingJobRecord, trainJobView, trainStatusOf } from './train-job-view';
import { TrainingJobHandler } from './training-job.handler';
import { TRAINING_QUEUE, type TrainingJobPayload, type TrainingJobProgress, type TrainingJobResult } from './training-job.types';

@Injectable()
export class TrainingJobsService {
  private readonly worker: JobWorker<TrainingJobPayload, TrainingJobProgress, TrainingJobResult>;

  constructor(
    @Inject(TRAINER_CONFIG) private readonly config: TrainerConfig,
    private readonly prisma: PrismaService,
    private readonly jobs: JobQueue,
    private readonly datasets: DatasetStore,
    private readonly services: ServiceClient,
    private readonly trainer: LlamaTrainer,
    workers: JobWorkers,
    handler: TrainingJobHandler,
  ) {
    this.worker = workers.create(TRAINING_QUEUE, (job, context) => handler.run(job, context), {
      concurrency: config.concurrency,
      leaseMs: config.leaseMs,
      pollMs: config.pollMs,
      progressFlushMs: config.progressFlushMs,
    });
  }

  async create(owner: OwnerContext, request: TrainJobPayload): Promise<TrainResponse & TrainJobView> {
    const trainType: TrainType = request.train_type ?? 'memory_tuning';
    if (trainType === 'memory_rag') {
      throw InvalidInputError.at(['train_type'], 'memory_rag jobs index documents: start them with POST /alpha/memory-rag/train');
    }
    if (!request.dataset_id) throw InvalidInputError.at(['dataset_id'], 'Upload the rows with POST /v1/local-data and send their dataset_id');
    const dataset = await this.datasets.load(owner.id, request.dataset_id);
    const baseModelPath = await this.baseModelPath(owner, request.model_name);
    const refusal = this.trainer.refusalFor(baseModelPath);
    if (refusal) throw InvalidInputError.at(['model_name'], `${request.model_name} cannot be trained here: ${refusal.replaceAll(baseModelPath, 'the model')}`);
    const { settings, report } = resolveFinetuneArgs(trainType, request.finetune_args, request.gpu_config, this.config);
    const needed = this.trainer.estimateMemoryBytes({
      baseModelPath,
      facts: dataset.rows.slice(0, settings.maxExamples ?? undefined),
      mode: settings.mode,
      maxSteps: settings.maxSteps,
      learningRate: settings.learningRate,
      saveSteps: settings.saveSteps,
      maxLength: settings.maxLength,
      threads: this.config.threads,
      seed: 0,
    });
    if (needed > this.config.memoryLimitBytes) {
      throw InvalidInputError.at(
        ['model_name'],
        `Training ${request.model_name} needs about ${gib(needed)} GiB; this trainer allows ${gib(this.config.memoryLimitBytes)} GiB (TRAIN_MEMORY_LIMIT_MB)`,
      );
    }
    const jobId = randomUUID().replaceAll('-', '');
    const modelName = createHash('sha256').update(`tuned:${jobId}`).digest('hex');
    const isPublic = request.is_public ?? false;
    const payload: TrainingJobPayload = {
      datasetId: dataset.id,
      baseModel: request.model_name,
      trainType,
      modelName,
      isPublic,
      settings,
      args: report,
    };
    const { job, companion: row } = await this.jobs.enqueueWith(
      TRAINING_QUEUE,
      owner.id,
      payload,
      (tx) =>
        tx.trainingJob.create({
          data: {
            jobId,
            ownerId: owner.id,
            modelName,
            datasetId: dataset.id,
            baseModel: request.model_name,
            trainType,
            customModelName: request.custom_model_name ?? null,
            isPublic,
          },
        }),
      { id: jobId },
    );
    this.worker.wake();
    return trainJobView(row, job as TrainingJobRecord);
  }

  async list(owner: OwnerContext): Promise<TrainJobView[]> {
    const rows = await this.prisma.trainingJob.findMany({ where: { ownerId: owner.id }, include: { job: true }, orderBy: { id: 'desc' } });
    return rows.map((row) => trainJobView(row, row.job as unknown as TrainingJobRecord));
  }

  async status(owner: OwnerContext, jobId: number): Promise<TrainJobView> {
    const { row, job } = await this.find(owner, jobId);
    return trainJobView(row, job);
  }

  async cancel(owner: OwnerContext, jobId: number): Promise<TrainJobView> {
    const { row, job } = await this.find(owner, jobId);
    const cancelled = await this.jobs.requestCancel(job.id, owner.id);
    return trainJobView(row, cancelled as TrainingJobRecord);
  }

  async cancelAll(owner: OwnerContext): Promise<CancelAllResult> {
    const rows = await this.prisma.trainingJob.findMany({
      where: { ownerId: owner.id, job: { status: { in: ['queued', 'running'] } } },
      orderBy: { id: 'asc' },
    });
    for (const row of rows) await this.jobs.requestCancel(row.jobId, owner.id);
    return { cancelled_job_ids: rows.map((row) => row.id) };
  }

  async resume(owner: OwnerContext, jobId: number): Promise<TrainJobView> {
    const { row, job } = await this.find(owner, jobId);
    if (job.status !== 'cancelled' && job.status !== 'failed') {
      throw new ConflictError(`Training job ${jobId} is ${trainStatusOf(job)}; only a cancelled or failed job can be resumed`);
    }
    const resumed = await this.jobs.resume(job.id, owner.id);
    this.worker.wake();
    return trainJobView(row, resumed as TrainingJobRecord);
  }

  async evaluate(owner: OwnerContext, jobId: number): Promise<TrainJobEvaluation> {
    const { row, job } = await this.find(owner, jobId);
    if (job.status !== 'succeeded' || !job.result) {
      throw new ConflictError(`Training job ${jobId} is ${trainStatusOf(job)}; it is evaluated once it has completed`);
    }
    const examples = job.result.evaluation;
    const exact = examples.filter((e) => e.exact_match).length;
    return {
      job_id: row.id,
      status: 'COMPLETED',
      model_name: row.modelName,
      exact_match_recall: examples.length ? exact / examples.length : null,
      num_evaluated: examples.length,
      num_exact: exact,
      examples,
    };
  }

  private async find(owner: OwnerContext, jobId: number): Promise<{ row: TrainingJob; job: TrainingJobRecord }> {
    if (!isApiJobId(jobId)) throw JobNotFoundError.forJob(String(jobId));
    const row = await this.prisma.trainingJob.findFirst({ where: { id: jobId, ownerId: owner.id }, include: { job: true } });
    if (!row) throw JobNotFoundError.forJob(String(jobId));
    return { row, job: row.job as unknown as TrainingJobRecord };
  }

  private async baseModelPath(owner: OwnerContext, modelName: string): Promise<string> {
    const resolved = await this.services.send(RegistrySubjects.resolveModel, owner, { model_name: modelName });
    const gguf = resolved.files.find((file) => file.path.endsWith('.gguf'));
    if (resolved.model_type !== 'transformer' || !gguf) {
      throw new BadRequestError(`${modelName} is not a GGUF language model; training needs one (with F32 or F16 weights)`);
    }
    return gguf.path;
  }
}

function gib(bytes: number): string {
  return (bytes / 2 ** 30).toFixed(2);
}
