import { BaseRpcContext, type CustomTransportStrategy, Server } from '@nestjs/microservices';
import { InProcessBus } from './in-process-bus';

/** NestJS server strategy that registers the app's message and event handlers on an InProcessBus. */
export class InProcessServer extends Server implements CustomTransportStrategy {
  private readonly registered: string[] = [];
  private readonly unlisteners: Array<() => void> = [];

  constructor(private readonly bus: InProcessBus) {
    super();
  }

  listen(callback: () => void): void {
    for (const [pattern, handler] of this.messageHandlers) {
      if (handler.isEventHandler) {
        const deliver = (data: unknown) =>
          this.handleEvent(pattern, { pattern, data }, new BaseRpcContext([pattern])).catch((error: unknown) => this.logger.error(error));
        this.unlisteners.push(this.bus.listen(pattern, (data) => void deliver(data)));
        continue;
      }
      this.bus.register(pattern, (data, reply) => {
        const context = new BaseRpcContext([pattern]);
        const subscription = { unsubscribe: () => undefined };
        void (async () => {
          try {
            const result$ = this.transformToObservable(await handler(InProcessBus.copy(data), context));
            const sub = this.send(result$, (packet) => reply(InProcessBus.copy(packet)));
            subscription.unsubscribe = () => {
              sub.unsubscribe();
            };
          } catch (err) {
            reply({ err, isDisposed: true });
          }
        })();
        return () => subscription.unsubscribe();
      });
      this.registered.push(pattern);
    }
    callback();
  }

  close(): void {
    for (const pattern of this.registered.splice(0)) this.bus.unregister(pattern);
    for (const unlisten of this.unlisteners.splice(0)) unlisten();
  }

  on(): never {
    throw new Error('InProcessServer has no transport events');
  }

  unwrap<T>(): T {
    return this.bus as T;
  }
}
