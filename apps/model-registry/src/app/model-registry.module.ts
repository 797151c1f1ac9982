import { Module } from '@nestjs/common';
import { ModelCatalog } from './catalog/model-catalog';
import { LocalModelDiscovery } from './discovery/local-model-discovery';
import { FileDownloader } from './download/file-downloader';
import { ModelDownloadHandler } from './download/model-download.handler';
import { TokenCipher } from './download/token-cipher';
import { HubClient } from './hub/hub-client';
import { REGISTRY_CONFIG, readRegistryConfig } from './registry.config';
import { RegistryController } from './registry.controller';
import { RegistryService } from './registry.service';
import { ModelStore } from './store/model-store';
import { TrainedModelIntake } from './trained/trained-model-intake';

/** The model catalogue and store. Needs PersistenceModule and a transport server from the process root. */
@Module({
  controllers: [RegistryController],
  providers: [
    { provide: REGISTRY_CONFIG, useFactory: () => readRegistryConfig() },
    ModelCatalog,
    LocalModelDiscovery,
    HubClient,
    ModelStore,
    FileDownloader,
    TokenCipher,
    ModelDownloadHandler,
    TrainedModelIntake,
    RegistryService,
  ],
})
export class ModelRegistryModule {}
