import { existsSync, statSync } from 'node:fs';
import { copyFile, rename, unlink } from 'node:fs/promises';
import { Injectable } from '@nestjs/common';
import { InternalError, type OwnerContext, type RegisterTrainedModelPayload } from '@lamini/contracts';
import type { Model } from '@lamini/persistence';
import { sha256OfFile } from '@lamini/runtime';
import { ModelCatalog, PUBLIC_SCOPE, type StoredFile } from '../catalog/model-catalog';
import { ModelStore } from '../store/model-store';

const TRAINED_FILE = 'model.gguf';

/**
 * Takes in a model a training job wrote: moves the file into the store under a new model id
 * and records it, the owner's own unless the job asked for a public model. Registering the same
 * job again (a trainer that died between the move and its reply) finds the model already there.
 */
@Injectable()
export class TrainedModelIntake {
  constructor(
    private readonly catalog: ModelCatalog,
    private readonly store: ModelStore,
  ) {}

  async register(owner: OwnerContext, request: RegisterTrainedModelPayload): Promise<Model> {
    const scope = request.is_public ? PUBLIC_SCOPE : owner.id;
    const model = await this.catalog.createTrained(request.model_name, scope, request.job_id);
    if (model.status === 'DOWNLOADED') return model;
    const target = this.store.prepareFile(model.id, TRAINED_FILE);
    if (existsSync(request.staged_path)) await moveFile(request.staged_path, target);
    else if (!existsSync(target)) throw new InternalError(`The trained model of job ${request.job_id} is missing: ${request.staged_path}`);
    const file: StoredFile = { name: TRAINED_FILE, size: statSync(target).size, sha256: await sha256OfFile(target) };
    return this.catalog.markDownloaded(model.id, [file]);
  }
}

/** A rename on the shared volume; a copy where the trainer's folder is on another filesystem. */
async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(from, `${to}.partial`);
    await rename(`${to}.partial`, to);
    await unlink(from);
  }
}
