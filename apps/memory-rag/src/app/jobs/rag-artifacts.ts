import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { jobArtifactDir } from '@lamini/persistence';
import { MEMORY_RAG_CONFIG, type MemoryRagConfig } from '../memory-rag.config';
import { HybridIndex } from '../search';

/**
 * A job's folder, `<artifacts>/<job id>/`: its documents as uploaded and its saved index. Every
 * replica reads indexes from these files (a shared volume), and keeps the last ones it loaded.
 */
@Injectable()
export class RagArtifacts {
  private readonly loaded = new Map<string, Promise<HybridIndex>>();

  constructor(@Inject(MEMORY_RAG_CONFIG) private readonly config: MemoryRagConfig) {}

  jobDir(jobId: string): string {
    return jobArtifactDir(this.config.artifactsDir, jobId);
  }

  async writeIndex(jobId: string, index: HybridIndex): Promise<void> {
    await index.save(join(this.jobDir(jobId), 'index'));
  }

  /** The job's index; `version` (the job row's update time) tells a stale cached copy from the current one. */
  loadIndex(jobId: string, version: string): Promise<HybridIndex> {
    const key = `${jobId}@${version}`;
    let index = this.loaded.get(key);
    if (!index) {
      index = HybridIndex.load(join(this.jobDir(jobId), 'index'));
      index.catch(() => this.loaded.delete(key));
      for (const cached of this.loaded.keys()) if (cached.startsWith(`${jobId}@`)) this.loaded.delete(cached);
      this.loaded.set(key, index);
    }
    return index;
  }
}
