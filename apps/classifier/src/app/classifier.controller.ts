import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ClassifierSubjects, type MessageOf } from '@lamini/contracts';
import { ClassificationService } from './classify/classification.service';
import { ClassifierDatasets } from './datasets/classifier-datasets.service';
import { ClassifierJobs } from './jobs/classifier-jobs.service';
import { ClassifierModels } from './models/classifier-models.service';
import { ClassifierProjects } from './projects/classifier-projects.service';

@Controller()
export class ClassifierController {
  constructor(
    private readonly projects: ClassifierProjects,
    private readonly datasets: ClassifierDatasets,
    private readonly jobs: ClassifierJobs,
    private readonly models: ClassifierModels,
    private readonly classification: ClassificationService,
  ) {}

  @MessagePattern(ClassifierSubjects.initialize.name)
  initialize(@Payload() message: MessageOf<typeof ClassifierSubjects.initialize>) {
    return this.projects.initialize(message.owner, message.payload);
  }

  @MessagePattern(ClassifierSubjects.listProjects.name)
  listProjects(@Payload() message: MessageOf<typeof ClassifierSubjects.listProjects>) {
    return this.projects.list(message.owner);
  }

  @MessagePattern(ClassifierSubjects.add.name)
  add(@Payload() message: MessageOf<typeof ClassifierSubjects.add>) {
    return this.datasets.add(message.owner, message.payload);
  }

  @MessagePattern(ClassifierSubjects.listDatasets.name)
  listDatasets(@Payload() message: MessageOf<typeof ClassifierSubjects.listDatasets>) {
    return this.datasets.list(message.owner, message.payload);
  }

  @MessagePattern(ClassifierSubjects.downloadDataset.name)
  downloadDataset(@Payload() message: MessageOf<typeof ClassifierSubjects.downloadDataset>) {
    return this.datasets.page(message.owner, message.payload);
  }

  @MessagePattern(ClassifierSubjects.deleteDataset.name)
  deleteDataset(@Payload() message: MessageOf<typeof ClassifierSubjects.deleteDataset>) {
    return this.datasets.delete(message.owner, message.payload);
  }

  @MessagePattern(ClassifierSubjects.train.name)
  train(@Payload() message: MessageOf<typeof ClassifierSubjects.train>) {
    return this.jobs.train(message.owner, message.payload);
  }

  @MessagePattern(ClassifierSubjects.jobStatus.name)
  jobStatus(@Payload() message: MessageOf<typeof ClassifierSubjects.jobStatus>) {
    return this.jobs.status(message.owner, message.payload.job_id);
  }

  @MessagePattern(ClassifierSubjects.listJobs.name)
  listJobs(@Payload() message: MessageOf<typeof ClassifierSubjects.listJobs>) {
    return this.jobs.list(message.owner, message.payload);
  }

  @MessagePattern(ClassifierSubjects.updateJob.name)
  updateJob(@Payload() message: MessageOf<typeof ClassifierSubjects.updateJob>) {
    return this.jobs.update(message.owner, message.payload);
  }

  @MessagePattern(ClassifierSubjects.listModels.name)
  listModels(@Payload() message: MessageOf<typeof ClassifierSubjects.listModels>) {
    return this.models.list(message.owner, message.payload);
  }

  @MessagePattern(ClassifierSubjects.register.name)
  register(@Payload() message: MessageOf<typeof ClassifierSubjects.register>) {
    return this.models.register(message.owner, message.payload);
  }

  @MessagePattern(ClassifierSubjects.classify.name)
  classify(@Payload() message: MessageOf<typeof ClassifierSubjects.classify>) {
    return this.classification.classify(message.owner, message.payload);
  }
}
