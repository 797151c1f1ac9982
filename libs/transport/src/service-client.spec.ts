import { Controller, type INestApplication, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import {
  type Envelope,
  ModelNotFoundError,
  RequestTimeoutError,
  ServiceUnavailableError,
  defineSubject,
} from '@lamini/contracts';
import { DomainErrorInterceptor } from './domain-error.interceptor';
import { ServiceClient } from './service-client';
import { type TransportConfig, inProcessTransport, readNatsConfig } from './transport-config';
import { TransportModule, serverOptionsFor } from './transport.module';

const Echo = defineSubject<{ text: string }, { text: string; owner: string }>('inference', 'test.transport.echo');
const Missing = defineSubject<{ name: string }, never>('inference', 'test.transport.missing');
const Crash = defineSubject<Record<string, never>, never>('inference', 'test.transport.crash');
const Slow = defineSubject<Record<string, never>, never>('inference', 'test.transport.slow', 300);
const Nobody = defineSubject<Record<string, never>, never>('classifier', 'test.transport.nobody', 20_000);

@Controller()
class TestHandlers {
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

describe.each<[string, () => TransportConfig]>([
  ['NATS', () => readNatsConfig()],
  ['in-process', () => inProcessTransport()],
])('ServiceClient over %s', (_, makeConfig) => {
  let app: INestApplication;
  let client: ServiceClient;

  beforeAll(async () => {
    const config = makeConfig();
    @Module({
      imports: [TransportModule.forRoot(config)],
      controllers: [TestHandlers],
      providers: [{ provide: APP_INTERCEPTOR, useClass: DomainErrorInterceptor }],
    })
    class TestModule {}
    const moduleRef = await Test.createTestingModule({ imports: [TestModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.connectMicroservice(serverOptionsFor(config, 'inference'), { inheritAppConfig: true });
    await app.startAllMicroservices();
    await app.init();
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

  it('reports a bug in a service as a plain error, not as a domain error', async () => {
    const error = await client.send(Crash, owner, {}).catch((e) => e);
    expect(error).not.toBeInstanceOf(ModelNotFoundError);
    expect(String(error?.message ?? JSON.stringify(error))).toMatch(/Internal server error|failed/);
  });
});
