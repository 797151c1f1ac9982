import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type MessageOf, MemoryRagSubjects } from '@lamini/contracts';
import { RagJobsService } from './jobs/rag-jobs.service';
import { GroundedCompletionService } from './retrieval/grounded-completion.service';
import { QuestionSuggestionsService } from './retrieval/question-suggestions.service';

@Controller()
export class MemoryRagController {
  constructor(
    private readonly jobs: RagJobsService,
    private readonly completions: GroundedCompletionService,
    private readonly suggestions: QuestionSuggestionsService,
  ) {}

  @MessagePattern(MemoryRagSubjects.train.name)
  train(@Payload() message: MessageOf<typeof MemoryRagSubjects.train>) {
    return this.jobs.create(message.owner, message.payload);
  }

  @MessagePattern(MemoryRagSubjects.jobStatus.name)
  status(@Payload() message: MessageOf<typeof MemoryRagSubjects.jobStatus>) {
    return this.jobs.status(message.owner, message.payload.job_id);
  }

  @MessagePattern(MemoryRagSubjects.jobLog.name)
  log(@Payload() message: MessageOf<typeof MemoryRagSubjects.jobLog>) {
    return this.jobs.log(message.owner, message.payload.job_id);
  }

  @MessagePattern(MemoryRagSubjects.addIndex.name)
  addIndex(@Payload() message: MessageOf<typeof MemoryRagSubjects.addIndex>) {
    return this.jobs.addIndex(message.owner, message.payload);
  }

  @MessagePattern(MemoryRagSubjects.suggestions.name)
  suggest(@Payload() message: MessageOf<typeof MemoryRagSubjects.suggestions>) {
    return this.suggestions.suggest(message.owner, message.payload.job_id);
  }

  @MessagePattern(MemoryRagSubjects.complete.name)
  complete(@Payload() message: MessageOf<typeof MemoryRagSubjects.complete>) {
    return this.completions.complete(message.owner, message.payload);
  }
}
