import { Body, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  BadRequestError,
  LOCAL_UPLOAD_BASE_PATH,
  type ExistingDataPayload,
  type LocalDataPayload,
  type OwnerContext,
  type TrainJobPayload,
  TrainerSubjects,
} from '@lamini/contracts';
import { ServiceClient } from '@lamini/transport';
import { CurrentOwner } from '../auth/current-owner.decorator';
import { SpecOperation } from '../validation/spec-operation.decorator';
import { ApiRoutes } from './api-route.decorator';

/** The validator has checked `job_id` is an integer in range before any handler here runs. */
const jobRef = (jobId: string) => ({ job_id: Number(jobId) });

@ApiRoutes('training')
export class TrainingController {
  constructor(private readonly services: ServiceClient) {}

  @Get('v1/get-upload-base-path')
  @SpecOperation('get_upload_base_path_v1_get_upload_base_path_get')
  uploadBasePath() {
    return { upload_base_path: LOCAL_UPLOAD_BASE_PATH };
  }

  @Post('v1/local-data')
  @HttpCode(200)
  @SpecOperation('upload_local_data_v1_local_data_post')
  uploadData(@CurrentOwner() owner: OwnerContext, @Body() body: LocalDataPayload) {
    return this.services.send(TrainerSubjects.uploadData, owner, body);
  }

  @Post('v1/existing-data')
  @HttpCode(200)
  @SpecOperation('existing_data_v1_existing_data_post')
  existingData(@CurrentOwner() owner: OwnerContext, @Body() body: ExistingDataPayload) {
    return this.services.send(TrainerSubjects.existingData, owner, body);
  }

  @Post('v1/data')
  @SpecOperation('create_blob_dataset_v1_data_post')
  blobDataset() {
    throw blobUploadsRefused();
  }

  @Post('v1/data/num-datapoints')
  @SpecOperation('blob_dataset_num_datapoints_v1_data_num_datapoints_post')
  blobDatasetSize() {
    throw blobUploadsRefused();
  }

  @Post('v1/train')
  @HttpCode(200)
  @SpecOperation('train_v1_train_post')
  train(@CurrentOwner() owner: OwnerContext, @Body() body: TrainJobPayload) {
    return this.services.send(TrainerSubjects.train, owner, body);
  }

  @Get('v1/train/jobs')
  @SpecOperation('list_training_jobs_v1_train_jobs_get')
  list(@CurrentOwner() owner: OwnerContext) {
    return this.services.send(TrainerSubjects.listJobs, owner, {});
  }

  // Declared before `v1/train/jobs/:job_id/...` routes for readability only: paths differ in length.
  @Post('v1/train/jobs/cancel')
  @HttpCode(200)
  @SpecOperation('cancel_all_training_jobs_v1_train_jobs_cancel_post')
  cancelAll(@CurrentOwner() owner: OwnerContext) {
    return this.services.send(TrainerSubjects.cancelAll, owner, {});
  }

  @Get('v1/train/jobs/:job_id')
  @SpecOperation('train_status_v1_train_jobs__job_id__get')
  status(@CurrentOwner() owner: OwnerContext, @Param('job_id') jobId: string) {
    return this.services.send(TrainerSubjects.status, owner, jobRef(jobId));
  }

  @Get('v1/train/jobs/:job_id/eval')
  @SpecOperation('evaluate_training_job_v1_train_jobs__job_id__eval_get')
  evaluate(@CurrentOwner() owner: OwnerContext, @Param('job_id') jobId: string) {
    return this.services.send(TrainerSubjects.evaluate, owner, jobRef(jobId));
  }

  @Post('v1/train/jobs/:job_id/cancel')
  @HttpCode(200)
  @SpecOperation('cancel_training_job_v1_train_jobs__job_id__cancel_post')
  cancel(@CurrentOwner() owner: OwnerContext, @Param('job_id') jobId: string) {
    return this.services.send(TrainerSubjects.cancel, owner, jobRef(jobId));
  }

  @Post('v1/train/jobs/:job_id/resume')
  @HttpCode(200)
  @SpecOperation('resume_training_job_v1_train_jobs__job_id__resume_post')
  resume(@CurrentOwner() owner: OwnerContext, @Param('job_id') jobId: string) {
    return this.services.send(TrainerSubjects.resume, owner, jobRef(jobId));
  }
}

function blobUploadsRefused() {
  return new BadRequestError(
    `This platform stores datasets itself: GET /v1/get-upload-base-path answers "${LOCAL_UPLOAD_BASE_PATH}", and rows are uploaded with POST /v1/local-data`,
  );
}
