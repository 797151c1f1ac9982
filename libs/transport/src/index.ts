export * from './in-process/in-process-bus';
export * from './in-process/in-process-client';
export * from './in-process/in-process-server';
export * from './service-client';
export * from './transport-config';
export * from './transport-health';
export * from './transport.module';
export * from './domain-error.interceptor';
