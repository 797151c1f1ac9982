import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DEFAULT_MIGRATIONS_DIR, type DatabaseConfig } from '@lamini/persistence';

/** The PostgreSQL server tests use (CI starts it on 127.0.0.1:5432 with trust auth). */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestPostgres {
  url: string;
  config: DatabaseConfig;
  drop(): Promise<void>;
}

/** A fresh, empty database on the real server, dropped afterwards: tests never share state. */
export async function createPostgresDatabase(): Promise<TestPostgres> {
  const name = `lamini_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    config: { kind: 'postgres', url: url.toString(), migrationsDir: DEFAULT_MIGRATIONS_DIR },
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export function pgliteInMemory(): DatabaseConfig {
  return { kind: 'pglite', dataDir: null, migrationsDir: DEFAULT_MIGRATIONS_DIR };
}

async function adminQuery(sql: string) {
  const client = new Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
