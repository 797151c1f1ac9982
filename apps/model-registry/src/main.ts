import { Module } from '@nestjs/common';
import { PersistenceModule } from '@lamini/persistence';
import { HealthModule, ServiceRuntimeModule, bootstrapService } from '@lamini/runtime';
import { TransportModule, readNatsConfig } from '@lamini/transport';
import { ModelRegistryModule } from './app/model-registry.module';

const transport = readNatsConfig();

@Module({
  imports: [PersistenceModule.forRoot(), TransportModule.forRoot(transport), ServiceRuntimeModule, HealthModule, ModelRegistryModule],
})
class ModelRegistryProcessModule {}

void bootstrapService('model-registry', ModelRegistryProcessModule, transport);
