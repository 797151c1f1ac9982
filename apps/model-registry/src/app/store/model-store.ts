import { mkdirSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { InternalError } from '@lamini/contracts';
import { REGISTRY_CONFIG, type RegistryConfig } from '../registry.config';

/**
 * Where downloaded models live: `<store>/<model id>/<file path in the repository>`. Paths are
 * built from our own ids; a file name from the hub is checked so it cannot leave its folder.
 */
@Injectable()
export class ModelStore {
  constructor(@Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig) {}

  modelDir(modelId: string): string {
    if (!/^[a-z0-9]+$/.test(modelId)) throw new InternalError(`The model store has no model id ${JSON.stringify(modelId)}: ids are lowercase letters and digits`);
    return join(this.config.storeDir, modelId);
  }

  filePath(modelId: string, repoPath: string): string {
    const relativePath = normalize(repoPath);
    if (relativePath.startsWith('..') || relativePath.startsWith(sep) || relativePath.includes(`${sep}..${sep}`)) {
      throw new InternalError(`The model store refuses the file path ${JSON.stringify(repoPath)}: it would leave the model's folder`);
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
