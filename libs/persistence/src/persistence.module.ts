import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ApiKeyStore } from './api-keys/api-key-store';
import { DEFAULT_MIGRATIONS_DIR, type DatabaseConfig, readDatabaseConfig } from './database/database-config';
import { type DatabaseDriver, openDatabase } from './database/database-driver';
import { loadMigrations, runMigrations } from './database/migration-runner';
import { PrismaService } from './database/prisma.service';
import { JobQueue } from './jobs/job-queue';

export const DATABASE_DRIVER = Symbol('DATABASE_DRIVER');
const OPENED_DATABASE = Symbol('OPENED_DATABASE');

interface OpenedDatabase {
  driver: DatabaseDriver;
  prisma: PrismaService;
}

/** Opens and migrates the database, then hands out Prisma, the job queue and the key store. */
export async function openMigratedDatabase(config: DatabaseConfig): Promise<OpenedDatabase> {
  const driver = await openDatabase(config);
  await runMigrations(driver, loadMigrations(config.migrationsDir ?? DEFAULT_MIGRATIONS_DIR));
  const prisma = new PrismaService({ adapter: driver.adapter });
  await prisma.$connect();
  return { driver, prisma };
}

@Global()
@Module({})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(DATABASE_DRIVER) private readonly driver: DatabaseDriver,
  ) {}

  static forRoot(config: DatabaseConfig = readDatabaseConfig()): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [
        { provide: OPENED_DATABASE, useFactory: () => openMigratedDatabase(config) },
        { provide: DATABASE_DRIVER, inject: [OPENED_DATABASE], useFactory: (db: OpenedDatabase) => db.driver },
        { provide: PrismaService, inject: [OPENED_DATABASE], useFactory: (db: OpenedDatabase) => db.prisma },
        JobQueue,
        ApiKeyStore,
      ],
      exports: [DATABASE_DRIVER, PrismaService, JobQueue, ApiKeyStore],
    };
  }

  async onApplicationShutdown() {
    await this.prisma.$disconnect();
    await this.driver.close();
  }
}
