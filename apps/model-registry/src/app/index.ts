export * from './model-registry.module';
