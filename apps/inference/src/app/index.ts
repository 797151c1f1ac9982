export * from './inference.module';
