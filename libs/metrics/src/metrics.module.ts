import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics';

/** The process's one Metrics; each process root imports this once. */
@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
