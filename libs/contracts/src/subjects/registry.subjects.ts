import type { PostResponse } from '../dto/lamini-dtos';
import type {
  DownloadModelPayload,
  DownloadedModelView,
  RegisterTrainedModelPayload,
  ResolveModelPayload,
  ResolvedModel,
} from '../messages/registry.messages';
import { defineSubject } from './subject';

export const RegistrySubjects = {
  listModels: defineSubject<Record<string, never>, DownloadedModelView[]>('model-registry', 'registry.models.list'),
  downloadModel: defineSubject<DownloadModelPayload, PostResponse>('model-registry', 'registry.models.download'),
  resolveModel: defineSubject<ResolveModelPayload, ResolvedModel>('model-registry', 'registry.models.resolve'),
  registerTrained: defineSubject<RegisterTrainedModelPayload, DownloadedModelView>('model-registry', 'registry.models.register-trained'),
} as const;
