import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import type { NatsConnection } from 'nats';
import { TRANSPORT_CLIENT } from './service-client';
import type { TransportConfig } from './transport-config';

export const TRANSPORT_CONFIG = Symbol('TRANSPORT_CONFIG');

@Injectable()
export class TransportHealth {
  constructor(
    @Inject(TRANSPORT_CLIENT) private readonly proxy: ClientProxy,
    @Inject(TRANSPORT_CONFIG) private readonly config: TransportConfig,
  ) {}

  /** A round trip to the broker: connected is not enough, a half-open socket says connected too. */
  async check(timeoutMs = 2000): Promise<void> {
    if (this.config.kind === 'in-process') return;
    await withTimeout(
      (async () => {
        await this.proxy.connect();
        await this.proxy.unwrap<NatsConnection>().flush();
      })(),
      timeoutMs,
      'NATS did not answer',
    );
  }
}

export async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
