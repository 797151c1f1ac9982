import { Controller, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { type MessageOf, ModelDownloadingError, RegistrySubjects } from '@lamini/contracts';
import { MetricsModule } from '@lamini/metrics';
import { DomainErrorInterceptor } from './domain-error.interceptor';
import { ModelLocator } from './model-locator';
import { inProcessTransport } from './transport-config';
import { TransportModule, serverOptionsFor } from './transport.module';

/** A registry whose model `late` is downloading until `ready` is set; it counts the questions. */
const registry = { asked: 0, ready: false };

@Controller()
class FakeRegistry {
  @MessagePattern(RegistrySubjects.resolveModel.name)
  resolve(@Payload() message: MessageOf<typeof RegistrySubjects.resolveModel>) {
    registry.asked++;
    const name = message.payload.model_name;
    if (name === 'late' && !registry.ready) throw ModelDownloadingError.forModel(name);
    return { model_name: name, model_type: 'transformer', files: [{ name: 'model.gguf', path: `/models/${name}/model.gguf` }] };
  }
}

describe('ModelLocator', () => {
  const alice = { id: 'owner-a', name: 'alice' };
  const bob = { id: 'owner-b', name: 'bob' };

  async function start() {
    const transport = inProcessTransport();
    @Module({ imports: [MetricsModule, TransportModule.forRoot(transport)], controllers: [FakeRegistry], providers: [{ provide: APP_INTERCEPTOR, useClass: DomainErrorInterceptor }] })
    class TestModule {}
    const app = (await Test.createTestingModule({ imports: [TestModule] }).compile()).createNestApplication({ logger: false });
    app.connectMicroservice(serverOptionsFor(transport, 'model-registry'), { inheritAppConfig: true });
    await app.startAllMicroservices();
    await app.init();
    return app;
  }

  beforeEach(() => Object.assign(registry, { asked: 0, ready: false }));

  it('asks the registry once for repeated look-ups of one model by one owner', async () => {
    const app = await start();
    const locator = app.get(ModelLocator);
    const answers = await Promise.all([locator.resolve(alice, 'm'), locator.resolve(alice, 'm')]);
    await locator.resolve(alice, 'm');
    expect(answers[0].files[0].path).toBe('/models/m/model.gguf');
    expect(registry.asked).toBe(1);
    await locator.resolve(bob, 'm');
    expect(registry.asked).toBe(2);
    await app.close();
  });

  it('does not keep a refusal: a model that becomes ready is served on the next request', async () => {
    const app = await start();
    const locator = app.get(ModelLocator);
    await expect(locator.resolve(alice, 'late')).rejects.toBeInstanceOf(ModelDownloadingError);
    registry.ready = true;
    await expect(locator.resolve(alice, 'late')).resolves.toMatchObject({ model_name: 'late' });
    expect(registry.asked).toBe(2);
    await app.close();
  });
});
