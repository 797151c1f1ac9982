import { ClientNats, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { ErrorCode, type Msg, type NatsConnection, createInbox } from 'nats';
import { PayloadTooLargeError } from '@lamini/contracts';
import { PartAssembler } from './message-parts';

type ReplyHandler = (error: Error | undefined, message: Msg) => unknown;
interface Mux {
  connection: NatsConnection;
  base: string;
  /** By reply inbox: the request's subject, to fail it if the broker refuses that subject, and its reply handler. */
  pending: Map<string, { subject: string; handle: ReplyHandler }>;
  parts: PartAssembler;
}

/**
 * NestJS's NATS client with one reply subscription per connection instead of one per request.
 * The stock client subscribes to a fresh inbox for every request and unsubscribes after it, two
 * extra protocol round trips that made up most of the transport's cost (bench:gateway). Here
 * each request's replies come to `<inbox>.<packet id>` under a single wildcard subscription, the
 * way nats.js's own request() does it. Replies that PartedRepliesServerNats sent in parts are
 * joined; a request larger than the broker carries is refused as PayloadTooLarge. When the broker
 * refuses this process a subject (its permissions), the requests concerned fail at once instead
 * of waiting for their timeout.
 */
export class MuxedClientNats extends ClientNats {
  private mux: Mux | undefined;

  protected override publish(partialPacket: ReadPacket, callback: (packet: WritePacket) => unknown): () => void {
    try {
      const packet = this.assignPacketId(partialPacket);
      const serialized = this.serializer.serialize(packet);
      const mux = this.muxFor(this.natsClient as NatsConnection);
      const inbox = `${mux.base}.${packet.id}`;
      const subject = this.normalizePattern(partialPacket.pattern);
      const forget = () => {
        mux.pending.delete(inbox);
        mux.parts.forget(inbox);
      };
      const handle = this.createSubscriptionHandler(packet, (reply) => {
        if (reply.isDisposed || reply.err) forget();
        return callback(reply);
      });
      mux.pending.set(inbox, { subject, handle });
      try {
        (this.natsClient as NatsConnection).publish(subject, serialized.data, {
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

  private muxFor(connection: NatsConnection): Mux {
    if (this.mux?.connection !== connection) {
      const mux: Mux = { connection, base: createInbox(this.options.inboxPrefix), pending: new Map(), parts: new PartAssembler() };
      connection.subscribe(`${mux.base}.*`, {
        callback: (error, message) => {
          if (error) {
            // The broker refused the inbox: nothing will reach it; the next request subscribes again.
            if (this.mux === mux) this.mux = undefined;
            return failPending(mux, error, () => true);
          }
          const handler = mux.pending.get(message.subject)?.handle;
          if (!handler) return;
          const data = mux.parts.accept(message);
          if (data === undefined) return;
          // NestJS's reply handler reads only the data of the message.
          void handler(undefined, data === message.data ? message : ({ data } as Msg));
        },
      });
      void failRefusedPublishes(mux);
      this.mux = mux;
    }
    return this.mux;
  }
}

/** The broker reports a refused publish only as a status of the connection, naming the subject. */
async function failRefusedPublishes(mux: Mux): Promise<void> {
  for await (const status of mux.connection.status()) {
    const refused = status.permissionContext;
    if (status.data !== ErrorCode.PermissionsViolation || refused?.operation !== 'publish') continue;
    failPending(mux, new Error(`The message broker refused publishing to ${refused.subject} (permissions violation)`), (subject) => subject === refused.subject);
  }
}

function failPending(mux: Mux, error: Error, concerned: (subject: string) => boolean) {
  for (const [inbox, request] of mux.pending) {
    if (!concerned(request.subject)) continue;
    mux.pending.delete(inbox);
    void request.handle(error, {} as Msg);
  }
}

/** Requests cannot go in parts: each part could reach a different replica of the queue group. */
function tooLargeFor(error: unknown, data: Uint8Array, connection: NatsConnection): PayloadTooLargeError | undefined {
  if ((error as { code?: string })?.code !== ErrorCode.MaxPayloadExceeded) return undefined;
  return new PayloadTooLargeError(`The request is ${data.length} bytes; the message broker carries at most ${connection.info?.max_payload}`);
}
