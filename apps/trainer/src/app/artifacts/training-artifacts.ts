import { mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { InternalError } from '@lamini/contracts';
import { TRAINER_CONFIG, type TrainerConfig } from '../trainer.config';

/**
 * A job's files: `<artifacts>/<job id>/` holds its checkpoints and, once trained, the model the
 * registry moves into its store. Every path is built from our own job ids and file names.
 */
@Injectable()
export class TrainingArtifacts {
  constructor(@Inject(TRAINER_CONFIG) private readonly config: TrainerConfig) {}

  jobDir(jobId: string): string {
    if (!/^[a-z0-9]+$/.test(jobId)) throw new InternalError(`No artifact folder for job id ${JSON.stringify(jobId)}`);
    const dir = join(this.config.artifactsDir, jobId);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  checkpointPath(jobId: string, file: string): string {
    return join(this.jobDir(jobId), basename(file));
  }

  outputPath(jobId: string): string {
    return join(this.jobDir(jobId), 'model.gguf');
  }

  remove(jobId: string): void {
    rmSync(this.jobDir(jobId), { recursive: true, force: true });
  }
}
