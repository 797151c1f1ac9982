import type { Envelope } from '../messages/envelope';

export const SERVICE_NAMES = ['inference', 'embedding', 'trainer', 'classifier', 'memory-rag', 'model-registry'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/**
 * A request/reply operation of one service. The type parameters exist only for the compiler:
 * `ServiceClient.send(subject, payload)` infers the payload and reply types from the subject.
 */
export interface Subject<Payload, Reply> {
  readonly service: ServiceName;
  readonly name: string;
  /** How long the caller waits for the reply before giving up. */
  readonly timeoutMs: number;
  /**
   * The work behind the request stops when its caller gives up (the HTTP client went away, or
   * the timeout passed): the caller broadcasts a CancelRequest on `cancelSubjectFor(service)`.
   */
  readonly cancellable?: boolean;
  readonly __types?: { payload: Payload; reply: Reply };
}

export type PayloadOf<S> = S extends Subject<infer P, unknown> ? P : never;
export type ReplyOf<S> = S extends Subject<unknown, infer R> ? R : never;
export type MessageOf<S> = Envelope<PayloadOf<S>>;

export const DEFAULT_TIMEOUT_MS = 30_000;

export function defineSubject<Payload, Reply>(
  service: ServiceName,
  name: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  options: { cancellable?: boolean } = {},
): Subject<Payload, Reply> {
  return { service, name, timeoutMs, ...options };
}

/**
 * Sent to every replica of the subject's service, since the caller cannot know which one took
 * the request: the one running `requestId` stops it, the others ignore it.
 */
export interface CancelRequest {
  requestId: string;
}

export function cancelSubjectFor(service: ServiceName): string {
  return `${service}.requests.cancel`;
}
