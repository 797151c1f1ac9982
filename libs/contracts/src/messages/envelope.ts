/** Who is asking: every message from the gateway carries the authenticated owner. */
export interface OwnerContext {
  id: string;
  name: string;
}

export interface Envelope<Payload> {
  owner: OwnerContext;
  payload: Payload;
  /** Set on cancellable subjects: the id a CancelRequest for this request names. */
  requestId?: string;
}
