import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ModelStatus, ModelType } from '@lamini/contracts';
import { type Model, PrismaService } from '@lamini/persistence';

export const PUBLIC_SCOPE = 'public';

export interface StoredFile {
  name: string;
  size: number;
  sha256: string;
}

/** The `models` table: models fetched from a hub, with their download state, and trained models. */
@Injectable()
export class ModelCatalog {
  constructor(private readonly prisma: PrismaService) {}

  visibleTo(ownerId: string): Promise<Model[]> {
    return this.prisma.model.findMany({
      where: { scope: { in: [PUBLIC_SCOPE, ownerId] } },
      orderBy: { createdAt: 'asc' },
    });
  }

  /** The owner's private copy wins over a public model of the same name. */
  async findVisible(name: string, ownerId: string): Promise<Model | null> {
    const rows = await this.prisma.model.findMany({ where: { name, scope: { in: [PUBLIC_SCOPE, ownerId] } } });
    return rows.find((row) => row.scope === ownerId) ?? rows[0] ?? null;
  }

  find(name: string, scope: string): Promise<Model | null> {
    return this.prisma.model.findUnique({ where: { name_scope: { name, scope } } });
  }

  get(id: string): Promise<Model | null> {
    return this.prisma.model.findUnique({ where: { id } });
  }

  /** Inserts the model unless a concurrent request just did; either way returns the row. */
  createWaiting(name: string, scope: string, modelType: ModelType): Promise<Model> {
    return this.createOnce({ name, scope, modelType, source: 'hub', downloadAttempts: 1 });
  }

  /** A model a training job made, registered once: the same job registering again finds its row. */
  createTrained(name: string, scope: string, jobId: string): Promise<Model> {
    return this.createOnce({ name, scope, modelType: 'transformer', source: 'trained', jobId });
  }

  retry(id: string, modelType: ModelType): Promise<Model> {
    return this.prisma.model.update({
      where: { id },
      data: { status: 'WAITING', modelType, error: null, downloadAttempts: { increment: 1 } },
    });
  }

  attachJob(id: string, jobId: string): Promise<Model> {
    return this.prisma.model.update({ where: { id }, data: { jobId } });
  }

  markDownloading(id: string): Promise<Model> {
    return this.prisma.model.update({ where: { id }, data: { status: 'DOWNLOADING' satisfies ModelStatus } });
  }

  markDownloaded(id: string, files: StoredFile[]): Promise<Model> {
    return this.prisma.model.update({
      where: { id },
      data: {
        status: 'DOWNLOADED' satisfies ModelStatus,
        files: files as unknown as object[],
        sizeBytes: BigInt(files.reduce((sum, f) => sum + f.size, 0)),
        error: null,
      },
    });
  }

  markFailed(id: string, error: string): Promise<Model> {
    return this.prisma.model.update({ where: { id }, data: { status: 'FAILED' satisfies ModelStatus, error } });
  }

  private async createOnce(data: { name: string; scope: string; modelType: ModelType; source: string; downloadAttempts?: number; jobId?: string }): Promise<Model> {
    try {
      return await this.prisma.model.create({
        data: { id: randomUUID().replaceAll('-', ''), status: 'WAITING' satisfies ModelStatus, ...data },
      });
    } catch (error) {
      const existing = await this.find(data.name, data.scope);
      if (existing) return existing;
      throw error;
    }
  }
}
