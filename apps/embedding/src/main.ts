import { Module } from '@nestjs/common';
import { HealthModule, ServiceRuntimeModule, bootstrapService } from '@lamini/runtime';
import { TransportModule, readNatsConfig } from '@lamini/transport';
import { EmbeddingModule } from './app/embedding.module';

const transport = readNatsConfig();

@Module({ imports: [TransportModule.forRoot(transport), ServiceRuntimeModule, HealthModule, EmbeddingModule] })
class EmbeddingProcessModule {}

void bootstrapService('embedding', EmbeddingProcessModule, transport);
