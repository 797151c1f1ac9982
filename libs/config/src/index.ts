export * from './read-config';
export * from './upload-config';
