export * from './memory-rag.module';
export * from './memory-rag.config';
export { RagJobsService } from './jobs/rag-jobs.service';
export { GroundedCompletionService } from './retrieval/grounded-completion.service';
export { HybridIndex } from './search';
