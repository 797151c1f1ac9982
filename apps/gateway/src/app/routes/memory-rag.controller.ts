import { Body, Get, HttpCode, Param, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import {
  type JsonObject,
  type MemoryRagAddIndexPayload,
  type MemoryRagCompletionPayload,
  MemoryRagSubjects,
  type OwnerContext,
} from '@lamini/contracts';
import { ServiceClient } from '@lamini/transport';
import { CurrentOwner } from '../auth/current-owner.decorator';
import { type StagedRequest, StagedUploadInterceptor } from '../uploads/staged-upload.interceptor';
import { RequestValidationException } from '../validation/request-validation.exception';
import { SpecOperation } from '../validation/spec-operation.decorator';
import { unstorableTextIssues } from '../validation/storable-text';
import { ApiRoutes } from './api-route.decorator';

const schemaRef = (name: string) => ({ schema: { $ref: `#/components/schemas/${name}` } });

@ApiRoutes('memory rag')
export class MemoryRagController {
  constructor(private readonly services: ServiceClient) {}

  @Post('alpha/memory-rag/train')
  @HttpCode(200)
  @SpecOperation('memory_rag_train_post')
  @UseInterceptors(StagedUploadInterceptor)
  train(@CurrentOwner() owner: OwnerContext, @Req() request: StagedRequest) {
    // The SDK's form: multipart `files` parts, streamed to the upload folder by the interceptor,
    // and a `model_name` field. A JSON body carries no document the service could read.
    const body = (request.body ?? {}) as JsonObject;
    if (typeof body.model_name !== 'string' || !body.model_name) {
      throw new RequestValidationException([{ type: 'missing', loc: ['body', 'model_name'], msg: 'Field required', input: null }]);
    }
    const files = (request.files ?? []).map((file) => ({ upload_id: file.filename, file_name: file.originalname, size: file.size }));
    // The form's text skipped the spec validator, which ran before the parts were read.
    const issues = unstorableTextIssues({ model_name: body.model_name, files: files.map((file) => file.file_name) }, 'body');
    if (issues.length) throw new RequestValidationException(issues);
    return this.services.send(MemoryRagSubjects.train, owner, { model_name: body.model_name, files });
  }

  @Post('alpha/memory-rag/add-index')
  @HttpCode(200)
  @SpecOperation('memory_rag_add_index_post')
  @ApiBody(schemaRef('MemoryRagAddIndexPayload'))
  addIndex(@CurrentOwner() owner: OwnerContext, @Body() body: MemoryRagAddIndexPayload) {
    return this.services.send(MemoryRagSubjects.addIndex, owner, body);
  }

  @Post('alpha/memory-rag/completions')
  @HttpCode(200)
  @SpecOperation('memory_rag_completions_post')
  @ApiBody(schemaRef('MemoryRagCompletionsPayload'))
  complete(@CurrentOwner() owner: OwnerContext, @Body() body: MemoryRagCompletionPayload) {
    return this.services.send(MemoryRagSubjects.complete, owner, body);
  }

  @Post('alpha/memory-rag/suggestions')
  @HttpCode(200)
  @SpecOperation('memory_rag_suggestions_post')
  @ApiBody(schemaRef('MemoryRagSuggestionsPayload'))
  suggestions(@CurrentOwner() owner: OwnerContext, @Body() body: { job_id: number }) {
    return this.services.send(MemoryRagSubjects.suggestions, owner, body);
  }

  /** The SDK's `MemoryRAG.status()`: `POST /status {job_id}`. */
  @Post('alpha/memory-rag/status')
  @HttpCode(200)
  @SpecOperation('memory_rag_job_status_post')
  postStatus(@CurrentOwner() owner: OwnerContext, @Body() body: { job_id: number }) {
    return this.services.send(MemoryRagSubjects.jobStatus, owner, { job_id: body.job_id });
  }

  @Get('alpha/memory-rag/training_log/:job_id')
  @SpecOperation('memory_rag_training_log_get')
  trainingLog(@CurrentOwner() owner: OwnerContext, @Param('job_id') jobId: string) {
    return this.services.send(MemoryRagSubjects.jobLog, owner, { job_id: Number(jobId) });
  }

  /** The SDK sends `job_id` in a JSON body of this GET; `?job_id=` works too (see SPEC_AMENDMENTS). */
  @Get('alpha/memory-rag/status')
  @SpecOperation('memory_rag_job_status')
  @ApiQuery({ name: 'job_id', required: false, type: 'integer' })
  @ApiBody({ required: false, schema: { type: 'object', properties: { job_id: { type: 'integer' } } } })
  status(@CurrentOwner() owner: OwnerContext, @Query('job_id') queryJobId?: number, @Body() body?: { job_id?: number }) {
    const jobId = queryJobId ?? body?.job_id;
    if (jobId === undefined) {
      throw new RequestValidationException([{ type: 'missing', loc: ['query', 'job_id'], msg: 'Field required', input: null }]);
    }
    return this.services.send(MemoryRagSubjects.jobStatus, owner, { job_id: Number(jobId) });
  }
}
