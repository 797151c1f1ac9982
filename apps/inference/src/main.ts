import { Module } from '@nestjs/common';
import { MetricsModule } from '@lamini/metrics';
import { PersistenceModule } from '@lamini/persistence';
import { HealthModule, ServiceRuntimeModule, bootstrapService } from '@lamini/runtime';
import { TransportModule, readNatsConfig } from '@lamini/transport';
import { InferenceModule } from './app/inference.module';

const transport = readNatsConfig();

@Module({
  imports: [MetricsModule, PersistenceModule.forRoot(), TransportModule.forRoot(transport), ServiceRuntimeModule, HealthModule, InferenceModule],
})
class InferenceProcessModule {}

void bootstrapService('inference', InferenceProcessModule, transport);
