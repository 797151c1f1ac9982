import { rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { jobArtifactDir } from '@lamini/persistence';
import { TRAINER_CONFIG, type TrainerConfig } from '../trainer.config';

/**
 * A job's files: `<artifacts>/<job id>/` holds its checkpoints and, once trained, the model the
 * registry moves into its store. Every path is built from our own job ids and file names.
 */
@Injectable()
export class TrainingArtifacts {
  constructor(@Inject(TRAINER_CONFIG) private readonly config: TrainerConfig) {}

  jobDir(jobId: string): string {
    return jobArtifactDir(this.config.artifactsDir, jobId);
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
