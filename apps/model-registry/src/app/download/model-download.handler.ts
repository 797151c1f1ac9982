import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ModelType } from '@lamini/contracts';
import type { JobContext, JobRecord } from '@lamini/persistence';
import { ModelCatalog, type StoredFile } from '../catalog/model-catalog';
import { HubClient } from '../hub/hub-client';
import { selectFiles } from '../hub/file-selection';
import { REGISTRY_CONFIG, type RegistryConfig } from '../registry.config';
import { FileDownloader } from './file-downloader';
import { TokenCipher } from './token-cipher';

export const MODEL_DOWNLOAD_QUEUE = 'model-download';

export interface ModelDownloadPayload {
  modelId: string;
  repo: string;
  revision: string;
  modelType: ModelType;
  /** The private hub token, sealed by TokenCipher; never in clear. */
  sealedToken: string | null;
}

export interface ModelDownloadProgress {
  bytesDone: number;
  bytesTotal: number | null;
  files: string[];
}

/** One download job: list the repository, choose the files, fetch each, record the model. */
@Injectable()
export class ModelDownloadHandler {
  private readonly logger = new Logger(ModelDownloadHandler.name);

  constructor(
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    private readonly catalog: ModelCatalog,
    private readonly hub: HubClient,
    private readonly downloader: FileDownloader,
    private readonly tokens: TokenCipher,
  ) {}

  async run(job: JobRecord<ModelDownloadPayload, ModelDownloadProgress>, context: JobContext<ModelDownloadProgress>) {
    const { modelId, repo, revision, modelType, sealedToken } = job.payload;
    const token = sealedToken ? this.tokens.open(sealedToken) : undefined;
    await this.catalog.markDownloading(modelId);
    try {
      const files = selectFiles(await this.hub.listFiles(repo, revision, token, context.signal), modelType, this.config.ggufPreference);
      const bytesTotal = files.every((f) => f.size !== null) ? files.reduce((sum, f) => sum + f.size!, 0) : null;
      const stored: StoredFile[] = [];
      let finishedBytes = 0;
      for (const file of files) {
        const result = await this.downloader.download({
          modelId,
          repo,
          revision,
          file,
          token,
          signal: context.signal,
          onProgress: (bytes) =>
            context.setProgress({ bytesDone: finishedBytes + bytes, bytesTotal, files: files.map((f) => f.path) }),
        });
        finishedBytes += result.size;
        stored.push({ name: file.path, size: result.size, sha256: result.sha256 });
      }
      await this.catalog.markDownloaded(modelId, stored);
      this.logger.log(`downloaded ${repo} (${finishedBytes} bytes)`);
      return { files: stored };
    } catch (error) {
      // A stop (shutdown, lost lease) is not a failure: the job will be picked up again.
      if (!context.signal.aborted) await this.catalog.markFailed(modelId, (error as Error).message);
      throw error;
    }
  }
}
