import { Controller, type INestApplication, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import {
  type CancelRequest,
  ClientClosedRequestError,
  type Envelope,
  InternalError,
  ModelNotFoundError,
  RequestTimeoutError,
  ServiceUnavailableError,
  defineSubject,
} from '@lamini/contracts';
import { Metrics, MetricsModule } from '@lamini/metrics';
import { CancelRequestPattern } from './cancellation/cancel-request.pattern';
import { CancellableRequests } from './cancellation/cancellable-requests';
import { DomainErrorInterceptor } from './domain-error.interceptor';
import { ServiceClient } from './service-client';
import { type TransportConfig, inProcessTransport, readNatsConfig } from './transport-config';
import { TransportModule, serverOptionsFor } from './transport.module';

const Echo = defineSubject<{ text: string }, { text: string; owner: string }>('inference', 'test.transport.echo');
const Missing = defineSubject<{ name: string }, never>('inference', 'test.transport.missing');
const Crash = defineSubject<Record<string, never>, never>('inference', 'test.transport.crash');
const Slow = defineSubject<Record<string, never>, never>('inference', 'test.transport.slow', 300);
const Nobody = defineSubject<Record<string, never>, never>('classifier', 'test.transport.nobody', 20_000);
/** Answers `size` characters: more than NATS's default max_payload (1 MB) carries in one message. */
const Large = defineSubject<{ size: number }, { text: string }>('inference', 'test.transport.large');
/** Works for 10 s unless cancelled; gives up waiting after 1 s. */
const Work = defineSubject<{ name: string }, void>('inference', 'test.transport.work', 1_000, { cancellable: true });

/** Names of the Work requests that started, and of those that were stopped by a cancellation. */
const started = new Set<string>();
const stopped = new Set<string>();

@Controller()
class TestHandlers {
  constructor(private readonly requests: CancellableRequests) {}

  @MessagePattern(Large.name)
  large(@Payload() message: Envelope<{ size: number }>) {
    return { text: 'λ0123456789abcdef'.repeat(Math.ceil(message.payload.size / 17)).slice(0, message.payload.size) };
  }

  @MessagePattern(Work.name)
  work(@Payload() message: Envelope<{ name: string }>) {
    return this.requests.run(message, (signal) => {
      started.add(message.payload.name);
      return new Promise<void>((resolve) => {
        const done = setTimeout(resolve, 10_000);
        signal?.addEventListener('abort', () => {
          clearTimeout(done);
          stopped.add(message.payload.name);
          resolve();
        });
      });
    });
  }

  @CancelRequestPattern('inference')
  cancel(@Payload() message: Envelope<CancelRequest>) {
    this.requests.cancel(message);
  }

  @MessagePattern(Echo.name)
  echo(@Payload() message: Envelope<{ text: string }>) {
    return { text: message.payload.text, owner: message.owner.name };
  }

  @MessagePattern(Missing.name)
  missing(@Payload() message: Envelope<{ name: string }>) {
    throw ModelNotFoundError.forModel(message.payload.name);
  }

  @MessagePattern(Crash.name)
  crash() {
    throw new TypeError('bug inside the service');
  }

  @MessagePattern(Slow.name)
  async slow() {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    return {};
  }
}

const owner = { id: 'owner-1', name: 'alice' };

/** A service replica (with a client) on its own Nest application. */
async function startReplica(config: TransportConfig): Promise<INestApplication> {
  @Module({
    imports: [MetricsModule, TransportModule.forRoot(config)],
    controllers: [TestHandlers],
    providers: [{ provide: APP_INTERCEPTOR, useClass: DomainErrorInterceptor }],
  })
  class TestModule {}
  const moduleRef = await Test.createTestingModule({ imports: [TestModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.connectMicroservice(serverOptionsFor(config, 'inference'), { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.init();
  return app;
}

async function waitUntil(condition: () => boolean) {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

describe.each<[string, () => TransportConfig]>([
  ['NATS', () => readNatsConfig()],
  ['in-process', () => inProcessTransport()],
])('ServiceClient over %s', (transport, makeConfig) => {
  let app: INestApplication;
  let client: ServiceClient;

  beforeAll(async () => {
    app = await startReplica(makeConfig());
    client = app.get(ServiceClient);
  });

  afterAll(() => app.close());

  it('carries the payload and the owner there and the reply back', async () => {
    await expect(client.send(Echo, owner, { text: 'hello' })).resolves.toEqual({ text: 'hello', owner: 'alice' });
  });

  it('rebuilds the domain error the service threw, detail intact', async () => {
    const error = await client.send(Missing, owner, { name: 'gpt-9' }).catch((e) => e);
    expect(error).toBeInstanceOf(ModelNotFoundError);
    expect(error.detail).toBe('Model not found: gpt-9');
  });

  it('answers a missing service at once with ServiceUnavailable, not after the timeout', async () => {
    const started = Date.now();
    const error = await client.send(Nobody, owner, {}).catch((e) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.detail).toBe('classifier unavailable');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('gives up on a service that does not answer within the subject timeout', async () => {
    await expect(client.send(Slow, owner, {})).rejects.toBeInstanceOf(RequestTimeoutError);
  });

  it('reports a failure no code path expected as an internal error naming the operation and its cause', async () => {
    const error = await client.send(Crash, owner, {}).catch((e) => e);
    expect(error).toBeInstanceOf(InternalError);
    expect(error.detail).toBe(`${Crash.name} failed: bug inside the service`);
  });

  it('counts and times each message the service handled, by subject and outcome', async () => {
    const handled = async () => {
      const { values } = await app.get(Metrics).transportRequests.get();
      const count = (subject: string, outcome: string) => values.find((v) => v.labels.subject === subject && v.labels.outcome === outcome)?.value ?? 0;
      return [count(Echo.name, 'ok'), count(Missing.name, 'ModelNotFound'), count(Crash.name, 'Internal')];
    };
    const before = await handled();
    await client.send(Echo, owner, { text: 'counted' });
    await client.send(Missing, owner, { name: 'gpt-9' }).catch(() => undefined);
    await client.send(Crash, owner, {}).catch(() => undefined);
    expect(await handled()).toEqual(before.map((n) => n + 1));
    const { values } = await app.get(Metrics).transportDuration.get();
    expect(values).toContainEqual(expect.objectContaining({ metricName: 'lamini_transport_request_duration_seconds_count', labels: { subject: Echo.name, outcome: 'ok' } }));
  });

  it('carries an answer larger than one broker message, intact', async () => {
    const { text } = await client.send(Large, owner, { size: 3_000_000 });
    expect(text).toHaveLength(3_000_000);
    expect(text).toBe('λ0123456789abcdef'.repeat(Math.ceil(3_000_000 / 17)).slice(0, 3_000_000));
  });

  it('refuses a request larger than the transport carries with PayloadTooLarge, at once', async () => {
    const error = await client.send(Echo, owner, { text: 'x'.repeat(2_000_000) }).catch((e) => e);
    if (transport === 'in-process') expect(error).toEqual({ text: 'x'.repeat(2_000_000), owner: 'alice' });
    else expect([error.constructor.name, error.detail]).toEqual(['PayloadTooLargeError', expect.stringMatching(/^The request is \d+ bytes; the message broker carries at most 1048576$/)]);
  });

  it('stops the work of a cancellable request when its caller gives up', async () => {
    const name = `${transport}-abandoned`;
    const caller = new AbortController();
    const reply = client.send(Work, owner, { name }, { signal: caller.signal });
    await waitUntil(() => started.has(name));
    caller.abort();
    await expect(reply).rejects.toBeInstanceOf(ClientClosedRequestError);
    await waitUntil(() => stopped.has(name));
  });

  it('stops the work of a cancellable request when the caller times out', async () => {
    const name = `${transport}-timed-out`;
    await expect(client.send(Work, owner, { name })).rejects.toBeInstanceOf(RequestTimeoutError);
    await waitUntil(() => stopped.has(name));
  });
});

describe('cancellations over NATS', () => {
  it('reach the replica that runs the request, whichever of the queue group took it', async () => {
    const config = readNatsConfig();
    const replicas = [await startReplica(config), await startReplica(config)];
    try {
      const client = replicas[0].get(ServiceClient);
      const names = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => `replicas-${n}`);
      const callers = names.map(() => new AbortController());
      const replies = names.map((name, i) => client.send(Work, owner, { name }, { signal: callers[i].signal }).catch((e) => e));
      await waitUntil(() => names.every((name) => started.has(name)));
      for (const caller of callers) caller.abort();
      await Promise.all(replies);
      // Through a queue group each cancellation would reach one replica of two: some would miss.
      await waitUntil(() => names.every((name) => stopped.has(name)));
    } finally {
      for (const replica of replicas) await replica.close();
    }
  });
});
