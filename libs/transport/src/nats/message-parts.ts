import { type Msg, type MsgHdrs, headers as createHeaders } from 'nats';

/** `index/count` on each part of a message sent in parts, counted from 1. */
export const PART_HEADER = 'Lamini-Part';
/** Room left in each part for the headers, which count against the broker's max_payload too. */
const HEADER_ROOM_BYTES = 4096;

/**
 * Sends `data` as one message, or in consecutive parts when it is larger than the broker
 * carries: NATS refuses anything over its max_payload (1 MB unless configured). Parts of one
 * message to one subscriber arrive in order, so the receiver only has to join them.
 */
export function sendInParts(
  send: (data: Uint8Array, headers: MsgHdrs | undefined) => void,
  data: Uint8Array,
  headers: MsgHdrs | undefined,
  maxPayload: number,
): void {
  const partBytes = maxPayload - HEADER_ROOM_BYTES;
  if (data.length <= partBytes) return send(data, headers);
  const count = Math.ceil(data.length / partBytes);
  for (let index = 1; index <= count; index++) {
    const partHeaders = copyHeaders(headers);
    partHeaders.set(PART_HEADER, `${index}/${count}`);
    send(data.subarray((index - 1) * partBytes, index * partBytes), partHeaders);
  }
}

/** Joins the parts of messages that came in parts, per subject; other messages pass through. */
export class PartAssembler {
  private readonly pending = new Map<string, Uint8Array[]>();

  /** The whole message's data once its last part is in, undefined while parts are missing. */
  accept(message: Msg): Uint8Array | undefined {
    const part = message.headers?.get(PART_HEADER);
    if (!part) return message.data;
    const [index, count] = part.split('/').map(Number);
    const parts = index === 1 ? [] : (this.pending.get(message.subject) ?? []);
    parts.push(message.data);
    if (index < count) {
      this.pending.set(message.subject, parts);
      return undefined;
    }
    this.pending.delete(message.subject);
    return Buffer.concat(parts);
  }

  /** Drops what arrived for a subject nobody waits on any more. */
  forget(subject: string): void {
    this.pending.delete(subject);
  }
}

function copyHeaders(from: MsgHdrs | undefined): MsgHdrs {
  const copy = createHeaders();
  for (const key of from?.keys() ?? []) for (const value of from!.values(key)) copy.append(key, value);
  return copy;
}
