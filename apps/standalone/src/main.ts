import { Logger } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '@lamini/app-gateway';
import { createStandaloneApp } from './standalone-app';

async function main() {
  const { app } = await createStandaloneApp();
  const config = app.get<GatewayConfig>(GATEWAY_CONFIG);
  await app.listen(config.port, config.host);
  Logger.log(`Lamini API on http://localhost:${config.port} (docs at /docs)`, 'Standalone');
}

void main();
