import { Inject, Injectable } from '@nestjs/common';
import {
  type DownloadModelPayload,
  type DownloadState,
  type DownloadedModelView,
  InvalidInputError,
  ModelDownloadingError,
  ModelNotFoundError,
  type ModelStatus,
  type ModelType,
  type OwnerContext,
  type PostResponse,
  type RegisterTrainedModelPayload,
  type ResolvedModel,
} from '@lamini/contracts';
import { JobQueue, type JobRecord, type JobWorker, JobWorkers, type Model } from '@lamini/persistence';
import { ModelCatalog, PUBLIC_SCOPE, type StoredFile } from './catalog/model-catalog';
import { LocalModelDiscovery, type LocalModel } from './discovery/local-model-discovery';
import {
  MODEL_DOWNLOAD_QUEUE,
  ModelDownloadHandler,
  type ModelDownloadPayload,
  type ModelDownloadProgress,
} from './download/model-download.handler';
import { TokenCipher } from './download/token-cipher';
import { REGISTRY_CONFIG, type RegistryConfig } from './registry.config';
import { ModelStore } from './store/model-store';
import { TrainedModelIntake } from './trained/trained-model-intake';

type DownloadJob = JobRecord<ModelDownloadPayload, ModelDownloadProgress>;

@Injectable()
export class RegistryService {
  private readonly worker: JobWorker<ModelDownloadPayload, ModelDownloadProgress, unknown>;

  constructor(
    @Inject(REGISTRY_CONFIG) config: RegistryConfig,
    private readonly catalog: ModelCatalog,
    private readonly local: LocalModelDiscovery,
    private readonly jobs: JobQueue,
    workers: JobWorkers,
    private readonly tokens: TokenCipher,
    private readonly store: ModelStore,
    private readonly trained: TrainedModelIntake,
    handler: ModelDownloadHandler,
  ) {
    this.worker = workers.create(MODEL_DOWNLOAD_QUEUE, (job, context) => handler.run(job, context), {
      concurrency: config.concurrency,
      leaseMs: config.leaseMs,
      pollMs: config.pollMs,
    });
  }

  async list(owner: OwnerContext): Promise<DownloadedModelView[]> {
    const stored = await this.catalog.visibleTo(owner.id);
    const progress = await this.progressOf(stored);
    const storedNames = new Set(stored.map((m) => m.name));
    return [
      ...this.local.list().filter((m) => !storedNames.has(m.name)).map(localView),
      ...(await Promise.all(
        stored.map(async (m) => {
          const job = progress.get(m.jobId ?? '');
          return storedView(m, await this.statusOf(m, job ?? null), job);
        }),
      )),
    ];
  }

  /**
   * Starts a download, or reports the one already there: the same model asked for twice is
   * one download. A failed download is retried by asking again.
   */
  async download(owner: OwnerContext, request: DownloadModelPayload): Promise<PostResponse> {
    const name = request.hf_model_name;
    const modelType = request.model_type ?? 'transformer';
    const local = this.local.find(name);
    if (local) return { model_name: name, model_type: local.modelType, status: downloadState('DOWNLOADED') };
    if (!name.includes('/')) {
      throw InvalidInputError.at(
        ['hf_model_name'],
        `${name} is not a model on disk, and a model from the hub is named <namespace>/<name> (as meta-llama/Llama-3.2-3B-Instruct)`,
      );
    }
    const scope = request.private_hf_token ? owner.id : PUBLIC_SCOPE;
    let model = await this.catalog.find(name, scope);
    if (model && (await this.statusOf(model)) !== 'FAILED') return postResponse(model);
    model = model ? await this.catalog.retry(model.id, modelType) : await this.catalog.createWaiting(name, scope, modelType);
    const jobId = `${model.id}${model.downloadAttempts}`;
    if (model.jobId !== jobId) {
      await this.jobs.enqueue<ModelDownloadPayload>(
        MODEL_DOWNLOAD_QUEUE,
        owner.id,
        {
          modelId: model.id,
          repo: name,
          revision: 'main',
          modelType,
          sealedToken: request.private_hf_token ? this.tokens.seal(request.private_hf_token) : null,
        },
        { id: jobId },
      );
      model = await this.catalog.attachJob(model.id, jobId);
      this.worker.wake();
    }
    return postResponse(model);
  }

