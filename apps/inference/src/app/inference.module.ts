import { Module } from '@nestjs/common';
import { CompletionController } from './completion/completion.controller';
import { CompletionService } from './completion/completion.service';
import { LlamaRuntime } from './engine/llama-runtime';
import { ModelPool } from './engine/model-pool';
import { OutputGrammars } from './engine/output-grammars';
import { TextGenerator } from './engine/text-generator';
import { INFERENCE_CONFIG, readInferenceConfig } from './inference.config';

/** Completions on node-llama-cpp. Needs a transport (to reach the model registry) from the process root. */
@Module({
  controllers: [CompletionController],
  providers: [
    { provide: INFERENCE_CONFIG, useFactory: () => readInferenceConfig() },
    LlamaRuntime,
    ModelPool,
    OutputGrammars,
    TextGenerator,
    CompletionService,
  ],
})
export class InferenceModule {}
