import { Body, Get, HttpCode, Post } from '@nestjs/common';
import { type OwnerContext, PostPayload, RegistrySubjects } from '@lamini/contracts';
import { ServiceClient } from '@lamini/transport';
import { CurrentOwner } from '../auth/current-owner.decorator';
import { SpecOperation } from '../validation/spec-operation.decorator';
import { ApiRoutes } from './api-route.decorator';

/**
 * The spec lists each operation twice, with and without a trailing slash (the SDK uses the
 * slash); express routes both spellings here, and the OpenAPI document lists both.
 */
@ApiRoutes('models')
export class DownloadedModelsController {
  constructor(private readonly services: ServiceClient) {}

  @Get('v1alpha/downloaded_models')
  @SpecOperation('all_models_v1alpha_downloaded_models_get')
  list(@CurrentOwner() owner: OwnerContext) {
    return this.services.send(RegistrySubjects.listModels, owner, {});
  }

  @Post('v1alpha/downloaded_models')
  @HttpCode(200)
  @SpecOperation('start_download_models_v1alpha_downloaded_models_post')
  download(@CurrentOwner() owner: OwnerContext, @Body() body: PostPayload) {
    return this.services.send(RegistrySubjects.downloadModel, owner, {
      hf_model_name: body.hf_model_name,
      model_type: body.model_type ?? 'transformer',
      private_hf_token: body.private_hf_token,
    });
  }
}
