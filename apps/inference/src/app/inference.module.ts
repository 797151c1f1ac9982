import { Module } from '@nestjs/common';
import { CompletionController } from './completion/completion.controller';
import { BatchCompletionsService } from './batch/batch-completions.service';
import { CompletionService } from './completion/completion.service';
import { PromptRunner } from './completion/prompt-runner';
import { LlamaRuntime } from './engine/llama-runtime';
import { ModelPool } from './engine/model-pool';
import { OutputGrammars } from './engine/output-grammars';
import { TextGenerator } from './engine/text-generator';
import { INFERENCE_CONFIG, readInferenceConfig } from './inference.config';
import { StreamingCompletionsService } from './stream/streaming-completions.service';
import { OpenAiController } from './openai/openai.controller';
import { OpenAiGenerationService } from './openai/openai-generation.service';

/**
 * Completions on node-llama-cpp: answered at once, as durable batch jobs, or as streams. Needs
 * PersistenceModule and a transport (to reach the model registry) from the process root.
 */
@Module({
  controllers: [CompletionController, OpenAiController],
  providers: [
    { provide: INFERENCE_CONFIG, useFactory: () => readInferenceConfig() },
    LlamaRuntime,
    ModelPool,
    OutputGrammars,
    TextGenerator,
    PromptRunner,
    OpenAiGenerationService,
    CompletionService,
    BatchCompletionsService,
    StreamingCompletionsService,
  ],
})
export class InferenceModule {}
