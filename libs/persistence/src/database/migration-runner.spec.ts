import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_DATABASE_ENGINES, type TestDatabase } from '@lamini/testing';
import { DEFAULT_MIGRATIONS_DIR } from './database-config';
import { type DatabaseDriver, openDatabase } from './database-driver';
import { loadMigrations, runMigrations } from './migration-runner';

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
});
