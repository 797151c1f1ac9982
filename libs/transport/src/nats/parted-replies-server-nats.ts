import { type NatsContext, ServerNats, type WritePacket } from '@nestjs/microservices';
import type { Msg, MsgHdrs, NatsConnection } from 'nats';
import { sendInParts } from './message-parts';

/**
 * NestJS's NATS server, except that a reply larger than the broker's max_payload (a batch's
 * results, a long list of completions) goes back in parts that MuxedClientNats joins, instead
 * of failing to publish and leaving the caller waiting until its timeout.
 */
export class PartedRepliesServerNats extends ServerNats {
  /** What the broker announced on connecting; NATS's default until then. */
  private maxPayload = 1024 * 1024;

  override async createNatsClient(): Promise<NatsConnection> {
    const connection: NatsConnection = await super.createNatsClient();
    this.maxPayload = connection.info?.max_payload ?? this.maxPayload;
    return connection;
  }

  override getPublisher(natsMsg: Msg, id: string, ctx: NatsContext) {
    if (!natsMsg.reply) return super.getPublisher(natsMsg, id, ctx);
    return (response: WritePacket) => {
      const outgoing = this.serializer.serialize({ ...response, id }) as { data: Uint8Array; headers?: MsgHdrs };
      this.onProcessingEndHook?.(this.transportId, ctx);
      sendInParts((data, headers) => natsMsg.respond(data, { headers }), outgoing.data, outgoing.headers, this.maxPayload);
    };
  }
}
