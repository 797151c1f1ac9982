export * from './gateway.module';
export * from './gateway.config';
export * from './configure-gateway';
