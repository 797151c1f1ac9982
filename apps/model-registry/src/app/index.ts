export * from './model-registry.module';
export * from './registry.service';
