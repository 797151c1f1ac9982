import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { DomainErrorInterceptor } from '@lamini/transport';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';

/** Error mapping for message handlers: every process that hosts a service imports this. */
@Module({ providers: [{ provide: APP_INTERCEPTOR, useClass: DomainErrorInterceptor }] })
export class ServiceRuntimeModule {}

/**
 * `/healthz`, `/readyz` and `/metrics` for a service process (the gateway serves its own); the
 * process root provides Metrics (MetricsModule).
 */
@Module({ controllers: [HealthController, MetricsController] })
export class HealthModule {}
