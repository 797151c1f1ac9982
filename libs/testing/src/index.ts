export * from './test-database';
export * from './fake-hub';
export * from './service-process';
export * from './free-port';
export * from './shared-models';
export * from './gguf/gguf-writer';
export * from './gguf/random-llama';
export * from './scoped-env';
