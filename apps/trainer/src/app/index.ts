export * from './trainer.module';
export * from './trainer.config';
