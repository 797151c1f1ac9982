import { Body, HttpCode, Post } from '@nestjs/common';
import { EmbeddingParams, EmbeddingSubjects, type OwnerContext, embeddingResponse } from '@lamini/contracts';
import { ServiceClient } from '@lamini/transport';
import { CurrentOwner } from '../auth/current-owner.decorator';
import { SpecOperation } from '../validation/spec-operation.decorator';
import { ApiRoutes } from './api-route.decorator';

@ApiRoutes('embedding')
export class EmbeddingController {
  constructor(private readonly services: ServiceClient) {}

  @Post('v1/embedding')
  @HttpCode(200)
  @SpecOperation('embedding_v1_embedding_post')
  async embed(@CurrentOwner() owner: OwnerContext, @Body() body: EmbeddingParams) {
    return embeddingResponse(await this.services.send(EmbeddingSubjects.embed, owner, body));
  }
}