  async registerTrained(owner: OwnerContext, request: RegisterTrainedModelPayload): Promise<DownloadedModelView> {
    const model = await this.trained.register(owner, request);
    return storedView(model, 'DOWNLOADED', undefined);
  }

  async resolve(owner: OwnerContext, name: string): Promise<ResolvedModel> {
    const local = this.local.find(name);
    if (local) return { model_name: name, model_type: local.modelType, files: local.files };
    const model = await this.catalog.findVisible(name, owner.id);
    if (!model) throw ModelNotFoundError.forModel(name);
    const status = await this.statusOf(model);
    if (status === 'FAILED') throw new ModelNotFoundError(`Model ${name} failed to download: ${model.error ?? 'its download was abandoned'}`);
    if (status !== 'DOWNLOADED') throw ModelDownloadingError.forModel(name);
    const files = model.files as unknown as StoredFile[];
    return {
      model_name: name,
      model_type: model.modelType as ModelType,
      files: files.map((f) => ({ name: f.name, size: f.size, path: this.store.filePath(model.id, f.name) })),
    };
  }

  /** The model row's status, unless its job has given up (a worker lost too often) without saying so. */
  private async statusOf(model: Model, job?: DownloadJob | null): Promise<ModelStatus> {
    if (model.status === 'DOWNLOADED' || model.status === 'FAILED' || !model.jobId) return model.status as ModelStatus;
    const current = job === undefined ? await this.jobs.get(model.jobId) : job;
    return current?.status === 'failed' ? 'FAILED' : (model.status as ModelStatus);
  }

  private async progressOf(models: Model[]): Promise<Map<string, DownloadJob>> {
    const jobIds = models.filter((m) => m.jobId && m.status !== 'DOWNLOADED').map((m) => m.jobId!);
    const jobs = await Promise.all(jobIds.map((id) => this.jobs.get<ModelDownloadPayload, ModelDownloadProgress>(id)));
    return new Map(jobs.flatMap((job) => (job ? [[job.id, job] as const] : [])));
  }
}

function postResponse(model: Model): PostResponse {
  return { model_name: model.name, model_type: model.modelType as ModelType, status: downloadState(model.status as ModelStatus) };
}

/**
 * The state a download request answers with, in the words the Lamini SDK polls for:
 * `download_model(wait=True)` asks again until it reads `available`. The model list keeps the
 * catalogue's own statuses (WAITING, DOWNLOADING, DOWNLOADED, FAILED).
 */
function downloadState(status: ModelStatus): DownloadState {
  switch (status) {
    case 'WAITING':
      return 'waiting';
    case 'DOWNLOADING':
      return 'downloading';
    case 'DOWNLOADED':
      return 'available';
    case 'FAILED':
      return 'failed';
  }
}

function localView(model: LocalModel): DownloadedModelView {
  return {
    model_id: `local:${model.name}`,
    model_name: model.name,
    model_type: model.modelType,
    user_id: null,
    is_public: true,
    creation_ts: model.modifiedAt.toISOString(),
    prev_download_ts: null,
    prev_download_error: null,
    download_attempts: 0,
    status: 'DOWNLOADED',
    size_bytes: model.sizeBytes,
    progress: 1,
  };
}

function storedView(model: Model, status: ModelStatus, job: DownloadJob | undefined): DownloadedModelView {
  const progress = job?.progress;
  return {
    model_id: model.id,
    model_name: model.name,
    model_type: model.modelType as ModelType,
    user_id: model.scope === PUBLIC_SCOPE ? null : model.scope,
    is_public: model.scope === PUBLIC_SCOPE,
    creation_ts: model.createdAt.toISOString(),
    prev_download_ts: model.updatedAt.toISOString(),
    prev_download_error: model.error ?? (status === 'FAILED' ? (job?.error ?? null) : null),
    download_attempts: model.downloadAttempts,
    status,
    size_bytes: model.sizeBytes === null ? null : Number(model.sizeBytes),
    progress:
      model.status === 'DOWNLOADED' ? 1 : progress?.bytesTotal ? Math.min(1, progress.bytesDone / progress.bytesTotal) : null,
  };
}
