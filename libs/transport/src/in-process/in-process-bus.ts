import type { WritePacket } from '@nestjs/microservices';

export type BusHandler = (data: unknown, reply: (packet: WritePacket) => void) => () => void;
export type BusListener = (data: unknown) => void;

/**
 * The embedded mode's broker: one per process, shared by the gateway's client and every
 * service's server. Messages are copied through JSON, as NATS would serialise them, so code
 * that works embedded cannot come to depend on sharing objects with its caller.
 */
export class InProcessBus {
  private readonly handlers = new Map<string, BusHandler>();
  private readonly listeners = new Map<string, Set<BusListener>>();

  register(pattern: string, handler: BusHandler): void {
    this.handlers.set(pattern, handler);
  }

  unregister(pattern: string): void {
    this.handlers.delete(pattern);
  }

  lookup(pattern: string): BusHandler | undefined {
    return this.handlers.get(pattern);
  }

  /** Events reach every listener of their pattern, as a NATS subscription outside a queue group does. */
  listen(pattern: string, listener: BusListener): () => void {
    const listeners = this.listeners.get(pattern) ?? new Set();
    listeners.add(listener);
    this.listeners.set(pattern, listeners);
    return () => listeners.delete(listener);
  }

  publish(pattern: string, data: unknown): void {
    for (const listener of this.listeners.get(pattern) ?? []) listener(InProcessBus.copy(data));
  }

  static copy<T>(value: T): T {
    return value === undefined ? value : JSON.parse(JSON.stringify(value));
  }
}

/** No service in this process answers the pattern: the in-process twin of NATS's "no responders". */
export class NoRespondersError extends Error {
  constructor(readonly pattern: string) {
    super(`No handler for ${pattern}`);
  }
}
