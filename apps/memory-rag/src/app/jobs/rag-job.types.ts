export const RAG_INDEX_QUEUE = 'memory-rag-index';

/** The job's documents and settings are in its rag_jobs row; the queue row carries nothing more. */
export type RagIndexPayload = Record<string, never>;

export type RagIndexPhase = 'chunking' | 'embedding' | 'indexing' | 'done';

export interface RagIndexProgress {
  phase: RagIndexPhase;
  chunksTotal: number;
  chunksEmbedded: number;
  /** The latest log lines (`GET /training_log/{job_id}`), oldest first, bounded. */
  log: string[];
}
