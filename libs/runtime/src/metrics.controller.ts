import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { METRICS_CONTENT_TYPE, Metrics } from '@lamini/metrics';
import { PUBLIC_ROUTE } from './public-route';

/** `/metrics`: the process's Prometheus metrics, for a scraper (no API key, like the probes). */
@ApiExcludeController()
@Controller()
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get('metrics')
  @PUBLIC_ROUTE()
  @Header('Content-Type', METRICS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  text(): Promise<string> {
    return this.metrics.text();
  }
}
