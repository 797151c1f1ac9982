import { mkdirSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { REGISTRY_CONFIG, type RegistryConfig } from '../registry.config';

/**
 * Where downloaded models live: `<store>/<model id>/<file path in the repository>`. Paths are
 * built from our own ids; a file name from the hub is checked so it cannot leave its folder.
 */
@Injectable()
export class ModelStore {
  constructor(@Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig) {}

  modelDir(modelId: string): string {
    if (!/^[a-z0-9]+$/.test(modelId)) throw new Error(`invalid model id ${modelId}`);
    return join(this.config.storeDir, modelId);
  }

  filePath(modelId: string, repoPath: string): string {
    const relativePath = normalize(repoPath);
    if (relativePath.startsWith('..') || relativePath.startsWith(sep) || relativePath.includes(`${sep}..${sep}`)) {
      throw new Error(`refusing file path ${repoPath}`);
    }
    return join(this.modelDir(modelId), relativePath);
  }

  /** The path to write a file to, its folder created. */
  prepareFile(modelId: string, repoPath: string): string {
    const path = this.filePath(modelId, repoPath);
    mkdirSync(dirname(path), { recursive: true });
    return path;
  }

  partialPath(finalPath: string): string {
    return `${finalPath}.partial`;
  }
}
