-- Training datasets, content-addressed per owner: the same rows uploaded twice are one row.
CREATE TABLE datasets (
  owner_id   TEXT NOT NULL REFERENCES owners(id) ON DELETE CASCADE,
  id         TEXT NOT NULL,
  rows       JSONB NOT NULL,
  num_rows   INTEGER NOT NULL,
  size_bytes INTEGER NOT NULL,
  is_public  BOOLEAN NOT NULL DEFAULT false,
  created_at TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (owner_id, id)
);

-- The integer ids the Lamini API gives training jobs, over the generic jobs rows.
CREATE TABLE training_jobs (
  id                SERIAL PRIMARY KEY,
  job_id            TEXT NOT NULL UNIQUE REFERENCES jobs(id) ON DELETE CASCADE,
  owner_id          TEXT NOT NULL REFERENCES owners(id) ON DELETE CASCADE,
  model_name        TEXT NOT NULL UNIQUE,
  dataset_id        TEXT NOT NULL,
  base_model        TEXT NOT NULL,
  train_type        TEXT NOT NULL,
  custom_model_name TEXT,
  is_public         BOOLEAN NOT NULL DEFAULT false,
  created_at        TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX training_jobs_owner_idx ON training_jobs (owner_id, id);
