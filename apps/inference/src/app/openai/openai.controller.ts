import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Observable } from 'rxjs';
import { InferenceSubjects, type MessageOf, type OpenAiStreamEvent } from '@lamini/contracts';
import { CancellableRequests } from '@lamini/transport';
import { OpenAiGenerationService } from './openai-generation.service';

@Controller()
export class OpenAiController {
  constructor(
    private readonly generations: OpenAiGenerationService,
    private readonly requests: CancellableRequests,
  ) {}

  @MessagePattern(InferenceSubjects.openaiGenerate.name)
  generate(@Payload() message: MessageOf<typeof InferenceSubjects.openaiGenerate>) {
    return this.requests.run(message, (signal) => this.generations.generate(message.owner, message.payload, signal));
  }

  /** Replies with each delta as it is generated, then the whole generation; the caller going away stops it. */
  @MessagePattern(InferenceSubjects.openaiStream.name)
  stream(@Payload() message: MessageOf<typeof InferenceSubjects.openaiStream>): Observable<OpenAiStreamEvent> {
    return new Observable<OpenAiStreamEvent>((subscriber) => {
      const unsubscribed = new AbortController();
      this.requests
        .run(message, (signal) => {
          const stop = signal ? AbortSignal.any([signal, unsubscribed.signal]) : unsubscribed.signal;
          return this.generations.generate(message.owner, message.payload, stop, (index, text) => subscriber.next({ delta: { index, text } }));
        })
        .then(
          (done) => {
            subscriber.next({ done });
            subscriber.complete();
          },
          (error: unknown) => subscriber.error(error),
        );
      return () => unsubscribed.abort();
    });
  }
}
