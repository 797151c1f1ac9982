import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseDriver } from './database-driver';

export interface Migration {
  version: string;
  sql: string;
  checksum: string;
}

// Any fixed number works; it only has to be the same in every replica that migrates.
const MIGRATION_LOCK_ID = 727_001;

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
 * Applies the migrations not yet recorded, each in its own transaction, under an advisory lock so
 * replicas starting together do not race. An applied migration whose file changed is an error:
 * released migrations are never edited, only followed by new ones.
 */
export async function runMigrations(driver: DatabaseDriver, migrations: Migration[]): Promise<string[]> {
  return driver.withSession(async (db) => {
    await db.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    try {
      await db.exec(`CREATE TABLE IF NOT EXISTS _lamini_migrations (
        version TEXT PRIMARY KEY,
        checksum TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
      const applied = new Map(
        (await db.query<{ version: string; checksum: string }>('SELECT version, checksum FROM _lamini_migrations')).map(
          (row) => [row.version, row.checksum],
        ),
      );
      const newlyApplied: string[] = [];
      for (const migration of migrations) {
        const checksum = applied.get(migration.version);
        if (checksum !== undefined) {
          if (checksum !== migration.checksum) {
            throw new Error(`Migration ${migration.version} was changed after it was applied`);
          }
          continue;
        }
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
