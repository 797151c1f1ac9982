import { Body, HttpCode, Param, Post, Get } from '@nestjs/common';
import {
  BatchCompletionsPayload,
  CompletionsPayload,
  InferenceSubjects,
  type OwnerContext,
  V3StreamingCompletionsPayload,
} from '@lamini/contracts';
import { ServiceClient } from '@lamini/transport';
import { CurrentOwner } from '../auth/current-owner.decorator';
import { SpecOperation } from '../validation/spec-operation.decorator';
import { ApiRoutes } from './api-route.decorator';
import { ClientGone } from './client-gone.decorator';

@ApiRoutes('completions')
export class CompletionsController {
  constructor(private readonly services: ServiceClient) {}

  @Post('v2/completions')
  @HttpCode(200)
  @SpecOperation('completions_v2_completions_post')
  complete(@CurrentOwner() owner: OwnerContext, @Body() body: CompletionsPayload, @ClientGone() gone: AbortSignal) {
    return this.services.send(InferenceSubjects.complete, owner, body, { signal: gone });
  }

  /** The SDK's `Lamini.generate` route; the inference service shapes its v1 answer. */
  @Post('v1/completions')
  @HttpCode(200)
  @SpecOperation('completions_v1_completions_post')
  completeV1(@CurrentOwner() owner: OwnerContext, @Body() body: CompletionsPayload, @ClientGone() gone: AbortSignal) {
    return this.services.send(InferenceSubjects.completeV1, owner, body, { signal: gone });
  }

  @Post('v1/batch_completions')
  @HttpCode(200)
  @SpecOperation('batch_completion_v1_batch_completions_post')
  createBatch(@CurrentOwner() owner: OwnerContext, @Body() body: BatchCompletionsPayload) {
    return this.services.send(InferenceSubjects.createBatch, owner, body);
  }

  @Get('v1/batch_completions/:id/result')
  @SpecOperation('batch_completion_result_v1_batch_completions__id__result_get')
  batchResult(@CurrentOwner() owner: OwnerContext, @Param('id') id: string) {
    return this.services.send(InferenceSubjects.batchResult, owner, { id });
  }

  @Post('v3/streaming_completions')
  @HttpCode(200)
  @SpecOperation('streaming_completions_v3_streaming_completions_post')
  createStream(@CurrentOwner() owner: OwnerContext, @Body() body: V3StreamingCompletionsPayload) {
    return this.services.send(InferenceSubjects.createStream, owner, body);
  }

  @Get('v3/streaming_completions/:id/result')
  @SpecOperation('streaming_completion_result_v3_streaming_completions__id__result_get')
  streamResult(@CurrentOwner() owner: OwnerContext, @Param('id') id: string) {
    return this.services.send(InferenceSubjects.streamResult, owner, { id });
  }
}
