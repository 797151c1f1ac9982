export * from './inference.module';
export * from './inference.config';
export * from './completion/completion.service';
export * from './batch/batch-completions.service';
export { LEAN_SAMPLING } from './engine/text-generator';
