import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The PostgreSQL server tests use (CI starts it on 127.0.0.1:5432 with trust auth). */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** Shaped like persistence's DatabaseConfig, which fills in the migrations directory. */
export type TestDatabaseConfig = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | null };

export interface TestDatabase {
  config: TestDatabaseConfig;
  drop(): Promise<void>;
}

export interface TestPostgres extends TestDatabase {
  url: string;
}

/** A fresh, empty database on the real server, dropped afterwards: tests never share state. */
export async function createPostgresDatabase(): Promise<TestPostgres> {
  const name = `lamini_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    config: { kind: 'postgres', url: url.toString() },
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export function pgliteInMemory(): TestDatabaseConfig {
  return { kind: 'pglite', dataDir: null };
}

/** Both engines the platform runs on, for `describe.each`: the real PostgreSQL server and PGlite. */
export const TEST_DATABASE_ENGINES: Array<[string, () => Promise<TestDatabase>]> = [
  ['PostgreSQL', createPostgresDatabase],
  ['PGlite', async () => ({ config: pgliteInMemory(), drop: async () => undefined })],
];

async function adminQuery(sql: string) {
  const client = new Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
