import { once } from 'node:events';
import { Body, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  ClassifierSubjects,
  ClassifierV2AddPayload,
  ClassifierV2ClassifyPayload,
  ClassifierV2InitializePayload,
  ClassifierV2RegisterPayload,
  ClassifierV2TrainPayload,
  ClassifierV2UpdateJobPayload,
  type OwnerContext,
} from '@lamini/contracts';
import { ServiceClient } from '@lamini/transport';
import { CurrentOwner } from '../auth/current-owner.decorator';
import { SpecOperation } from '../validation/spec-operation.decorator';
import { ApiRoutes } from './api-route.decorator';

@ApiRoutes('classifier')
export class ClassifierController {
  constructor(private readonly services: ServiceClient) {}

  @Post('v2/classifier/initialize')
  @HttpCode(200)
  @SpecOperation('initialize_v2_classifier_initialize_post')
  initialize(@CurrentOwner() owner: OwnerContext, @Body() body: ClassifierV2InitializePayload) {
    return this.services.send(ClassifierSubjects.initialize, owner, body);
  }

  @Post('v2/classifier/add')
  @HttpCode(200)
  @SpecOperation('add_v2_classifier_add_post')
  add(@CurrentOwner() owner: OwnerContext, @Body() body: ClassifierV2AddPayload) {
    return this.services.send(ClassifierSubjects.add, owner, body);
  }

  @Post('v2/classifier/train')
  @HttpCode(200)
  @SpecOperation('train_v2_classifier_train_post')
  train(@CurrentOwner() owner: OwnerContext, @Body() body: ClassifierV2TrainPayload) {
    return this.services.send(ClassifierSubjects.train, owner, body);
  }

  @Post('v2/classifier/register')
  @HttpCode(200)
  @SpecOperation('register_v2_classifier_register_post')
  register(@CurrentOwner() owner: OwnerContext, @Body() body: ClassifierV2RegisterPayload) {
    return this.services.send(ClassifierSubjects.register, owner, body);
  }

  @Post('v2/classifier/update_job')
  @HttpCode(200)
  @SpecOperation('update_job_v2_classifier_update_job_post')
  updateJob(@CurrentOwner() owner: OwnerContext, @Body() body: ClassifierV2UpdateJobPayload) {
    return this.services.send(ClassifierSubjects.updateJob, owner, body);
  }

  @Get('v2/classifier/projects')
  @SpecOperation('list_projects_for_user_v2_classifier_projects_get')
  listProjects(@CurrentOwner() owner: OwnerContext) {
    return this.services.send(ClassifierSubjects.listProjects, owner, {});
  }

  @Get('v2/classifier/:job_id/status')
  @SpecOperation('status_v2_classifier__job_id__status_get')
  jobStatus(@CurrentOwner() owner: OwnerContext, @Param('job_id') jobId: string) {
    return this.services.send(ClassifierSubjects.jobStatus, owner, { job_id: jobId });
  }

  @Post('v2/classifier/:model_id/classify')
  @HttpCode(200)
  @SpecOperation('classify_v2_classifier__model_id__classify_post')
  classify(@CurrentOwner() owner: OwnerContext, @Param('model_id') modelId: string, @Body() body: ClassifierV2ClassifyPayload) {
    return this.services.send(ClassifierSubjects.classify, owner, { ...body, model_id: modelId });
  }

  @Get('v2/classifier/:project_name/models')
  @SpecOperation('list_models_with_metadata_for_project_v2_classifier__project_name__models_get')
  listModels(@CurrentOwner() owner: OwnerContext, @Param('project_name') projectName: string) {
    return this.services.send(ClassifierSubjects.listModels, owner, { project_name: projectName });
  }

  @Get('v2/classifier/:project_name/datasets')
  @SpecOperation('list_datasets_for_project_v2_classifier__project_name__datasets_get')
  listDatasets(@CurrentOwner() owner: OwnerContext, @Param('project_name') projectName: string) {
    return this.services.send(ClassifierSubjects.listDatasets, owner, { project_name: projectName });
  }

  @Get('v2/classifier/:project_name/jobs')
  @SpecOperation('list_jobs_for_project_v2_classifier__project_name__jobs_get')
  listJobs(@CurrentOwner() owner: OwnerContext, @Param('project_name') projectName: string) {
    return this.services.send(ClassifierSubjects.listJobs, owner, { project_name: projectName });
  }

  /** The SDK writes the answer's bytes to `<dataset>.jsonl`: a file of JSON lines, fetched from the service page by page. */
  @Get('v2/classifier/:project_name/:dataset_name/download')
  @SpecOperation('download_dataset_for_project_v2_classifier__project_name___dataset_name__download_get')
  async downloadDataset(
    @CurrentOwner() owner: OwnerContext,
    @Param('project_name') projectName: string,
    @Param('dataset_name') datasetName: string,
    @Res() response: Response,
  ) {
    const ref = { project_name: projectName, dataset_name: datasetName };
    // The first page is fetched before any byte is sent, so an unknown project or dataset is a plain error answer.
    let page = await this.services.send(ClassifierSubjects.downloadDataset, owner, ref);
    response.status(200).attachment(`${datasetName}.jsonl`).type('application/jsonl');
    try {
      for (;;) {
        const lines = page.rows.map((row) => `${JSON.stringify(row)}\n`).join('');
        if (lines && !response.write(lines)) await once(response, 'drain');
        if (page.next === null) break;
        page = await this.services.send(ClassifierSubjects.downloadDataset, owner, { ...ref, after: page.next });
      }
      response.end();
    } catch (error) {
      // Past the headers, only a cut connection tells the client the file is incomplete.
      response.destroy(error instanceof Error ? error : undefined);
    }
  }

  @Delete('v2/classifier/:project_name/:dataset_name')
  @SpecOperation('delete_datasets_for_project_v2_classifier__project_name___dataset_name__delete')
  deleteDataset(
    @CurrentOwner() owner: OwnerContext,
    @Param('project_name') projectName: string,
    @Param('dataset_name') datasetName: string,
  ) {
    return this.services.send(ClassifierSubjects.deleteDataset, owner, { project_name: projectName, dataset_name: datasetName });
  }
}
