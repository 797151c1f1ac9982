export * from './embedding.module';
export * from './embedding.service';
