import type { NestExpressApplication } from '@nestjs/platform-express';
import { Metrics } from '@lamini/metrics';
import { jsonBodyParser } from './errors/request-body.error';
import { GATEWAY_CONFIG, type GatewayConfig } from './gateway.config';
import { httpMetrics } from './metrics/http-metrics';
import { serveOpenApi } from './openapi/openapi-document';

/**
 * HTTP settings both the gateway process and the embedded mode apply. The app must be created
 * with `bodyParser: false` so the JSON parser here, with its size limit, is the only one.
 */
export function configureGateway(app: NestExpressApplication): GatewayConfig {
  const config = app.get<GatewayConfig>(GATEWAY_CONFIG);
  // First, so that what the body parser refuses is counted too.
  app.use(httpMetrics(app.get(Metrics)));
  app.use(jsonBodyParser(config.bodyLimit));
  app.set('x-powered-by', false);
  // API answers are not cached by clients; hashing every body for an ETag (a 250 KB list of
  // embeddings, say) would be work for nothing.
  app.set('etag', false);
  serveOpenApi(app);
  app.enableShutdownHooks();
  return config;
}
