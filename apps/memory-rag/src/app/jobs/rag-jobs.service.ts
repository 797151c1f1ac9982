import { Inject, Injectable } from '@nestjs/common';
import {
  JobNotFoundError,
  type MemoryRagAddIndexPayload,
  type MemoryRagJobView,
  type MemoryRagTrainPayload,
  type OwnerContext,
} from '@lamini/contracts';
import { JobQueue, type JobRecord, type JobWorker, JobWorkers, PrismaService, type RagDocument, type RagJob, apiJobStatus, isApiJobId } from '@lamini/persistence';
import { MEMORY_RAG_CONFIG, type MemoryRagConfig } from '../memory-rag.config';
import { UploadIntake } from '../uploads/upload-intake';
import { RagArtifacts } from './rag-artifacts';
import { RagIndexHandler } from './rag-index.handler';
import { RAG_INDEX_QUEUE, type RagIndexPayload, type RagIndexProgress } from './rag-job.types';

export type RagJobRecord = JobRecord<RagIndexPayload, RagIndexProgress>;
export type FoundRagJob = RagJob & { job: RagJobRecord; documents: Array<Pick<RagDocument, 'name' | 'sizeBytes'>> };

@Injectable()
export class RagJobsService {
  private readonly worker: JobWorker<RagIndexPayload, RagIndexProgress, unknown>;

  constructor(
    @Inject(MEMORY_RAG_CONFIG) private readonly config: MemoryRagConfig,
    private readonly prisma: PrismaService,
    private readonly jobs: JobQueue,
    private readonly uploads: UploadIntake,
    private readonly artifacts: RagArtifacts,
    workers: JobWorkers,
    handler: RagIndexHandler,
  ) {
    this.worker = workers.create(RAG_INDEX_QUEUE, (job, context) => handler.run(job, context), {
      concurrency: config.concurrency,
      leaseMs: config.leaseMs,
      pollMs: config.pollMs,
      progressFlushMs: 500,
    });
  }

  /** Reads every document first; a job is created only when all of them can be indexed. */
  async create(owner: OwnerContext, request: MemoryRagTrainPayload): Promise<MemoryRagJobView> {
    try {
      const documents = await this.uploads.read(request.files);
      const { job, companion: ragJob } = await this.jobs.enqueueWith<RagIndexPayload, RagJob>(RAG_INDEX_QUEUE, owner.id, {}, async (tx, created) => {
        const row = await tx.ragJob.create({
          data: { jobId: created.id, ownerId: owner.id, modelName: request.model_name, embeddingModel: this.config.embeddingModel },
        });
        for (const document of documents) {
          await tx.ragDocument.create({ data: { ragJobId: row.id, name: document.name, text: document.text, sizeBytes: document.sizeBytes } });
        }
        return row;
      });
      this.uploads.keep(documents, this.artifacts.jobDir(job.id));
      this.worker.wake();
      return jobView({ ...ragJob, job: job as RagJobRecord, documents });
    } finally {
      this.uploads.discard(request.files);
    }
  }

  async status(owner: OwnerContext, jobId: number): Promise<MemoryRagJobView> {
    return jobView(await this.find(owner, jobId));
  }

  async log(owner: OwnerContext, jobId: number): Promise<string[]> {
    return (await this.find(owner, jobId)).job.progress?.log ?? [];
  }

  /** Adds the text as one more document and runs the job again: only the new chunks are embedded. */
  async addIndex(owner: OwnerContext, request: MemoryRagAddIndexPayload): Promise<{ job_id: number; status: 'success' }> {
    const found = await this.find(owner, request.job_id);
    await this.prisma.ragDocument.create({
      data: { ragJobId: found.id, name: 'add-index', text: request.prompt, sizeBytes: Buffer.byteLength(request.prompt) },
    });
    await this.jobs.rerun(found.jobId, owner.id);
    this.worker.wake();
    return { job_id: found.id, status: 'success' };
  }

  async find(owner: OwnerContext, jobId: number): Promise<FoundRagJob> {
    if (!isApiJobId(jobId)) throw JobNotFoundError.forJob(String(jobId));
    const row = await this.prisma.ragJob.findFirst({
      where: { id: jobId, ownerId: owner.id },
      include: { job: true, documents: { select: { name: true, sizeBytes: true }, orderBy: { id: 'asc' } } },
    });
    if (!row) throw JobNotFoundError.forJob(String(jobId));
    return row as unknown as FoundRagJob;
  }
}

function jobView(found: FoundRagJob): MemoryRagJobView {
  const progress = found.job.progress;
  return {
    job_id: found.id,
    status: apiJobStatus(found.job),
    model_name: found.modelName,
    embedding_model: found.embeddingModel,
    documents: found.documents.map((d) => ({ name: d.name, size_bytes: d.sizeBytes })),
    progress: { phase: progress?.phase ?? 'queued', chunks_total: progress?.chunksTotal ?? 0, chunks_embedded: progress?.chunksEmbedded ?? 0 },
    created_at: found.createdAt.toISOString(),
    error: found.job.error,
  };
}
