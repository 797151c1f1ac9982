import { ClientNats, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { ErrorCode, type Msg, type NatsConnection, createInbox } from 'nats';
import { PayloadTooLargeError } from '@lamini/contracts';
import { PartAssembler } from './message-parts';

type ReplyHandler = (error: Error | undefined, message: Msg) => unknown;

/**
 * NestJS's NATS client with one reply subscription per connection instead of one per request.
 * The stock client subscribes to a fresh inbox for every request and unsubscribes after it, two
 * extra protocol round trips that made up most of the transport's cost (bench:gateway). Here
 * each request's replies come to `<inbox>.<packet id>` under a single wildcard subscription, the
 * way nats.js's own request() does it. Replies that PartedRepliesServerNats sent in parts are
 * joined; a request larger than the broker carries is refused as PayloadTooLarge.
 */
export class MuxedClientNats extends ClientNats {
  private mux: { connection: NatsConnection; base: string; handlers: Map<string, ReplyHandler>; parts: PartAssembler } | undefined;

  protected override publish(partialPacket: ReadPacket, callback: (packet: WritePacket) => unknown): () => void {
    try {
      const packet = this.assignPacketId(partialPacket);
      const serialized = this.serializer.serialize(packet);
      const mux = this.muxFor(this.natsClient as NatsConnection);
      const inbox = `${mux.base}.${packet.id}`;
      const forget = () => {
        mux.handlers.delete(inbox);
        mux.parts.forget(inbox);
      };
      const handle = this.createSubscriptionHandler(packet, (reply) => {
        if (reply.isDisposed || reply.err) forget();
        return callback(reply);
      });
      mux.handlers.set(inbox, handle);
      try {
        (this.natsClient as NatsConnection).publish(this.normalizePattern(partialPacket.pattern), serialized.data, {
          reply: inbox,
          headers: this.mergeHeaders(serialized.headers),
        });
      } catch (err) {
        forget();
        throw tooLargeFor(err, serialized.data, this.natsClient as NatsConnection) ?? err;
      }
      return forget;
    } catch (err) {
      callback({ err });
      return () => undefined;
    }
  }

  private muxFor(connection: NatsConnection) {
    if (this.mux?.connection !== connection) {
      const base = createInbox(this.options.inboxPrefix);
      const handlers = new Map<string, ReplyHandler>();
      const parts = new PartAssembler();
      connection.subscribe(`${base}.*`, {
        callback: (error, message) => {
          const handler = handlers.get(message.subject);
          if (!handler) return;
          if (error) return void handler(error, message);
          const data = parts.accept(message);
          if (data === undefined) return;
          // NestJS's reply handler reads only the data of the message.
          void handler(undefined, data === message.data ? message : ({ data } as Msg));
        },
      });
      this.mux = { connection, base, handlers, parts };
    }
    return this.mux;
  }
}

/** Requests cannot go in parts: each part could reach a different replica of the queue group. */
function tooLargeFor(error: unknown, data: Uint8Array, connection: NatsConnection): PayloadTooLargeError | undefined {
  if ((error as { code?: string })?.code !== ErrorCode.MaxPayloadExceeded) return undefined;
  return new PayloadTooLargeError(`The request is ${data.length} bytes; the message broker carries at most ${connection.info?.max_payload}`);
}
