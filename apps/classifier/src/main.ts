import { Module } from '@nestjs/common';
import { PersistenceModule } from '@lamini/persistence';
import { HealthModule, ServiceRuntimeModule, bootstrapService } from '@lamini/runtime';
import { TransportModule, readNatsConfig } from '@lamini/transport';
import { ClassifierModule } from './app/classifier.module';

const transport = readNatsConfig();

@Module({
  imports: [PersistenceModule.forRoot(), TransportModule.forRoot(transport), ServiceRuntimeModule, HealthModule, ClassifierModule],
})
class ClassifierProcessModule {}

void bootstrapService('classifier', ClassifierProcessModule, transport);
