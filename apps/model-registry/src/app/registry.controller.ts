import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type MessageOf, RegistrySubjects } from '@lamini/contracts';
import { RegistryService } from './registry.service';

@Controller()
export class RegistryController {
  constructor(private readonly registry: RegistryService) {}

  @MessagePattern(RegistrySubjects.listModels.name)
  list(@Payload() message: MessageOf<typeof RegistrySubjects.listModels>) {
    return this.registry.list(message.owner);
  }

  @MessagePattern(RegistrySubjects.downloadModel.name)
  download(@Payload() message: MessageOf<typeof RegistrySubjects.downloadModel>) {
    return this.registry.download(message.owner, message.payload);
  }

  @MessagePattern(RegistrySubjects.registerTrained.name)
  registerTrained(@Payload() message: MessageOf<typeof RegistrySubjects.registerTrained>) {
    return this.registry.registerTrained(message.owner, message.payload);
  }

  @MessagePattern(RegistrySubjects.resolveModel.name)
  resolve(@Payload() message: MessageOf<typeof RegistrySubjects.resolveModel>) {
    return this.registry.resolve(message.owner, message.payload.model_name);
  }
}
