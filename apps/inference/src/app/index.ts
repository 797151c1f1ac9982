export * from './inference.module';
export * from './engine/libuv-pool';
