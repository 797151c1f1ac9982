import { Module } from '@nestjs/common';
import { CLASSIFIER_CONFIG, readClassifierConfig } from './classifier.config';
import { ClassifierController } from './classifier.controller';
import { ClassificationService } from './classify/classification.service';
import { ClassifierDatasets } from './datasets/classifier-datasets.service';
import { ExampleStore } from './datasets/example-store';
import { AugmentHandler } from './jobs/augment.handler';
import { ClassifierJobs } from './jobs/classifier-jobs.service';
import { ClassifierWorkers } from './jobs/classifier-workers';
import { TrainHandler } from './jobs/train.handler';
import { ClassifierModels } from './models/classifier-models.service';
import { ClassifierProjects } from './projects/classifier-projects.service';

/** Classifier projects, their data, training jobs and classification. Needs PersistenceModule and a transport server from the process root. */
@Module({
  controllers: [ClassifierController],
  providers: [
    { provide: CLASSIFIER_CONFIG, useFactory: () => readClassifierConfig() },
    ExampleStore,
    AugmentHandler,
    TrainHandler,
    ClassifierWorkers,
    ClassifierProjects,
    ClassifierDatasets,
    ClassifierJobs,
    ClassifierModels,
    ClassificationService,
  ],
})
export class ClassifierModule {}
