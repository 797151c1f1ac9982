import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { EmptyResponseException } from '@nestjs/microservices/errors/empty-response.exception';
import { Observable, TimeoutError, firstValueFrom, lastValueFrom, tap, timeout } from 'rxjs';
import {
  type CancelRequest,
  ClientClosedRequestError,
  DomainError,
  type Envelope,
  InternalError,
  type OwnerContext,
  type PayloadOf,
  type ReplyOf,
  RequestTimeoutError,
  ServiceUnavailableError,
  type Subject,
  cancelSubjectFor,
  fromErrorPayload,
  isErrorPayload,
} from '@lamini/contracts';
import { NoRespondersError } from './in-process/in-process-bus';

export const TRANSPORT_CLIENT = Symbol('TRANSPORT_CLIENT');

export interface SendOptions {
  /** The caller gave up (its HTTP client went away): stop waiting, and stop the work if the subject is cancellable. */
  signal?: AbortSignal;
}

/**
 * The one way to call a service: typed by the subject, bounded by the subject's timeout, and
 * with every failure turned into a DomainError the gateway knows how to answer. When the
 * caller of a cancellable subject stops waiting (its signal, or the timeout), the service is
 * told to stop the work.
 */
@Injectable()
export class ServiceClient {
  constructor(@Inject(TRANSPORT_CLIENT) private readonly proxy: ClientProxy) {}

  async send<S extends Subject<unknown, unknown>>(subject: S, owner: OwnerContext, payload: PayloadOf<S>, options: SendOptions = {}): Promise<ReplyOf<S>> {
    return this.request(subject, owner, payload, options, (reply$) => firstValueFrom(reply$.pipe(timeout(subject.timeoutMs))));
  }

  /**
   * For subjects whose handler answers with several replies (an Observable): each one goes to
   * `onReply` as it arrives; resolves when the last has. The subject's timeout bounds the wait
   * for each reply, not the whole stream.
   */
  async stream<S extends Subject<unknown, unknown>>(
    subject: S,
    owner: OwnerContext,
    payload: PayloadOf<S>,
    onReply: (reply: ReplyOf<S>) => void,
    options: SendOptions = {},
  ): Promise<void> {
    await this.request(subject, owner, payload, options, (reply$) => lastValueFrom(reply$.pipe(timeout({ each: subject.timeoutMs }), tap(onReply)), { defaultValue: undefined }));
  }

  private async request<S extends Subject<unknown, unknown>, T>(
    subject: S,
    owner: OwnerContext,
    payload: PayloadOf<S>,
    options: SendOptions,
    consume: (reply$: Observable<ReplyOf<S>>) => Promise<T>,
  ): Promise<T> {
    const requestId = subject.cancellable ? randomUUID() : undefined;
    const message: Envelope<PayloadOf<S>> = requestId ? { owner, payload, requestId } : { owner, payload };
    if (options.signal?.aborted) throw clientClosed();
    try {
      return await consume(untilAborted(this.proxy.send<ReplyOf<S>>(subject.name, message), options.signal));
    } catch (error) {
      const domainError = toDomainError(error, subject);
      if (requestId && (domainError instanceof ClientClosedRequestError || domainError instanceof RequestTimeoutError)) {
        this.cancel(subject, owner, requestId);
      }
      throw domainError;
    }
  }

  private cancel(subject: Subject<unknown, unknown>, owner: OwnerContext, requestId: string) {
    const message: Envelope<CancelRequest> = { owner, payload: { requestId } };
    // Best effort: a cancellation lost with the broker only lets the work run to its own limits.
    this.proxy.emit(cancelSubjectFor(subject.service), message).subscribe({ error: () => undefined });
  }
}

/** The replies, failing with ClientClosed as soon as `signal` aborts, also between replies of a stream. */
function untilAborted<T>(reply$: Observable<T>, signal: AbortSignal | undefined): Observable<T> {
  if (!signal) return reply$;
  return new Observable<T>((subscriber) => {
    const onAbort = () => subscriber.error(clientClosed());
    signal.addEventListener('abort', onAbort, { once: true });
    const subscription = reply$.subscribe(subscriber);
    return () => {
      signal.removeEventListener('abort', onAbort);
      subscription.unsubscribe();
    };
  });
}

function clientClosed() {
  return new ClientClosedRequestError('The client closed the request');
}

function toDomainError(error: unknown, subject: Subject<unknown, unknown>): DomainError {
  if (error instanceof DomainError) return error;
  if (isErrorPayload(error)) return fromErrorPayload(error);
  if (error instanceof TimeoutError) {
    return new RequestTimeoutError(`${subject.service} did not answer ${subject.name} within ${subject.timeoutMs / 1000}s`);
  }
  if (error instanceof EmptyResponseException || error instanceof NoRespondersError || isConnectionError(error)) {
    return ServiceUnavailableError.forService(subject.service);
  }
  return InternalError.during(`${subject.name} failed`, error);
}

/** NATS client errors while the broker is unreachable (CONNECTION_REFUSED, DISCONNECT, ...). */
function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && /CONNECTION|DISCONNECT|CLOSED|ECONNREFUSED/i.test(code);
}
