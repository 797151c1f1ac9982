import { Injectable } from '@nestjs/common';
import { ConflictError, InferenceSubjects, type OwnerContext } from '@lamini/contracts';
import { PrismaService, apiJobStatus } from '@lamini/persistence';
import { ServiceClient } from '@lamini/transport';
import { RagJobsService } from '../jobs/rag-jobs.service';

const SUGGESTIONS = 3;

/**
 * Questions the indexed documents can answer: passages spread over the job's chunks, each
 * given to the job's model with `output_type` {question, answer}, so every suggestion parses.
 */
@Injectable()
export class QuestionSuggestionsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly jobs: RagJobsService,
    private readonly services: ServiceClient,
  ) {}

  async suggest(owner: OwnerContext, jobId: number): Promise<Array<Record<string, string>>> {
    const found = await this.jobs.find(owner, jobId);
    if (found.job.status !== 'succeeded') throw new ConflictError(`Memory RAG job ${jobId} is ${apiJobStatus(found.job)}; it suggests questions once COMPLETED`);
    const total = await this.prisma.ragChunk.count({ where: { ragJobId: found.id } });
    const picks = Array.from({ length: Math.min(SUGGESTIONS, total) }, (_, i) => Math.floor(((i + 0.5) * total) / Math.min(SUGGESTIONS, total)));
    const chunks = await Promise.all(
      picks.map((skip) => this.prisma.ragChunk.findFirstOrThrow({ where: { ragJobId: found.id }, orderBy: { id: 'asc' }, skip, select: { text: true } })),
    );
    const answer = await this.services.send(InferenceSubjects.complete, owner, {
      model_name: found.modelName,
      prompt: chunks.map((chunk) => `Passage:\n${chunk.text.trim()}\n\nWrite one question this passage answers, and its answer.\n`),
      output_type: { question: 'str', answer: 'str' },
      max_new_tokens: 96,
    });
    return answer.outputs.map((output, i) => ({ [`Question ${i + 1}`]: String(output.question ?? ''), [`Answer ${i + 1}`]: String(output.answer ?? '') }));
  }
}
