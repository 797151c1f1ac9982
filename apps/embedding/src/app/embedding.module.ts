import { Module } from '@nestjs/common';
import { EMBEDDING_CONFIG, readEmbeddingConfig } from './embedding.config';
import { EmbeddingController } from './embedding.controller';
import { EmbeddingService } from './embedding.service';
import { EmbeddingEngines } from './engine/embedding-engines';

/** Sentence embeddings (ONNX, or GGUF through node-llama-cpp). Needs a transport (to reach the model registry) from the process root. */
@Module({
  controllers: [EmbeddingController],
  providers: [{ provide: EMBEDDING_CONFIG, useFactory: () => readEmbeddingConfig() }, EmbeddingEngines, EmbeddingService],
})
export class EmbeddingModule {}
