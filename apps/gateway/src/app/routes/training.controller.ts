import { Body, Get, HttpCode, Param, Post } from '@nestjs/common';
import { type OwnerContext, TrainPayload, TrainerSubjects } from '@lamini/contracts';
import { ServiceClient } from '@lamini/transport';
import { CurrentOwner } from '../auth/current-owner.decorator';
import { SpecOperation } from '../validation/spec-operation.decorator';
import { ApiRoutes } from './api-route.decorator';

@ApiRoutes('training')
export class TrainingController {
  constructor(private readonly services: ServiceClient) {}

  @Post('v1/train')
  @HttpCode(200)
  @SpecOperation('train_v1_train_post')
  train(@CurrentOwner() owner: OwnerContext, @Body() body: TrainPayload) {
    return this.services.send(TrainerSubjects.train, owner, body);
  }

  @Get('v1/train/jobs/:job_id')
  @SpecOperation('train_status_v1_train_jobs__job_id__get')
  status(@CurrentOwner() owner: OwnerContext, @Param('job_id') jobId: string) {
    return this.services.send(TrainerSubjects.status, owner, { job_id: jobId });
  }

  @Post('v1/train/jobs/:job_id/cancel')
  @HttpCode(200)
  @SpecOperation('cancel_training_job_v1_train_jobs__job_id__cancel_post')
  cancel(@CurrentOwner() owner: OwnerContext, @Param('job_id') jobId: string) {
    return this.services.send(TrainerSubjects.cancel, owner, { job_id: jobId });
  }

  @Post('v1/train/jobs/:job_id/resume')
  @HttpCode(200)
  @SpecOperation('resume_training_job_v1_train_jobs__job_id__resume_post')
  resume(@CurrentOwner() owner: OwnerContext, @Param('job_id') jobId: string) {
    return this.services.send(TrainerSubjects.resume, owner, { job_id: jobId });
  }
}
