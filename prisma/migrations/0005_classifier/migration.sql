-- Classifier projects: an owner's named set of classes, and the LLM that augments their examples.
-- `model_versions` numbers the project's trained models; incrementing it serialises concurrent trainings.
CREATE TABLE classifier_projects (
  id                  TEXT PRIMARY KEY,
  owner_id            TEXT NOT NULL REFERENCES owners(id) ON DELETE CASCADE,
  name                TEXT NOT NULL,
  model_name          TEXT NOT NULL,
  classes             JSONB NOT NULL,
  model_versions      INTEGER NOT NULL DEFAULT 0,
  registered_model_id TEXT,
  created_at          TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  UNIQUE (owner_id, name)
);

CREATE TABLE classifier_datasets (
  id         SERIAL PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES classifier_projects(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  created_at TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  UNIQUE (project_id, name)
);

-- Labelled rows. `text_key` is the normalised text a dataset holds once per label; a row's
-- embedding is kept with the model that made it, so a training taken over or repeated embeds
-- only what is missing.
CREATE TABLE classifier_examples (
  id           SERIAL PRIMARY KEY,
  dataset_id   INTEGER NOT NULL REFERENCES classifier_datasets(id) ON DELETE CASCADE,
  project_id   TEXT NOT NULL REFERENCES classifier_projects(id) ON DELETE CASCADE,
  label        TEXT NOT NULL,
  text         TEXT NOT NULL,
  text_key     TEXT NOT NULL,
  generated    BOOLEAN NOT NULL DEFAULT false,
  vector       BYTEA,
  vector_model TEXT,
  created_at   TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  UNIQUE (dataset_id, label, text_key)
);
CREATE INDEX classifier_examples_project_idx ON classifier_examples (project_id, id);

-- Augmentation and training jobs: the ids the API gives them, over the generic jobs rows.
CREATE TABLE classifier_jobs (
  id         SERIAL PRIMARY KEY,
  job_id     TEXT NOT NULL UNIQUE REFERENCES jobs(id) ON DELETE CASCADE,
  owner_id   TEXT NOT NULL REFERENCES owners(id) ON DELETE CASCADE,
  project_id TEXT NOT NULL REFERENCES classifier_projects(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('augment', 'train')),
  created_at TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX classifier_jobs_owner_idx ON classifier_jobs (owner_id, id);

-- Each training makes a new version; its head (weights, calibration) is stored once trained.
CREATE TABLE classifier_models (
  id                TEXT PRIMARY KEY,
  project_id        TEXT NOT NULL REFERENCES classifier_projects(id) ON DELETE CASCADE,
  classifier_job_id INTEGER NOT NULL UNIQUE REFERENCES classifier_jobs(id) ON DELETE CASCADE,
  version           INTEGER NOT NULL,
  embedding_model   TEXT NOT NULL,
  classes           JSONB,
  head              BYTEA,
  metrics           JSONB,
  created_at        TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  UNIQUE (project_id, version)
);

ALTER TABLE classifier_projects
  ADD CONSTRAINT classifier_projects_registered_model_fkey
  FOREIGN KEY (registered_model_id) REFERENCES classifier_models(id) ON DELETE SET NULL;
