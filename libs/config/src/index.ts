export * from './read-config';
export * from './upload-config';
export * from './container-memory';
