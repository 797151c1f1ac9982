import { Body, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import { type JsonObject, MemoryRagSubjects, type OwnerContext } from '@lamini/contracts';
import { ServiceClient } from '@lamini/transport';
import { CurrentOwner } from '../auth/current-owner.decorator';
import { RequestValidationException } from '../validation/request-validation.exception';
import { SpecOperation } from '../validation/spec-operation.decorator';
import { ApiRoutes } from './api-route.decorator';

const schemaRef = (name: string) => ({ schema: { $ref: `#/components/schemas/${name}` } });

@ApiRoutes('memory rag')
export class MemoryRagController {
  constructor(private readonly services: ServiceClient) {}

  @Post('alpha/memory-rag/train')
  @HttpCode(200)
  @SpecOperation('memory_rag_train_post')
  @ApiBody({ schema: {} })
  train(@CurrentOwner() owner: OwnerContext, @Body() body: JsonObject) {
    return this.services.send(MemoryRagSubjects.train, owner, body ?? {});
  }

  @Post('alpha/memory-rag/add-index')
  @HttpCode(200)
  @SpecOperation('memory_rag_add_index_post')
  @ApiBody(schemaRef('MemoryRagAddIndexPayload'))
  addIndex(@CurrentOwner() owner: OwnerContext, @Body() body: JsonObject) {
    return this.services.send(MemoryRagSubjects.addIndex, owner, body);
  }

  @Post('alpha/memory-rag/completions')
  @HttpCode(200)
  @SpecOperation('memory_rag_completions_post')
  @ApiBody(schemaRef('MemoryRagCompletionsPayload'))
  complete(@CurrentOwner() owner: OwnerContext, @Body() body: JsonObject) {
    return this.services.send(MemoryRagSubjects.complete, owner, body);
  }

  @Post('alpha/memory-rag/suggestions')
  @HttpCode(200)
  @SpecOperation('memory_rag_suggestions_post')
  @ApiBody(schemaRef('MemoryRagSuggestionsPayload'))
  suggestions(@CurrentOwner() owner: OwnerContext, @Body() body: JsonObject) {
    return this.services.send(MemoryRagSubjects.suggestions, owner, body);
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
    return this.services.send(MemoryRagSubjects.jobStatus, owner, { job_id: String(jobId) });
  }
}
