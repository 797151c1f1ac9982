import { Module } from '@nestjs/common';
import { MetricsModule } from '@lamini/metrics';
import { HealthModule, ServiceRuntimeModule, bootstrapService } from '@lamini/runtime';
import { TransportModule, readNatsConfig } from '@lamini/transport';
import { EmbeddingModule } from './app/embedding.module';

const transport = readNatsConfig();

@Module({ imports: [MetricsModule, TransportModule.forRoot(transport), ServiceRuntimeModule, HealthModule, EmbeddingModule] })
class EmbeddingProcessModule {}

void bootstrapService('embedding', EmbeddingProcessModule, transport);
