import { Module } from '@nestjs/common';
import { RagArtifacts } from './jobs/rag-artifacts';
import { RagIndexHandler } from './jobs/rag-index.handler';
import { RagJobsService } from './jobs/rag-jobs.service';
import { MEMORY_RAG_CONFIG, readMemoryRagConfig } from './memory-rag.config';
import { MemoryRagController } from './memory-rag.controller';
import { GroundedCompletionService } from './retrieval/grounded-completion.service';
import { QuestionSuggestionsService } from './retrieval/question-suggestions.service';
import { UploadIntake } from './uploads/upload-intake';

/** Document indexes and grounded completions. Needs PersistenceModule and a transport server from the process root. */
@Module({
  controllers: [MemoryRagController],
  providers: [
    { provide: MEMORY_RAG_CONFIG, useFactory: () => readMemoryRagConfig() },
    UploadIntake,
    RagArtifacts,
    RagIndexHandler,
    RagJobsService,
    GroundedCompletionService,
    QuestionSuggestionsService,
  ],
})
export class MemoryRagModule {}
