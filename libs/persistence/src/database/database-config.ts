import { join, resolve } from 'node:path';
import type { JSONSchemaType } from 'ajv';
import { readConfig } from '@lamini/config';

/** PostgreSQL in distributed mode; PGlite (embedded PostgreSQL) in a data directory otherwise. */
export type DatabaseConfig =
  | { kind: 'postgres'; url: string; migrationsDir?: string }
  | { kind: 'pglite'; dataDir: string | null; migrationsDir?: string };

interface DatabaseEnv {
  DATABASE_URL?: string;
  /** Where PGlite keeps its files; `memory` keeps nothing on disk. */
  PGLITE_DATA_DIR?: string;
  LAMINI_DATA_DIR: string;
  MIGRATIONS_DIR?: string;
}

const schema: JSONSchemaType<DatabaseEnv> = {
  type: 'object',
  properties: {
    DATABASE_URL: { type: 'string', pattern: '^postgres(ql)?://', nullable: true },
    PGLITE_DATA_DIR: { type: 'string', nullable: true },
    LAMINI_DATA_DIR: { type: 'string', default: 'data' },
    MIGRATIONS_DIR: { type: 'string', nullable: true },
  },
  required: ['LAMINI_DATA_DIR'],
};

export const DEFAULT_MIGRATIONS_DIR = resolve(__dirname, '../../../../prisma/migrations');

export function readDatabaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const config = readConfig(schema, env);
  const migrationsDir = config.MIGRATIONS_DIR ? resolve(config.MIGRATIONS_DIR) : DEFAULT_MIGRATIONS_DIR;
  if (config.DATABASE_URL) return { kind: 'postgres', url: config.DATABASE_URL, migrationsDir };
  const dataDir = config.PGLITE_DATA_DIR ?? join(config.LAMINI_DATA_DIR, 'pglite');
  return { kind: 'pglite', dataDir: dataDir === 'memory' ? null : resolve(dataDir), migrationsDir };
}
