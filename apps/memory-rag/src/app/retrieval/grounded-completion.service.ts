import { Injectable } from '@nestjs/common';
import {
  ConflictError,
  EmbeddingSubjects,
  InferenceSubjects,
  type MemoryRagCompletion,
  type MemoryRagCompletionPayload,
  type OwnerContext,
  type RagSource,
  unpackEmbeddings,
} from '@lamini/contracts';
import { PrismaService, apiJobStatus } from '@lamini/persistence';
import { ServiceClient } from '@lamini/transport';
import { RagArtifacts } from '../jobs/rag-artifacts';
import { RagJobsService } from '../jobs/rag-jobs.service';
import { groundedPrompt } from './grounded-prompt';

const DEFAULT_QUERY_SIZE = 3;

/**
 * Answers from a job's documents: the question retrieves `rag_query_size` chunks from the
 * hybrid index, the model is told to answer from them, and the answer comes with the chunks it
 * was given, so a person can check it.
 */
@Injectable()
export class GroundedCompletionService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly jobs: RagJobsService,
    private readonly artifacts: RagArtifacts,
    private readonly services: ServiceClient,
  ) {}

  async retrieve(owner: OwnerContext, jobId: number, question: string, k: number): Promise<RagSource[]> {
    const found = await this.jobs.find(owner, jobId);
    if (found.job.status !== 'succeeded') {
      throw new ConflictError(`Memory RAG job ${jobId} is ${apiJobStatus(found.job)}; it answers once its index is COMPLETED`);
    }
    const [vector] = unpackEmbeddings(await this.services.send(EmbeddingSubjects.embed, owner, { prompt: question, model_name: found.embeddingModel }));
    const index = await this.artifacts.loadIndex(found.jobId, found.job.updatedAt.toISOString());
    const hits = index.search({ text: question, vector }, k);
    const chunks = await this.prisma.ragChunk.findMany({
      where: { ragJobId: found.id, id: { in: hits.map((hit) => hit.id) } },
      include: { document: { select: { name: true } } },
    });
    const byId = new Map(chunks.map((chunk) => [chunk.id, chunk]));
    return hits.flatMap((hit) => {
      const chunk = byId.get(hit.id);
      return chunk ? [{ document: chunk.document.name, chunk_id: chunk.id, text: chunk.text, score: hit.score }] : [];
    });
  }

  async complete(owner: OwnerContext, request: MemoryRagCompletionPayload): Promise<MemoryRagCompletion> {
    const found = await this.jobs.find(owner, request.job_id);
    const sources = await this.retrieve(owner, request.job_id, request.prompt, request.rag_query_size ?? DEFAULT_QUERY_SIZE);
    const answer = await this.services.send(InferenceSubjects.complete, owner, {
      model_name: request.model_name ?? found.modelName,
      prompt: groundedPrompt(request.prompt, sources),
      output_type: request.output_type,
      max_new_tokens: request.max_new_tokens,
    });
    return { outputs: answer.outputs, finish_reason: answer.finish_reason, sources };
  }
}
