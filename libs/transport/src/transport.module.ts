import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy, type MicroserviceOptions } from '@nestjs/microservices';
import type { ServiceName } from '@lamini/contracts';
import { CancellableRequests } from './cancellation/cancellable-requests';
import { InProcessClient } from './in-process/in-process-client';
import { InProcessServer } from './in-process/in-process-server';
import { ModelLocator } from './model-locator';
import { MuxedClientNats } from './nats/muxed-client-nats';
import { natsConnectionOptions } from './nats/nats-connection-options';
import { PartedRepliesServerNats } from './nats/parted-replies-server-nats';
import { ServiceClient, TRANSPORT_CLIENT } from './service-client';
import type { TransportConfig } from './transport-config';
import { TRANSPORT_CONFIG, TransportHealth } from './transport-health';

export function createTransportClient(config: TransportConfig): ClientProxy {
  return config.kind === 'nats'
    ? (new MuxedClientNats({ ...natsConnectionOptions(config), name: `lamini-client-${process.pid}`, maxReconnectAttempts: -1 }) as unknown as ClientProxy)
    : new InProcessClient(config.bus);
}

/** Server options for a service: replicas of one service share its subjects through a NATS queue group. */
export function serverOptionsFor(config: TransportConfig, service: ServiceName): MicroserviceOptions {
  return config.kind === 'nats'
    ? { strategy: new PartedRepliesServerNats({ ...natsConnectionOptions(config), queue: service, name: `lamini-${service}` }) }
    : { strategy: new InProcessServer(config.bus) };
}

@Global()
@Module({})
export class TransportModule implements OnApplicationShutdown {
  constructor(@Inject(TRANSPORT_CLIENT) private readonly proxy: ClientProxy) {}

  static forRoot(config: TransportConfig): DynamicModule {
    return {
      module: TransportModule,
      providers: [
        { provide: TRANSPORT_CONFIG, useValue: config },
        { provide: TRANSPORT_CLIENT, useFactory: () => createTransportClient(config) },
        ServiceClient,
        TransportHealth,
        CancellableRequests,
        ModelLocator,
      ],
      exports: [TRANSPORT_CONFIG, TRANSPORT_CLIENT, ServiceClient, TransportHealth, CancellableRequests, ModelLocator],
    };
  }

  async onApplicationShutdown() {
    await this.proxy.close();
  }
}
