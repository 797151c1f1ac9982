import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { readUploadConfig } from '@lamini/config';
import { HealthController, MetricsController } from '@lamini/runtime';
import { ApiKeyGuard } from './auth/api-key.guard';
import { HttpErrorFilter } from './errors/http-error.filter';
import { GATEWAY_CONFIG, readGatewayConfig } from './gateway.config';
import { OpenAiController } from './openai/openai.controller';
import { ClassifierController } from './routes/classifier.controller';
import { CompletionsController } from './routes/completions.controller';
import { DownloadedModelsController } from './routes/downloaded-models.controller';
import { EmbeddingController } from './routes/embedding.controller';
import { MemoryRagController } from './routes/memory-rag.controller';
import { StreamingEventsController } from './routes/streaming-events.controller';
import { TrainingController } from './routes/training.controller';
import { VersionController } from './routes/version.controller';
import { StagedUploadInterceptor, UPLOAD_CONFIG } from './uploads/staged-upload.interceptor';
import { SpecValidationGuard } from './validation/spec-validation.guard';
import { SpecValidator } from './validation/spec-validator';

/**
 * The HTTP edge: authenticates, validates against the spec and forwards each operation to its
 * service over the transport. Needs PersistenceModule and TransportModule from the process root.
 */
@Module({
  controllers: [
    HealthController,
    MetricsController,
    VersionController,
    CompletionsController,
    StreamingEventsController,
    EmbeddingController,
    TrainingController,
    ClassifierController,
    MemoryRagController,
    DownloadedModelsController,
    OpenAiController,
  ],
  providers: [
    { provide: GATEWAY_CONFIG, useFactory: () => readGatewayConfig() },
    { provide: UPLOAD_CONFIG, useFactory: () => readUploadConfig() },
    StagedUploadInterceptor,
    { provide: SpecValidator, useFactory: () => new SpecValidator() },
    // Order matters: who is asking is settled before what they asked is checked.
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_GUARD, useClass: SpecValidationGuard },
    { provide: APP_FILTER, useClass: HttpErrorFilter },
  ],
  exports: [GATEWAY_CONFIG],
})
export class GatewayModule {}
