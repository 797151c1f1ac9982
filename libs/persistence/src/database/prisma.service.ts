import { PrismaClient } from '../generated/prisma/client';

/**
 * The Prisma client the services inject. Built by PersistenceModule once the database is open
 * and migrated, over whichever driver adapter the configuration chose.
 */
export class PrismaService extends PrismaClient {}

export type { Prisma } from '../generated/prisma/client';
export type {
  ApiKey,
  ClassifierDataset,
  ClassifierExample,
  ClassifierJob,
  ClassifierModel,
  ClassifierProject,
  Dataset,
  Job,
  Model,
  Owner,
  RagChunk,
  RagDocument,
  RagJob,
  TrainingJob,
} from '../generated/prisma/client';
