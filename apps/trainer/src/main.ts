import { Module } from '@nestjs/common';
import { MetricsModule } from '@lamini/metrics';
import { PersistenceModule } from '@lamini/persistence';
import { HealthModule, ServiceRuntimeModule, bootstrapService } from '@lamini/runtime';
import { TransportModule, readNatsConfig } from '@lamini/transport';
import { TrainerModule } from './app/trainer.module';

const transport = readNatsConfig();

@Module({
  imports: [MetricsModule, PersistenceModule.forRoot(), TransportModule.forRoot(transport), ServiceRuntimeModule, HealthModule, TrainerModule],
})
class TrainerProcessModule {}

void bootstrapService('trainer', TrainerProcessModule, transport);
