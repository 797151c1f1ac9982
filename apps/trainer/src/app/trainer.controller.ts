import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type MessageOf, TrainerSubjects } from '@lamini/contracts';
import { DatasetStore } from './datasets/dataset-store';
import { TrainingJobsService } from './jobs/training-jobs.service';

@Controller()
export class TrainerController {
  constructor(
    private readonly datasets: DatasetStore,
    private readonly jobs: TrainingJobsService,
  ) {}

  @MessagePattern(TrainerSubjects.uploadData.name)
  uploadData(@Payload() message: MessageOf<typeof TrainerSubjects.uploadData>) {
    return this.datasets.upload(message.owner, message.payload.data, message.payload.is_public ?? false);
  }

  @MessagePattern(TrainerSubjects.existingData.name)
  existingData(@Payload() message: MessageOf<typeof TrainerSubjects.existingData>) {
    return this.datasets.describe(message.owner, message.payload.dataset_id);
  }

  @MessagePattern(TrainerSubjects.train.name)
  train(@Payload() message: MessageOf<typeof TrainerSubjects.train>) {
    return this.jobs.create(message.owner, message.payload);
  }

  @MessagePattern(TrainerSubjects.listJobs.name)
  list(@Payload() message: MessageOf<typeof TrainerSubjects.listJobs>) {
    return this.jobs.list(message.owner);
  }

  @MessagePattern(TrainerSubjects.status.name)
  status(@Payload() message: MessageOf<typeof TrainerSubjects.status>) {
    return this.jobs.status(message.owner, message.payload.job_id);
  }

  @MessagePattern(TrainerSubjects.cancel.name)
  cancel(@Payload() message: MessageOf<typeof TrainerSubjects.cancel>) {
    return this.jobs.cancel(message.owner, message.payload.job_id);
  }

  @MessagePattern(TrainerSubjects.cancelAll.name)
  cancelAll(@Payload() message: MessageOf<typeof TrainerSubjects.cancelAll>) {
    return this.jobs.cancelAll(message.owner);
  }

  @MessagePattern(TrainerSubjects.resume.name)
  resume(@Payload() message: MessageOf<typeof TrainerSubjects.resume>) {
    return this.jobs.resume(message.owner, message.payload.job_id);
  }

  @MessagePattern(TrainerSubjects.evaluate.name)
  evaluate(@Payload() message: MessageOf<typeof TrainerSubjects.evaluate>) {
    return this.jobs.evaluate(message.owner, message.payload.job_id);
  }
}
