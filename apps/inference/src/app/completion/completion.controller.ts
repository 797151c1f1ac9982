import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type CancelRequest, type Envelope, InferenceSubjects, type MessageOf } from '@lamini/contracts';
import { CancelRequestPattern, CancellableRequests } from '@lamini/transport';
import { BatchCompletionsService } from '../batch/batch-completions.service';
import { StreamingCompletionsService } from '../stream/streaming-completions.service';
import { CompletionService } from './completion.service';

@Controller()
export class CompletionController {
  constructor(
    private readonly completions: CompletionService,
    private readonly batches: BatchCompletionsService,
    private readonly streams: StreamingCompletionsService,
    private readonly requests: CancellableRequests,
  ) {}

  @MessagePattern(InferenceSubjects.complete.name)
  complete(@Payload() message: MessageOf<typeof InferenceSubjects.complete>) {
    return this.requests.run(message, (signal) => this.completions.completeV2(message.owner, message.payload, signal));
  }

  @MessagePattern(InferenceSubjects.completeV1.name)
  completeV1(@Payload() message: MessageOf<typeof InferenceSubjects.completeV1>) {
    return this.requests.run(message, (signal) => this.completions.completeV1(message.owner, message.payload, signal));
  }

  /** The caller of a completion went away: its generation stops, freeing its sequences. */
  @CancelRequestPattern('inference')
  cancelRequest(@Payload() message: Envelope<CancelRequest>) {
    this.requests.cancel(message);
  }

  @MessagePattern(InferenceSubjects.createBatch.name)
  createBatch(@Payload() message: MessageOf<typeof InferenceSubjects.createBatch>) {
    return this.batches.create(message.owner, message.payload);
  }

  @MessagePattern(InferenceSubjects.batchResult.name)
  batchResult(@Payload() message: MessageOf<typeof InferenceSubjects.batchResult>) {
    return this.batches.result(message.owner, message.payload.id);
  }

  @MessagePattern(InferenceSubjects.createStream.name)
  createStream(@Payload() message: MessageOf<typeof InferenceSubjects.createStream>) {
    return this.streams.create(message.owner, message.payload);
  }

  @MessagePattern(InferenceSubjects.streamResult.name)
  streamResult(@Payload() message: MessageOf<typeof InferenceSubjects.streamResult>) {
    return this.streams.result(message.owner, message.payload.id);
  }

  @MessagePattern(InferenceSubjects.cancelStream.name)
  cancelStream(@Payload() message: MessageOf<typeof InferenceSubjects.cancelStream>) {
    return this.streams.cancel(message.owner, message.payload.id);
  }
}
