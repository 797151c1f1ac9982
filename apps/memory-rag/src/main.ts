import { Module } from '@nestjs/common';
import { PersistenceModule } from '@lamini/persistence';
import { HealthModule, ServiceRuntimeModule, bootstrapService } from '@lamini/runtime';
import { TransportModule, readNatsConfig } from '@lamini/transport';
import { MemoryRagModule } from './app/memory-rag.module';

const transport = readNatsConfig();

@Module({
  imports: [PersistenceModule.forRoot(), TransportModule.forRoot(transport), ServiceRuntimeModule, HealthModule, MemoryRagModule],
})
class MemoryRagProcessModule {}

void bootstrapService('memory-rag', MemoryRagProcessModule, transport);
