import { type INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { MetricsModule } from '@lamini/metrics';
import { TransportModule } from '@lamini/transport';
import { HealthModule } from './service-runtime.module';

describe('health probes', () => {
  let app: INestApplication;

  afterEach(() => app?.close());

  async function start(natsUrl: string) {
    @Module({ imports: [MetricsModule, TransportModule.forRoot({ kind: 'nats', servers: [natsUrl] }), HealthModule] })
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

  it('serves the process\u2019s metrics in the Prometheus text format, without a key', async () => {
    await start('nats://127.0.0.1:4222');
    const res = await request(app.getHttpServer()).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    expect(res.text).toContain('# TYPE lamini_transport_requests_total counter');
  });
});
