/** How the memory-RAG and classifier APIs name a job's state (the trainer uses Lamini's training words). */
export type ApiJobStatus = 'CREATED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
