import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { EmptyResponseException } from '@nestjs/microservices/errors/empty-response.exception';
import { TimeoutError, firstValueFrom, timeout } from 'rxjs';
import {
  DomainError,
  type Envelope,
  type OwnerContext,
  type PayloadOf,
  type ReplyOf,
  RequestTimeoutError,
  ServiceUnavailableError,
  type Subject,
  fromErrorPayload,
  isErrorPayload,
} from '@lamini/contracts';
import { NoRespondersError } from './in-process/in-process-bus';

export const TRANSPORT_CLIENT = Symbol('TRANSPORT_CLIENT');

/**
 * The one way to call a service: typed by the subject, bounded by the subject's timeout, and
 * with every failure turned into a DomainError the gateway knows how to answer.
 */
@Injectable()
export class ServiceClient {
  constructor(@Inject(TRANSPORT_CLIENT) private readonly proxy: ClientProxy) {}

  async send<S extends Subject<any, any>>(subject: S, owner: OwnerContext, payload: PayloadOf<S>): Promise<ReplyOf<S>> {
    const message: Envelope<PayloadOf<S>> = { owner, payload };
    try {
      return await firstValueFrom(this.proxy.send<ReplyOf<S>>(subject.name, message).pipe(timeout(subject.timeoutMs)));
    } catch (error) {
      throw toDomainError(error, subject);
    }
  }
}

function toDomainError(error: unknown, subject: Subject<unknown, unknown>): Error {
  if (error instanceof DomainError) return error;
  if (isErrorPayload(error)) return fromErrorPayload(error);
  if (error instanceof TimeoutError) {
    return new RequestTimeoutError(`${subject.service} did not answer ${subject.name} within ${subject.timeoutMs / 1000}s`);
  }
  if (error instanceof EmptyResponseException || error instanceof NoRespondersError || isConnectionError(error)) {
    return ServiceUnavailableError.forService(subject.service);
  }
  return error instanceof Error ? error : new Error(`${subject.name} failed: ${JSON.stringify(error)}`);
}

/** NATS client errors while the broker is unreachable (CONNECTION_REFUSED, DISCONNECT, ...). */
function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && /CONNECTION|DISCONNECT|CLOSED|ECONNREFUSED/i.test(code);
}
