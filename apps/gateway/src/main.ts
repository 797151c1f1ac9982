import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { MetricsModule } from '@lamini/metrics';
import { PersistenceModule } from '@lamini/persistence';
import { TransportModule, readNatsConfig } from '@lamini/transport';
import { configureGateway } from './app/configure-gateway';
import { GatewayModule } from './app/gateway.module';

@Module({ imports: [MetricsModule, PersistenceModule.forRoot(), TransportModule.forRoot(readNatsConfig()), GatewayModule] })
class GatewayProcessModule {}

async function main() {
  const app = await NestFactory.create<NestExpressApplication>(GatewayProcessModule, { bodyParser: false });
  const config = configureGateway(app);
  await app.listen(config.port, config.host);
  Logger.log(`gateway listening on :${config.port}`, 'Bootstrap');
}

void main();
