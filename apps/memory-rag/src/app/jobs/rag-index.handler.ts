import { Inject, Injectable } from '@nestjs/common';
import { EmbeddingSubjects, InternalError, RegistrySubjects, unpackEmbeddings } from '@lamini/contracts';
import { type JobContext, type JobRecord, PrismaService } from '@lamini/persistence';
import { ServiceClient } from '@lamini/transport';
import { chunkText, loadChunkTokenizer } from '../documents/chunker';
import { MEMORY_RAG_CONFIG, type MemoryRagConfig } from '../memory-rag.config';
import { HybridIndex } from '../search';
import { RagArtifacts } from './rag-artifacts';
import type { RagIndexPayload, RagIndexProgress } from './rag-job.types';

const LOG_LINES = 200;

/**
 * Builds a job's index: chunks each document by the embedding model's tokens, embeds the
 * chunks in micro-batches through the embedding service, storing each vector as it comes, then
 * writes the hybrid index. Every step skips what is already stored, so a job taken over after a
 * crash embeds only what is missing and indexes each chunk once.
 */
@Injectable()
export class RagIndexHandler {
  constructor(
    @Inject(MEMORY_RAG_CONFIG) private readonly config: MemoryRagConfig,
    private readonly prisma: PrismaService,
    private readonly services: ServiceClient,
    private readonly artifacts: RagArtifacts,
  ) {}

  async run(job: JobRecord<RagIndexPayload, RagIndexProgress>, context: JobContext<RagIndexProgress>): Promise<{ chunks: number }> {
    const owner = { id: job.ownerId, name: job.ownerId };
    const ragJob = await this.prisma.ragJob.findUniqueOrThrow({ where: { jobId: job.id } });
    let progress: RagIndexProgress = job.progress ?? { phase: 'chunking', chunksTotal: 0, chunksEmbedded: 0, log: [] };
    const update = (changes: Partial<RagIndexProgress>, line?: string) => {
      const log = line ? [...progress.log, `${new Date().toISOString()} ${line}`].slice(-LOG_LINES) : progress.log;
      progress = { ...progress, ...changes, log };
      context.setProgress(progress);
    };

    update({ phase: 'chunking' }, job.attempts > 1 ? `taken over (attempt ${job.attempts})` : 'started');
    const tokenizerPath = (await this.services.send(RegistrySubjects.resolveModel, owner, { model_name: ragJob.embeddingModel })).files.find((f) => f.name.endsWith('tokenizer.json'))?.path;
    if (!tokenizerPath) throw new InternalError(`${ragJob.embeddingModel} has no tokenizer.json to chunk by`);
    const tokenizer = await loadChunkTokenizer(tokenizerPath);
    const documents = await this.prisma.ragDocument.findMany({ where: { ragJobId: ragJob.id }, orderBy: { id: 'asc' } });
    let nextId = ((await this.prisma.ragChunk.aggregate({ where: { ragJobId: ragJob.id }, _max: { id: true } }))._max.id ?? 0) + 1;
    for (const document of documents) {
      context.signal.throwIfAborted();
      if ((await this.prisma.ragChunk.count({ where: { documentId: document.id } })) > 0) continue;
      const chunks = chunkText(document.text, tokenizer, { chunkTokens: this.config.chunkTokens, overlapTokens: this.config.overlapTokens });
      await this.prisma.ragChunk.createMany({
        data: chunks.map((chunk) => ({
          ragJobId: ragJob.id,
          id: nextId++,
          documentId: document.id,
          position: chunk.index,
          startChar: chunk.start,
          endChar: chunk.end,
          text: chunk.text,
        })),
      });
      update({}, `${document.name}: ${chunks.length} chunks`);
    }

    const chunksTotal = await this.prisma.ragChunk.count({ where: { ragJobId: ragJob.id } });
    let chunksEmbedded = await this.prisma.ragChunk.count({ where: { ragJobId: ragJob.id, vector: { not: null } } });
    update({ phase: 'embedding', chunksTotal, chunksEmbedded }, `${chunksTotal} chunks, ${chunksEmbedded} already embedded`);
    for (;;) {
      context.signal.throwIfAborted();
      const batch = await this.prisma.ragChunk.findMany({
        where: { ragJobId: ragJob.id, vector: null },
        orderBy: { id: 'asc' },
        take: this.config.embedBatch,
        select: { id: true, text: true },
      });
      if (batch.length === 0) break;
      const packed = await this.services.send(EmbeddingSubjects.embed, owner, {
        prompt: batch.map((chunk) => chunk.text),
        model_name: ragJob.embeddingModel,
        latency_sensitive: false,
      });
      const vectors = unpackEmbeddings(packed);
      await this.prisma.$transaction(
        batch.map((chunk, i) =>
          this.prisma.ragChunk.update({
            where: { ragJobId_id: { ragJobId: ragJob.id, id: chunk.id } },
            data: { vector: new Uint8Array(vectors[i].slice().buffer) },
          }),
        ),
      );
      chunksEmbedded += batch.length;
      update({ chunksEmbedded });
    }

    update({ phase: 'indexing' }, `embedded ${chunksEmbedded} chunks; writing the index`);
    await this.artifacts.writeIndex(ragJob.jobId, await this.buildIndex(ragJob.id));
    update({ phase: 'done' }, `index of ${chunksTotal} chunks ready`);
    return { chunks: chunksTotal };
  }

  private async buildIndex(ragJobId: number): Promise<HybridIndex> {
    const first = await this.prisma.ragChunk.findFirst({ where: { ragJobId }, select: { vector: true } });
    const index = HybridIndex.create(first?.vector ? { dimensions: first.vector.byteLength / 4 } : {});
    const pageSize = 1000;
    for (let after = 0; ; ) {
      const page = await this.prisma.ragChunk.findMany({
        where: { ragJobId, id: { gt: after } },
        orderBy: { id: 'asc' },
        take: pageSize,
        select: { id: true, text: true, vector: true },
      });
      if (page.length === 0) break;
      index.add(page.map((chunk) => ({ id: chunk.id, text: chunk.text, vector: vectorOf(chunk.vector!) })));
      after = page.at(-1)!.id;
    }
    return index;
  }
}

export function vectorOf(bytes: Uint8Array): Float32Array {
  const copy = new Uint8Array(bytes);
  return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
}
