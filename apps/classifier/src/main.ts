import { Module } from '@nestjs/common';
import { MetricsModule } from '@lamini/metrics';
import { PersistenceModule } from '@lamini/persistence';
import { HealthModule, ServiceRuntimeModule, bootstrapService } from '@lamini/runtime';
import { TransportModule, readNatsConfig } from '@lamini/transport';
import { ClassifierModule } from './app/classifier.module';

const transport = readNatsConfig();

@Module({
  imports: [MetricsModule, PersistenceModule.forRoot(), TransportModule.forRoot(transport), ServiceRuntimeModule, HealthModule, ClassifierModule],
})
class ClassifierProcessModule {}

void bootstrapService('classifier', ClassifierProcessModule, transport);
