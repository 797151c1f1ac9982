export * from './inference.module';
export * from './inference.config';
