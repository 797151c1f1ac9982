import { Injectable } from '@nestjs/common';
import type { CancelRequest, Envelope } from '@lamini/contracts';

/** How long a cancellation that arrived before its request is remembered. */
const EARLY_CANCEL_MEMORY_MS = 60_000;

/**
 * The service's side of cancellable subjects: ties each request's work to an AbortSignal that
 * a CancelRequest from the same owner aborts. A cancellation travels on its own subject, so it
 * may overtake the request it names; such a one is remembered for a minute and the request
 * starts already aborted.
 */
@Injectable()
export class CancellableRequests {
  private readonly running = new Map<string, { ownerId: string; controller: AbortController }>();
  private readonly cancelledEarly = new Map<string, { ownerId: string; at: number }>();

  /** Runs `work` for the request; a request without an id (not cancellable) gets no signal. */
  async run<T>(message: Envelope<unknown>, work: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    const { requestId } = message;
    if (requestId === undefined) return work(undefined);
    const controller = new AbortController();
    const early = this.cancelledEarly.get(requestId);
    if (early?.ownerId === message.owner.id) {
      this.cancelledEarly.delete(requestId);
      controller.abort();
    }
    this.running.set(requestId, { ownerId: message.owner.id, controller });
    try {
      return await work(controller.signal);
    } finally {
      this.running.delete(requestId);
    }
  }

  cancel(message: Envelope<CancelRequest>): void {
    const { requestId } = message.payload;
    const entry = this.running.get(requestId);
    if (entry) {
      if (entry.ownerId === message.owner.id) entry.controller.abort();
      return;
    }
    const now = Date.now();
    for (const [id, { at }] of this.cancelledEarly) if (now - at > EARLY_CANCEL_MEMORY_MS) this.cancelledEarly.delete(id);
    this.cancelledEarly.set(requestId, { ownerId: message.owner.id, at: now });
  }
}
