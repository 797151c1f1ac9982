import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type ClassifierJobType,
  type ClassifierJobView,
  type ClassifierMetrics,
  type ClassifierV2TrainPayload,
  type ClassifierV2UpdateJobPayload,
  ConflictError,
  InvalidInputError,
  JobNotFoundError,
  type OwnerContext,
  type ProjectRef,
} from '@lamini/contracts';
import { type ClassifierJob, type ClassifierModel, type ClassifierProject, JobQueue, type JobRecord, PrismaService, apiJobStatus, isApiJobId } from '@lamini/persistence';
import { CLASSIFIER_CONFIG, type ClassifierConfig } from '../classifier.config';
import { ClassifierProjects } from '../projects/classifier-projects.service';
import { type ClassifierJobPayload, type ClassifierJobProgress, TRAIN_QUEUE } from './classifier-job.types';
import { ClassifierWorkers } from './classifier-workers';

type FoundJob = ClassifierJob & { job: JobRecord<ClassifierJobPayload, ClassifierJobProgress>; project: ClassifierProject; model: ClassifierModel | null };

/** `update_job`'s statuses: cancel a queued or running job, or queue a failed or cancelled one again. */
const UPDATABLE_STATUSES = ['CANCELLED', 'CREATED', 'RUNNING'] as const;

@Injectable()
export class ClassifierJobs {
  constructor(
    @Inject(CLASSIFIER_CONFIG) private readonly config: ClassifierConfig,
    private readonly prisma: PrismaService,
    private readonly jobs: JobQueue,
    private readonly projects: ClassifierProjects,
    private readonly workers: ClassifierWorkers,
  ) {}

  /**
   * Queues the training of a new model version. With `classifier_train_job_id`, a failed or
   * cancelled training of the project is queued again instead, keeping its version.
   */
  async train(owner: OwnerContext, request: ClassifierV2TrainPayload): Promise<ClassifierJobView> {
    const project = await this.projects.findByName(owner, request.name);
    if (request.classifier_train_job_id) {
      const earlier = await this.find(owner, request.classifier_train_job_id);
      if (earlier.projectId !== project.id || earlier.kind !== 'train') {
        throw InvalidInputError.at(['classifier_train_job_id'], `Job ${earlier.id} is not a training of project ${JSON.stringify(project.name)}`);
      }
      return this.update(owner, { job_id: String(earlier.id), status: 'CREATED' });
    }
    await this.checkTrainable(project);
    const { companion } = await this.jobs.enqueueWith<ClassifierJobPayload, number>(TRAIN_QUEUE, owner.id, {}, async (tx, job) => {
      const { modelVersions } = await tx.classifierProject.update({ where: { id: project.id }, data: { modelVersions: { increment: 1 } } });
      const row = await tx.classifierJob.create({ data: { jobId: job.id, ownerId: owner.id, projectId: project.id, kind: 'train' } });
      await tx.classifierModel.create({
        data: { id: randomUUID(), projectId: project.id, classifierJobId: row.id, version: modelVersions, embeddingModel: this.config.embeddingModel },
      });
      return row.id;
    });
    this.workers.wakeTrain();
    return this.status(owner, String(companion));
  }

  async status(owner: OwnerContext, jobId: string): Promise<ClassifierJobView> {
    return jobView(await this.find(owner, jobId));
  }

  async list(owner: OwnerContext, ref: ProjectRef): Promise<ClassifierJobView[]> {
    const project = await this.projects.findByName(owner, ref.project_name);
    const rows = await this.prisma.classifierJob.findMany({ where: { projectId: project.id }, include: { job: true, project: true, model: true }, orderBy: { id: 'asc' } });
    return (rows as unknown as FoundJob[]).map(jobView);
  }

  async update(owner: OwnerContext, request: ClassifierV2UpdateJobPayload): Promise<ClassifierJobView> {
    const status = request.status.toUpperCase();
    if (!(UPDATABLE_STATUSES as readonly string[]).includes(status)) {
      throw InvalidInputError.at(['status'], `must be CANCELLED (stop the job) or CREATED (queue a failed or cancelled job again)`);
    }
    const found = await this.find(owner, request.job_id);
    if (status === 'CANCELLED') {
      await this.jobs.requestCancel(found.jobId, owner.id);
    } else {
      if (found.job.status === 'succeeded') throw new ConflictError(`Job ${found.id} has completed; train again for a new version`);
      if (found.job.status === 'failed' || found.job.status === 'cancelled') await this.jobs.resume(found.jobId, owner.id);
      if (found.kind === 'train') this.workers.wakeTrain();
      else this.workers.wakeAugment();
    }
    return this.status(owner, String(found.id));
  }

  async find(owner: OwnerContext, jobId: string): Promise<FoundJob> {
    const id = /^\d{1,10}$/.test(jobId) ? Number(jobId) : NaN;
    if (!isApiJobId(id)) throw JobNotFoundError.forJob(jobId);
    const row = await this.prisma.classifierJob.findFirst({ where: { id, ownerId: owner.id }, include: { job: true, project: true, model: true } });
    if (!row) throw JobNotFoundError.forJob(jobId);
    return row as unknown as FoundJob;
  }

  /** Refused at once rather than failed later: fewer than two classes with rows, and no augmentation coming. */
  private async checkTrainable(project: ClassifierProject): Promise<void> {
    const labels = await this.prisma.classifierExample.groupBy({ by: ['label'], where: { projectId: project.id } });
    if (labels.length >= 2) return;
    const augmenting = await this.prisma.classifierJob.count({ where: { projectId: project.id, kind: 'augment', job: { status: { in: ['queued', 'running'] } } } });
    if (augmenting === 0) {
      throw InvalidInputError.at(['name'], `Project ${JSON.stringify(project.name)} has examples of ${labels.length} class(es); training needs at least two`);
    }
  }
}

function jobView(found: FoundJob): ClassifierJobView {
  const progress = found.job.progress;
  const finished = found.job.status === 'succeeded';
  return {
    job_id: String(found.id),
    type: found.kind as ClassifierJobType,
    status: apiJobStatus(found.job),
    project_name: found.project.name,
    model_id: found.model?.id ?? null,
    model_version: found.model?.version ?? null,
    progress: { phase: finished ? 'done' : (progress?.phase ?? 'queued'), fraction: finished ? 1 : (progress?.fraction ?? 0) },
    metrics: (found.model?.metrics as ClassifierMetrics | null) ?? null,
    generated: found.kind === 'augment' ? (progress?.generated ?? null) : null,
    error: found.job.error,
    created_at: found.createdAt.toISOString(),
    finished_at: found.job.finishedAt?.toISOString() ?? null,
  };
}
