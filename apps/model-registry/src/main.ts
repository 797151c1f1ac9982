import { Module } from '@nestjs/common';
import { MetricsModule } from '@lamini/metrics';
import { PersistenceModule } from '@lamini/persistence';
import { HealthModule, ServiceRuntimeModule, bootstrapService } from '@lamini/runtime';
import { TransportModule, readNatsConfig } from '@lamini/transport';
import { ModelRegistryModule } from './app/model-registry.module';

const transport = readNatsConfig();

@Module({
  imports: [MetricsModule, PersistenceModule.forRoot(), TransportModule.forRoot(transport), ServiceRuntimeModule, HealthModule, ModelRegistryModule],
})
class ModelRegistryProcessModule {}

void bootstrapService('model-registry', ModelRegistryProcessModule, transport);
