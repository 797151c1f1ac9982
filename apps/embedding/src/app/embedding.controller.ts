import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { EmbeddingSubjects, type MessageOf } from '@lamini/contracts';
import { EmbeddingService } from './embedding.service';

@Controller()
export class EmbeddingController {
  constructor(private readonly embeddings: EmbeddingService) {}

  @MessagePattern(EmbeddingSubjects.embed.name)
  embed(@Payload() message: MessageOf<typeof EmbeddingSubjects.embed>) {
    return this.embeddings.embed(message.owner, message.payload);
  }
}
