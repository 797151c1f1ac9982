import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ApiKeyStore } from './api-keys/api-key-store';
import { DEFAULT_MIGRATIONS_DIR, type DatabaseConfig, readDatabaseConfig } from './database/database-config';
import { type DatabaseDriver, openDatabase } from './database/database-driver';
import { loadMigrations, runMigrations, waitForMigrations } from './database/migration-runner';
import { PrismaService } from './database/prisma.service';
import { JobQueue } from './jobs/job-queue';
import { JobWorkers } from './jobs/job-workers';

const OPENED_DATABASE = Symbol('OPENED_DATABASE');

export interface OpenedDatabase {
  driver: DatabaseDriver;
  prisma: PrismaService;
  close(): Promise<void>;
}

/**
 * Opens the database and migrates it (or, with DATABASE_MIGRATE=off, waits for it to be
 * migrated), then hands out Prisma, the job queue and the key store.
 */
export async function openMigratedDatabase(config: DatabaseConfig): Promise<OpenedDatabase> {
  const driver = await openDatabase(config);
  const migrations = loadMigrations(config.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  try {
    if (config.migrate?.mode === 'off') await waitForMigrations(driver, migrations, config.migrate.waitMs);
    else await runMigrations(driver, migrations);
  } catch (error) {
    await driver.close();
    throw error;
  }
  const prisma = new PrismaService({ adapter: driver.adapter });
  await prisma.$connect();
  return {
    driver,
    prisma,
    close: async () => {
      await prisma.$disconnect();
      await driver.close();
    },
  };
}

/** For scripts: opens the database, runs `work`, and closes it whatever happens. */
export async function withMigratedDatabase<T>(config: DatabaseConfig, work: (prisma: PrismaService) => Promise<T>): Promise<T> {
  const db = await openMigratedDatabase(config);
  try {
    return await work(db.prisma);
  } finally {
    await db.close();
  }
}

@Global()
@Module({})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(OPENED_DATABASE) private readonly database: OpenedDatabase) {}

  static forRoot(config: DatabaseConfig = readDatabaseConfig()): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [
        { provide: OPENED_DATABASE, useFactory: () => openMigratedDatabase(config) },
        { provide: PrismaService, inject: [OPENED_DATABASE], useFactory: (db: OpenedDatabase) => db.prisma },
        JobQueue,
        JobWorkers,
        ApiKeyStore,
      ],
      exports: [PrismaService, JobQueue, JobWorkers, ApiKeyStore],
    };
  }

  async onApplicationShutdown() {
    await this.database.close();
  }
}
