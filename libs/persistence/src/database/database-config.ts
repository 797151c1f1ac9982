import { join, resolve } from 'node:path';
import type { JSONSchemaType } from 'ajv';
import { readConfig } from '@lamini/config';

/**
 * `on-start`: the process applies pending migrations when it opens the database (embedded mode,
 * a try-out cluster). `off`: it only waits, up to `waitMs`, for a separate step (`npm run
 * db:migrate`, the Kubernetes migrate Job) to have applied them, so a release's replicas never
 * race to migrate.
 */
export interface MigrationPolicy {
  mode: 'on-start' | 'off';
  waitMs: number;
}

/** PostgreSQL in distributed mode; PGlite (embedded PostgreSQL) in a data directory otherwise. */
export type DatabaseConfig = (
  | { kind: 'postgres'; url: string; migrationsDir?: string }
  | { kind: 'pglite'; dataDir: string | null; migrationsDir?: string }
) & { migrate?: MigrationPolicy };

interface DatabaseEnv {
  DATABASE_URL?: string;
  /** Where PGlite keeps its files; `memory` keeps nothing on disk. */
  PGLITE_DATA_DIR?: string;
  LAMINI_DATA_DIR: string;
  MIGRATIONS_DIR?: string;
  DATABASE_MIGRATE: MigrationPolicy['mode'];
  DATABASE_MIGRATE_WAIT_MS: number;
}

const schema: JSONSchemaType<DatabaseEnv> = {
  type: 'object',
  properties: {
    DATABASE_URL: { type: 'string', pattern: '^postgres(ql)?://', nullable: true },
    PGLITE_DATA_DIR: { type: 'string', nullable: true },
    LAMINI_DATA_DIR: { type: 'string', default: 'data' },
    MIGRATIONS_DIR: { type: 'string', nullable: true },
    DATABASE_MIGRATE: { type: 'string', enum: ['on-start', 'off'], default: 'on-start' },
    DATABASE_MIGRATE_WAIT_MS: { type: 'integer', minimum: 0, default: 60_000 },
  },
  required: ['LAMINI_DATA_DIR', 'DATABASE_MIGRATE', 'DATABASE_MIGRATE_WAIT_MS'],
};

export const DEFAULT_MIGRATIONS_DIR = resolve(__dirname, '../../../../prisma/migrations');

export function readDatabaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const config = readConfig(schema, env);
  const migrationsDir = config.MIGRATIONS_DIR ? resolve(config.MIGRATIONS_DIR) : DEFAULT_MIGRATIONS_DIR;
  const migrate: MigrationPolicy = { mode: config.DATABASE_MIGRATE, waitMs: config.DATABASE_MIGRATE_WAIT_MS };
  if (config.DATABASE_URL) return { kind: 'postgres', url: config.DATABASE_URL, migrationsDir, migrate };
  const dataDir = config.PGLITE_DATA_DIR ?? join(config.LAMINI_DATA_DIR, 'pglite');
  return { kind: 'pglite', dataDir: dataDir === 'memory' ? null : resolve(dataDir), migrationsDir, migrate };
}
