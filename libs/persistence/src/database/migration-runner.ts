import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_MIGRATIONS_DIR, type DatabaseConfig } from './database-config';
import { type DatabaseDriver, type SqlSession, openDatabase } from './database-driver';

export interface Migration {
  version: string;
  sql: string;
  checksum: string;
}

// Any fixed number works; it only has to be the same in every process that migrates.
const MIGRATION_LOCK_ID = 727_001;

const POLL_MS = 1_000;

export function loadMigrations(dir: string): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((version) => {
      const sql = readFileSync(join(dir, version, 'migration.sql'), 'utf8');
      return { version, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Applies the migrations not yet recorded, each in its own transaction, under a PostgreSQL
 * advisory lock held for the whole run: processes starting together (replicas, the migrate Job)
 * queue behind the first, which applies everything, and then find nothing left to do. An applied
 * migration whose file changed is an error: released migrations are never edited, only followed
 * by new ones.
 */
export async function runMigrations(driver: DatabaseDriver, migrations: Migration[]): Promise<string[]> {
  return driver.withSession(async (db) => {
    await db.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    try {
      await db.exec(`CREATE TABLE IF NOT EXISTS _lamini_migrations (
        version TEXT PRIMARY KEY,
        checksum TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
      const newlyApplied: string[] = [];
      for (const migration of unapplied(migrations, await appliedChecksums(db))) {
        await db.exec('BEGIN');
        try {
          await db.exec(migration.sql);
          await db.query('INSERT INTO _lamini_migrations (version, checksum) VALUES ($1, $2)', [
            migration.version,
            migration.checksum,
          ]);
          await db.exec('COMMIT');
        } catch (error) {
          await db.exec('ROLLBACK');
          throw error;
        }
        newlyApplied.push(migration.version);
      }
      return newlyApplied;
    } finally {
      await db.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
    }
  });
}

/** The versions of `migrations` the database has not applied, without changing anything. */
export async function pendingMigrations(driver: DatabaseDriver, migrations: Migration[]): Promise<string[]> {
  return driver.withSession(async (db) => unapplied(migrations, await appliedChecksums(db)).map((m) => m.version));
}

/**
 * For processes that do not migrate (DATABASE_MIGRATE=off): waits until another step has applied
 * every migration this code needs, so replicas of a new release that start before the migrate
 * Job has finished wait for it instead of running on an old schema.
 */
export async function waitForMigrations(driver: DatabaseDriver, migrations: Migration[], waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const pending = await pendingMigrations(driver, migrations);
    if (pending.length === 0) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `The database lacks migrations ${pending.join(', ')} and DATABASE_MIGRATE=off: run this release's migration ` +
          '(`npm run db:migrate`, or the Kubernetes migrate Job) first, or set DATABASE_MIGRATE=on-start',
      );
    }
    await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
  }
}

/** The migration step on its own (`npm run db:migrate`, the migrate Job): opens, migrates, closes. */
export async function migrateDatabase(config: DatabaseConfig): Promise<string[]> {
  const driver = await openDatabase(config);
  try {
    return await runMigrations(driver, loadMigrations(config.migrationsDir ?? DEFAULT_MIGRATIONS_DIR));
  } finally {
    await driver.close();
  }
}

async function appliedChecksums(db: SqlSession): Promise<Map<string, string>> {
  const [{ exists }] = await db.query<{ exists: boolean }>("SELECT to_regclass('_lamini_migrations') IS NOT NULL AS exists");
  if (!exists) return new Map();
  const rows = await db.query<{ version: string; checksum: string }>('SELECT version, checksum FROM _lamini_migrations');
  return new Map(rows.map((row) => [row.version, row.checksum]));
}

function unapplied(migrations: Migration[], applied: Map<string, string>): Migration[] {
  return migrations.filter((migration) => {
    const checksum = applied.get(migration.version);
    if (checksum === undefined) return true;
    if (checksum !== migration.checksum) throw new Error(`Migration ${migration.version} was changed after it was applied`);
    return false;
  });
}
