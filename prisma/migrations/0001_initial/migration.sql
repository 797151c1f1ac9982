CREATE TABLE owners (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  created_at  TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE api_keys (
  id          TEXT PRIMARY KEY,
  owner_id    TEXT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
  key_hash    TEXT NOT NULL UNIQUE,
  prefix      TEXT NOT NULL,
  label       TEXT,
  created_at  TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  revoked_at  TIMESTAMPTZ(3)
);

CREATE TABLE jobs (
  id                TEXT PRIMARY KEY,
  queue             TEXT NOT NULL,
  owner_id          TEXT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
  status            TEXT NOT NULL,
  payload           JSONB NOT NULL,
  progress          JSONB,
  result            JSONB,
  error             TEXT,
  attempts          INTEGER NOT NULL DEFAULT 0,
  max_attempts      INTEGER NOT NULL DEFAULT 5,
  lease_owner       TEXT,
  lease_expires_at  TIMESTAMPTZ(3),
  cancel_requested  BOOLEAN NOT NULL DEFAULT false,
  created_at        TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at        TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  started_at        TIMESTAMPTZ(3),
  finished_at       TIMESTAMPTZ(3)
);
CREATE INDEX jobs_queue_status_created_at_idx ON jobs (queue, status, created_at);

CREATE TABLE models (
  id                 TEXT PRIMARY KEY,
  name               TEXT NOT NULL,
  scope              TEXT NOT NULL,
  model_type         TEXT NOT NULL,
  source             TEXT NOT NULL,
  status             TEXT NOT NULL,
  size_bytes         BIGINT,
  files              JSONB NOT NULL DEFAULT '[]',
  job_id             TEXT,
  error              TEXT,
  download_attempts  INTEGER NOT NULL DEFAULT 0,
  created_at         TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at         TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (name, scope)
);
