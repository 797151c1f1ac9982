import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_DATABASE_ENGINES, type TestDatabase, createPostgresDatabase } from '@lamini/testing';
import { openMigratedDatabase } from '../persistence.module';
import { DEFAULT_MIGRATIONS_DIR, readDatabaseConfig } from './database-config';
import { type DatabaseDriver, openDatabase } from './database-driver';
import { loadMigrations, migrateDatabase, pendingMigrations, runMigrations, waitForMigrations } from './migration-runner';

/** A folder of migrations written for one test. */
function migrationsDir(migrations: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
  for (const [version, sql] of Object.entries(migrations)) {
    mkdirSync(join(dir, version));
    writeFileSync(join(dir, version, 'migration.sql'), sql);
  }
  return dir;
}

describe.each(TEST_DATABASE_ENGINES)('migrations on %s', (_, makeDatabase) => {
  let database: TestDatabase;
  let driver: DatabaseDriver;

  beforeEach(async () => {
    database = await makeDatabase();
    driver = await openDatabase(database.config);
  });

  afterEach(async () => {
    await driver.close();
    await database.drop();
  });

  const tables = () =>
    driver.withSession((db) =>
      db.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
      ),
    );

  it('creates every table once and is a no-op the second time', async () => {
    const migrations = loadMigrations(DEFAULT_MIGRATIONS_DIR);
    expect(await runMigrations(driver, migrations)).toEqual(migrations.map((m) => m.version));
    expect((await tables()).map((t) => t.table_name)).toEqual(['_lamini_migrations', 'api_keys', 'classifier_datasets', 'classifier_examples', 'classifier_jobs', 'classifier_models', 'classifier_projects', 'datasets', 'jobs', 'models', 'owners', 'rag_chunks', 'rag_documents', 'rag_jobs', 'training_jobs']);
    expect(await runMigrations(driver, migrations)).toEqual([]);
  });

  it('refuses a migration that was edited after it was applied', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    mkdirSync(join(dir, '0001_a'));
    writeFileSync(join(dir, '0001_a', 'migration.sql'), 'CREATE TABLE a (id int);');
    await runMigrations(driver, loadMigrations(dir));
    writeFileSync(join(dir, '0001_a', 'migration.sql'), 'CREATE TABLE a (id bigint);');
    await expect(runMigrations(driver, loadMigrations(dir))).rejects.toThrow(/0001_a was changed/);
  });

  it('rolls back a failing migration entirely', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    mkdirSync(join(dir, '0001_bad'));
    writeFileSync(join(dir, '0001_bad', 'migration.sql'), 'CREATE TABLE half (id int); SELECT nope FROM nowhere;');
    await expect(runMigrations(driver, loadMigrations(dir))).rejects.toThrow();
    expect((await tables()).map((t) => t.table_name)).toEqual(['_lamini_migrations']);
  });

  it('reports what is pending without migrating, and a waiter finishes once another process has migrated', async () => {
    const migrations = loadMigrations(DEFAULT_MIGRATIONS_DIR);
    expect(await pendingMigrations(driver, migrations)).toEqual(migrations.map((m) => m.version));
    expect((await tables()).map((t) => t.table_name)).toEqual([]);
    await expect(waitForMigrations(driver, migrations, 0)).rejects.toThrow(/lacks migrations 0001_initial, .*DATABASE_MIGRATE=off/);
    const waiting = waitForMigrations(driver, migrations, 10_000);
    await runMigrations(driver, migrations);
    await expect(waiting).resolves.toBeUndefined();
    expect(await pendingMigrations(driver, migrations)).toEqual([]);
  });
});

describe('migrations run by several processes at once', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createPostgresDatabase();
  });

  afterEach(() => database.drop());

  it('serialize on the advisory lock: every starter succeeds and each migration is applied once', async () => {
    // The first migration holds the lock for a while, so the others arrive while it runs.
    const dir = migrationsDir({
      '0001_slow': "CREATE TABLE applied (version text); INSERT INTO applied VALUES ('0001'); SELECT pg_sleep(0.5);",
      '0002_next': "INSERT INTO applied VALUES ('0002');",
    });
    const config = { ...database.config, migrationsDir: dir };
    const results = await Promise.all([migrateDatabase(config), migrateDatabase(config), migrateDatabase(config)]);
    expect(results.flat().sort()).toEqual(['0001_slow', '0002_next']);
    expect(results.filter((applied) => applied.length > 0)).toHaveLength(1);
    const driver = await openDatabase(database.config);
    try {
      const rows = await driver.withSession((db) => db.query<{ version: string }>('SELECT version FROM applied ORDER BY version'));
      expect(rows.map((row) => row.version)).toEqual(['0001', '0002']);
    } finally {
      await driver.close();
    }
  });

  it('bring a fresh database to the release schema from replicas starting together', async () => {
    const versions = loadMigrations(DEFAULT_MIGRATIONS_DIR).map((m) => m.version);
    const results = await Promise.all([migrateDatabase(database.config), migrateDatabase(database.config)]);
    expect(results.flat().sort()).toEqual(versions);
  });
});

describe('DATABASE_MIGRATE', () => {
  it('migrates on start unless told otherwise', () => {
    expect(readDatabaseConfig({}).migrate).toEqual({ mode: 'on-start', waitMs: 60_000 });
    expect(readDatabaseConfig({ DATABASE_MIGRATE: 'off', DATABASE_MIGRATE_WAIT_MS: '5000' }).migrate).toEqual({ mode: 'off', waitMs: 5000 });
    expect(() => readDatabaseConfig({ DATABASE_MIGRATE: 'sometimes' })).toThrow(/DATABASE_MIGRATE/);
  });

  it('off: a process neither migrates nor starts on an unmigrated database, and starts once it is migrated', async () => {
    const database = await createPostgresDatabase();
    try {
      const config = { ...database.config, migrate: { mode: 'off' as const, waitMs: 0 } };
      await expect(openMigratedDatabase(config)).rejects.toThrow(/lacks migrations/);
      expect(await migrateDatabase(database.config)).not.toEqual([]);
      const opened = await openMigratedDatabase(config);
      await opened.close();
    } finally {
      await database.drop();
    }
  });
});
