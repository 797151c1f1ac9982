import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { InProcessBus, NoRespondersError } from './in-process-bus';

/** NestJS client proxy that delivers requests to handlers registered on the same InProcessBus. */
export class InProcessClient extends ClientProxy {
  constructor(private readonly bus: InProcessBus) {
    super();
  }

  async connect(): Promise<void> {
    // Nothing to connect to: the bus lives in this process.
  }

  close(): void {
    // Nothing to release; the servers unregister their own handlers.
  }

  unwrap<T>(): T {
    return this.bus as T;
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const pattern = this.normalizePattern(packet.pattern);
    const handler = this.bus.lookup(pattern);
    if (!handler) {
      callback({ err: new NoRespondersError(pattern), isDisposed: true });
      return () => undefined;
    }
    return handler(InProcessBus.copy(packet.data), callback);
  }

  protected async dispatchEvent<T = undefined>(packet: ReadPacket): Promise<T> {
    this.bus.publish(this.normalizePattern(packet.pattern), packet.data);
    return undefined as T;
  }
}
