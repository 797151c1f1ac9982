import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { EmbeddingSubjects, unpackEmbeddings } from '@lamini/contracts';
import { type JobContext, type JobRecord, PrismaService } from '@lamini/persistence';
import { ServiceClient } from '@lamini/transport';
import { CLASSIFIER_CONFIG, type ClassifierConfig } from '../classifier.config';
import { projectClasses } from '../projects/project-classes';
import { trainHeadInThread } from '../training/head-training-thread';
import type { ClassifierJobPayload, ClassifierJobProgress, TrainResult } from './classifier-job.types';

/**
 * Trains a new version of a project's classifier: waits for the project's augmentation to end,
 * embeds the rows whose vector is missing (storing each batch, so a job taken over embeds only
 * the rest), then trains and calibrates a head on every row in a worker thread and stores it
 * with its held-out metrics on the version's model row.
 */
@Injectable()
export class TrainHandler {
  constructor(
    @Inject(CLASSIFIER_CONFIG) private readonly config: ClassifierConfig,
    private readonly prisma: PrismaService,
    private readonly services: ServiceClient,
  ) {}

  async run(job: JobRecord<ClassifierJobPayload, ClassifierJobProgress>, context: JobContext<ClassifierJobProgress>): Promise<TrainResult> {
    const found = await this.prisma.classifierJob.findUniqueOrThrow({ where: { jobId: job.id }, include: { project: true, model: true } });
    const model = found.model!;
    await this.awaitAugmentation(found.projectId, context);
    await this.embedMissing(job.ownerId, found.projectId, model.embeddingModel, context);

    const rows = await this.prisma.classifierExample.findMany({ where: { projectId: found.projectId }, select: { label: true, vector: true, generated: true }, orderBy: { id: 'asc' } });
    const present = new Set(rows.map((row) => row.label));
    const classNames = projectClasses(found.project).map((c) => c.name).filter((name) => present.has(name));
    if (classNames.length < 2) throw new Error(`Training needs examples of at least two classes; the project has examples of ${classNames.length}`);
    const dimensions = rows[0].vector!.byteLength / 4;
    const vectors = new Float32Array(rows.length * dimensions);
    const labels = new Int32Array(rows.length);
    rows.forEach((row, i) => {
      // A copy: the driver's buffer may start at an offset a Float32Array view cannot.
      vectors.set(new Float32Array(Uint8Array.from(row.vector!).buffer), i * dimensions);
      labels[i] = classNames.indexOf(row.label);
    });

    context.setProgress({ phase: 'training', fraction: 0.5 });
    const trained = await trainHeadInThread({ vectors, dimensions, labels, classNames, trainOnly: rows.map((row) => row.generated), holdoutFraction: this.config.holdoutFraction }, context.signal, (fraction) =>
      context.setProgress({ phase: 'training', fraction: 0.5 + fraction / 2 }),
    );
    await this.prisma.classifierModel.update({
      where: { id: model.id },
      data: { head: new Uint8Array(trained.head), classes: classNames, metrics: trained.metrics as object },
    });
    context.setProgress({ phase: 'done', fraction: 1 });
    return { metrics: trained.metrics };
  }

  /** Rows the augmentation is still writing belong in this training. */
  private async awaitAugmentation(projectId: string, context: JobContext<ClassifierJobProgress>): Promise<void> {
    for (;;) {
      const pending = await this.prisma.classifierJob.count({ where: { projectId, kind: 'augment', job: { status: { in: ['queued', 'running'] } } } });
      if (pending === 0) return;
      context.setProgress({ phase: 'waiting for augmentation', fraction: 0 });
      await sleep(this.config.pollMs, undefined, { signal: context.signal });
    }
  }

  private async embedMissing(ownerId: string, projectId: string, embeddingModel: string, context: JobContext<ClassifierJobProgress>): Promise<void> {
    const owner = { id: ownerId, name: ownerId };
    const missingWhere = { projectId, OR: [{ vectorModel: null }, { vectorModel: { not: embeddingModel } }] };
    const total = await this.prisma.classifierExample.count({ where: { projectId } });
    let embedded = total - (await this.prisma.classifierExample.count({ where: missingWhere }));
    for (;;) {
      context.signal.throwIfAborted();
      const batch = await this.prisma.classifierExample.findMany({ where: missingWhere, orderBy: { id: 'asc' }, take: this.config.embedBatch, select: { id: true, text: true } });
      if (batch.length === 0) return;
      const vectors = unpackEmbeddings(
        await this.services.send(EmbeddingSubjects.embed, owner, { prompt: batch.map((row) => row.text), model_name: embeddingModel, latency_sensitive: false }),
      );
      await this.prisma.$transaction(
        batch.map((row, i) =>
          this.prisma.classifierExample.update({
            where: { id: row.id },
            data: { vector: new Uint8Array(vectors[i].slice().buffer), vectorModel: embeddingModel },
          }),
        ),
      );
      embedded += batch.length;
      context.setProgress({ phase: 'embedding', fraction: total ? (embedded / total) / 2 : 0.5 });
    }
  }
}
