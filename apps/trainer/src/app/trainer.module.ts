import { Module } from '@nestjs/common';
import { TrainingArtifacts } from './artifacts/training-artifacts';
import { DatasetStore } from './datasets/dataset-store';
import { LlamaTrainer } from './engine/llama-trainer';
import { TrainingJobHandler } from './jobs/training-job.handler';
import { TrainingJobsService } from './jobs/training-jobs.service';
import { TRAINER_CONFIG, type TrainerConfig, readTrainerConfig } from './trainer.config';
import { TrainerController } from './trainer.controller';

/** Datasets and training jobs. Needs PersistenceModule and a transport server from the process root. */
@Module({
  controllers: [TrainerController],
  providers: [
    { provide: TRAINER_CONFIG, useFactory: () => readTrainerConfig() },
    { provide: LlamaTrainer, inject: [TRAINER_CONFIG], useFactory: (config: TrainerConfig) => new LlamaTrainer({ gpu: config.gpu }) },
    DatasetStore,
    TrainingArtifacts,
    TrainingJobHandler,
    TrainingJobsService,
  ],
})
export class TrainerModule {}
