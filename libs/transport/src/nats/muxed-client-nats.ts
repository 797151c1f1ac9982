import { ClientNats, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { createInbox, type Msg, type NatsConnection } from 'nats';

type ReplyHandler = (error: Error | undefined, message: Msg) => unknown;

/**
 * NestJS's NATS client with one reply subscription per connection instead of one per request.
 * The stock client subscribes to a fresh inbox for every request and unsubscribes after it, two
 * extra protocol round trips that made up most of the transport's cost (bench:gateway). Here
 * each request's replies come to `<inbox>.<packet id>` under a single wildcard subscription, the
 * way nats.js's own request() does it; everything else is ClientNats as it is.
 */
export class MuxedClientNats extends ClientNats {
  private mux: { connection: NatsConnection; base: string; handlers: Map<string, ReplyHandler> } | undefined;

  protected override publish(partialPacket: ReadPacket, callback: (packet: WritePacket) => unknown): () => void {
    try {
      const packet = this.assignPacketId(partialPacket);
      const serialized = this.serializer.serialize(packet);
      const mux = this.muxFor(this.natsClient as NatsConnection);
      const inbox = `${mux.base}.${packet.id}`;
      const handle = this.createSubscriptionHandler(packet, (reply) => {
        if (reply.isDisposed || reply.err) mux.handlers.delete(inbox);
        return callback(reply);
      });
      mux.handlers.set(inbox, handle);
      (this.natsClient as NatsConnection).publish(this.normalizePattern(partialPacket.pattern), serialized.data, {
        reply: inbox,
        headers: this.mergeHeaders(serialized.headers),
      });
      return () => mux.handlers.delete(inbox);
    } catch (err) {
      callback({ err });
      return () => undefined;
    }
  }

  private muxFor(connection: NatsConnection) {
    if (this.mux?.connection !== connection) {
      const base = createInbox(this.options.inboxPrefix);
      const handlers = new Map<string, ReplyHandler>();
      connection.subscribe(`${base}.*`, { callback: (error, message) => void handlers.get(message.subject)?.(error ?? undefined, message) });
      this.mux = { connection, base, handlers };
    }
    return this.mux;
  }
}
