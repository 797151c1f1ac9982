import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapterFactory } from '@prisma/client/runtime/client';
import { Pool } from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { DatabaseConfig } from './database-config';

/** The few raw operations the migration runner needs, on either engine. */
export interface SqlSession {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements. */
  exec(sql: string): Promise<void>;
}

export interface DatabaseDriver {
  readonly kind: DatabaseConfig['kind'];
  readonly adapter: SqlDriverAdapterFactory;
  /** Runs `work` on one connection, so session-level locks and transactions hold. */
  withSession<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function openDatabase(config: DatabaseConfig): Promise<DatabaseDriver> {
  return config.kind === 'postgres' ? openPostgres(config.url) : openPGlite(config.dataDir);
}

function openPostgres(url: string): DatabaseDriver {
  const pool = new Pool({ connectionString: url, max: 2 });
  return {
    kind: 'postgres',
    adapter: new PrismaPg({ connectionString: url }),
    async withSession(work) {
      const client = await pool.connect();
      try {
        return await work({
          query: async (sql, params) => (await client.query(sql, params)).rows,
          exec: async (sql) => void (await client.query(sql)),
        });
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function openPGlite(dataDir: string | null): Promise<DatabaseDriver> {
  const releaseLock = dataDir ? lockDataDir(dataDir) : () => undefined;
  const db = dataDir ? new PGlite(dataDir) : new PGlite();
  await db.waitReady;
  const session = {
    query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
    exec: async (sql: string) => void (await db.exec(sql)),
  };
  return {
    kind: 'pglite',
    adapter: new PrismaPGlite(db),
    withSession: (work) => work(session),
    close: async () => {
      await db.close();
      releaseLock();
    },
  };
}

/**
 * PGlite is one process's database: a second process opening the same directory would corrupt
 * it. A lock file beside the directory makes the second one stop with a clear message instead.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lock = `${dataDir}.lock`;
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
  } catch {
    const holder = Number(readFileSync(lock, 'utf8'));
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new Error(`The database in ${dataDir} is in use by process ${holder}; stop it first (embedded mode is single-process)`);
    }
    writeFileSync(lock, String(process.pid));
  }
  return () => rmSync(lock, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
