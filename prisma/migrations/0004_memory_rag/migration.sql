-- Memory-RAG jobs: the integer ids the API gives them, over the generic jobs rows.
CREATE TABLE rag_jobs (
  id              SERIAL PRIMARY KEY,
  job_id          TEXT NOT NULL UNIQUE REFERENCES jobs(id) ON DELETE CASCADE,
  owner_id        TEXT NOT NULL REFERENCES owners(id) ON DELETE CASCADE,
  model_name      TEXT NOT NULL,
  embedding_model TEXT NOT NULL,
  created_at      TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX rag_jobs_owner_idx ON rag_jobs (owner_id, id);

-- The text of each document a job indexes; the uploaded file's name is kept as metadata only.
CREATE TABLE rag_documents (
  id         SERIAL PRIMARY KEY,
  rag_job_id INTEGER NOT NULL REFERENCES rag_jobs(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  text       TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  created_at TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX rag_documents_job_idx ON rag_documents (rag_job_id, id);

-- Chunks, numbered per job; a chunk's vector is stored once embedded, so a job taken over
-- after a crash embeds only what is still missing.
CREATE TABLE rag_chunks (
  rag_job_id  INTEGER NOT NULL REFERENCES rag_jobs(id) ON DELETE CASCADE,
  id          INTEGER NOT NULL,
  document_id INTEGER NOT NULL REFERENCES rag_documents(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  start_char  INTEGER NOT NULL,
  end_char    INTEGER NOT NULL,
  text        TEXT NOT NULL,
  vector      BYTEA,
  PRIMARY KEY (rag_job_id, id)
);
CREATE UNIQUE INDEX rag_chunks_position_idx ON rag_chunks (document_id, position);
