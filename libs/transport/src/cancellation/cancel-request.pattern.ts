import { EventPattern } from '@nestjs/microservices';
import { type ServiceName, cancelSubjectFor } from '@lamini/contracts';

/**
 * Marks the handler of a service's CancelRequests. Every replica must hear them, since only
 * one of them runs the request: over NATS the subscription stays out of the service's queue
 * group (an empty queue overrides the server's default).
 */
export function CancelRequestPattern(service: ServiceName): MethodDecorator {
  return EventPattern(cancelSubjectFor(service), { queue: '' });
}
