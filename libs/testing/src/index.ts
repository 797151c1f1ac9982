export * from './test-database';
export * from './fake-hub';
export * from './service-process';
export * from './free-port';
export * from './shared-models';
