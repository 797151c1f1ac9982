import { type INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { TransportModule } from '@lamini/transport';
import { HealthModule } from './service-runtime.module';

describe('health probes', () => {
  let app: INestApplication;

  afterEach(() => app?.close());

  async function start(natsUrl: string) {
    @Module({ imports: [TransportModule.forRoot({ kind: 'nats', servers: [natsUrl] }), HealthModule] })
    class ProbeModule {}
    app = (await Test.createTestingModule({ imports: [ProbeModule] }).compile()).createNestApplication({ logger: false });
    await app.init();
  }

  it('is ready when the broker answers', async () => {
    await start('nats://127.0.0.1:4222');
    const res = await request(app.getHttpServer()).get('/readyz');
    expect([res.status, res.body]).toEqual([200, { status: 'ok', checks: { transport: 'ok' } }]);
  });

  it('is alive but not ready when the broker cannot be reached', async () => {
    await start('nats://127.0.0.1:1');
    expect((await request(app.getHttpServer()).get('/healthz')).status).toBe(200);
    const res = await request(app.getHttpServer()).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.detail.transport).not.toBe('ok');
  });
});
