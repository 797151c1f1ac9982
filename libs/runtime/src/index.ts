export * from './bootstrap-service';
export * from './health.controller';
export * from './metrics.controller';
export * from './public-route';
export * from './service-runtime.module';
export * from './file-sha256';
