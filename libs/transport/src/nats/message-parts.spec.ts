import { type Msg, type MsgHdrs } from 'nats';
import { PART_HEADER, PartAssembler, sendInParts } from './message-parts';

/** The messages `sendInParts` would publish to `subject`. */
function split(subject: string, data: Uint8Array, maxPayload: number): Msg[] {
  const sent: Msg[] = [];
  sendInParts((part, headers) => sent.push({ subject, data: part, headers } as Msg), data, undefined, maxPayload);
  return sent;
}

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) % 256);

describe('messages in parts', () => {
  it('sends a message that fits as it is, without a part header', () => {
    const [only, ...rest] = split('inbox.1', bytes(1000, 1), 8192);
    expect(rest).toEqual([]);
    expect(only.headers).toBeUndefined();
    expect(new PartAssembler().accept(only)).toEqual(bytes(1000, 1));
  });

  it('splits a larger message under max_payload and joins it whole, parts of two replies interleaved', () => {
    const [a, b] = [bytes(50_000, 1), bytes(30_000, 2)];
    const [partsA, partsB] = [split('inbox.a', a, 8192), split('inbox.b', b, 8192)];
    expect(partsA.length).toBe(Math.ceil(50_000 / (8192 - 4096)));
    expect(partsA.every((part) => part.data.length <= 8192 - 4096)).toBe(true);
    expect((partsA[0].headers as MsgHdrs).get(PART_HEADER)).toBe(`1/${partsA.length}`);

    const assembler = new PartAssembler();
    const joined: Record<string, Uint8Array> = {};
    for (let i = 0; i < Math.max(partsA.length, partsB.length); i++) {
      for (const part of [partsA[i], partsB[i]]) {
        if (!part) continue;
        const whole = assembler.accept(part);
        if (whole) joined[part.subject] = whole;
      }
    }
    expect(joined).toEqual({ 'inbox.a': Buffer.from(a), 'inbox.b': Buffer.from(b) });
  });
});
