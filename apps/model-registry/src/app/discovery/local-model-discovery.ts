import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { ModelFileLocation, ModelType } from '@lamini/contracts';
import { REGISTRY_CONFIG, type RegistryConfig } from '../registry.config';

export interface LocalModel {
  name: string;
  modelType: ModelType;
  files: ModelFileLocation[];
  sizeBytes: number;
  /** When its newest file was written: the nearest thing to a creation time a folder has. */
  modifiedAt: Date;
}

/**
 * Models already on disk: each folder of a configured directory that holds a GGUF is a
 * transformer, one with a sentence-transformers ONNX export an embedding model. The folder's
 * name is the model's name; a folder with no model of its own is an organisation whose
 * folders are models named as on the hub (`sentence-transformers/all-MiniLM-L6-v2`).
 * A scan is reused for a second: every completion and embedding resolves its model here, and
 * scanning the folders was most of what a resolve cost. A folder added while running is seen
 * within that second.
 */
@Injectable()
export class LocalModelDiscovery {
  private scanned: { models: LocalModel[]; at: number } | undefined;

  constructor(@Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig) {}

  list(): LocalModel[] {
    const now = performance.now();
    if (!this.scanned || now - this.scanned.at >= this.config.scanReuseMs) {
      this.scanned = { models: this.config.modelDirs.flatMap((dir) => this.scan(dir)), at: now };
    }
    return this.scanned.models;
  }

  find(name: string): LocalModel | undefined {
    return this.list().find((model) => model.name === name);
  }

  private scan(dir: string): LocalModel[] {
    let entries: string[];
    try {
      entries = readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name);
    } catch {
      return [];
    }
    return entries.flatMap((name) => {
      const root = join(dir, name);
      if (!hasOwnModel(root)) return subfolders(root).flatMap((model) => describe(`${name}/${model}`, join(root, model)) ?? []);
      const model = describe(name, root);
      return model ? [model] : [];
    });
  }
}

function subfolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
}

/** A GGUF or an ONNX export at the folder's top, rather than in folders below it. */
function hasOwnModel(root: string): boolean {
  return existsSync(join(root, 'onnx/model.onnx')) || readdirSync(root).some((name) => name.endsWith('.gguf'));
}

function describe(name: string, root: string): LocalModel | undefined {
  const files = listFiles(root);
  const has = (path: string) => files.some((f) => f.name === path);
  let modelType: ModelType;
  let used: ModelFileLocation[];
  if (has('onnx/model.onnx') && has('tokenizer.json')) {
    modelType = 'embedding';
    used = files;
  } else if (files.some((f) => f.name.endsWith('.gguf'))) {
    modelType = 'transformer';
    used = files.filter((f) => f.name.endsWith('.gguf'));
  } else {
    return undefined;
  }
  const modifiedAt = new Date(Math.max(...used.map((f) => statSync(f.path).mtimeMs)));
  return { name, modelType, files: used, sizeBytes: used.reduce((sum, f) => sum + f.size, 0), modifiedAt };
}

function listFiles(root: string, dir = root, depth = 0): ModelFileLocation[] {
  if (depth > 3) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(root, path, depth + 1);
    if (!entry.isFile()) return [];
    return [{ name: relative(root, path), path, size: statSync(path).size }];
  });
}
