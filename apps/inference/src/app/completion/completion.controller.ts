import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InferenceSubjects, type MessageOf } from '@lamini/contracts';
import { CompletionService } from './completion.service';

@Controller()
export class CompletionController {
  constructor(private readonly completions: CompletionService) {}

  @MessagePattern(InferenceSubjects.complete.name)
  complete(@Payload() message: MessageOf<typeof InferenceSubjects.complete>) {
    return this.completions.completeV2(message.owner, message.payload);
  }

  @MessagePattern(InferenceSubjects.completeV1.name)
  completeV1(@Payload() message: MessageOf<typeof InferenceSubjects.completeV1>) {
    return this.completions.completeV1(message.owner, message.payload);
  }
}
