import { Inject, Injectable } from '@nestjs/common';
import {
  type ClassifierDatasetDeleted,
  type ClassifierDatasetPage,
  type ClassifierDatasetView,
  type ClassifierRowsAdded,
  type ClassifierV2AddPayload,
  type DatasetRef,
  NotFoundError,
  type OwnerContext,
  type ProjectRef,
} from '@lamini/contracts';
import { PrismaService } from '@lamini/persistence';
import { CLASSIFIER_CONFIG, type ClassifierConfig } from '../classifier.config';
import { ClassifierProjects } from '../projects/classifier-projects.service';
import { ExampleStore } from './example-store';
import { checkResourceName, labelledExamples, tooManyRows } from './labelled-examples';

/** Rows per download page: a page stays far below the transport's message limit (NATS: 1 MB). */
const PAGE_BYTES = 256 * 1024;
const PAGE_ROWS = 500;

@Injectable()
export class ClassifierDatasets {
  constructor(
    @Inject(CLASSIFIER_CONFIG) private readonly config: ClassifierConfig,
    private readonly prisma: PrismaService,
    private readonly projects: ClassifierProjects,
    private readonly examples: ExampleStore,
  ) {}

  async add(owner: OwnerContext, request: ClassifierV2AddPayload): Promise<ClassifierRowsAdded> {
    const datasetName = checkResourceName(request.dataset_name, ['dataset_name']);
    const rows = labelledExamples(request.data, 'data', this.config.limits);
    const project = await this.projects.findByName(owner, request.project_name);
    const inserted = await this.prisma.$transaction(async (tx) => {
      const held = await tx.classifierExample.count({ where: { projectId: project.id } });
      if (held + rows.length > this.config.limits.maxProjectRows) throw tooManyRows(this.config.limits);
      return this.examples.insert(tx, project.id, datasetName, rows, false);
    });
    const total = await this.prisma.classifierExample.count({ where: { projectId: project.id, dataset: { name: datasetName } } });
    return { project_name: project.name, dataset_name: datasetName, ...inserted, rows: total };
  }

  async list(owner: OwnerContext, ref: ProjectRef): Promise<ClassifierDatasetView[]> {
    const project = await this.projects.findByName(owner, ref.project_name);
    const datasets = await this.prisma.classifierDataset.findMany({ where: { projectId: project.id }, orderBy: { id: 'asc' } });
    const counts = await this.prisma.classifierExample.groupBy({
      by: ['datasetId', 'label', 'generated'],
      where: { projectId: project.id },
      _count: { _all: true },
    });
    return datasets.map((dataset) => {
      const mine = counts.filter((c) => c.datasetId === dataset.id);
      const perClass: Record<string, number> = {};
      for (const c of mine) perClass[c.label] = (perClass[c.label] ?? 0) + c._count._all;
      return {
        dataset_name: dataset.name,
        rows: mine.reduce((sum, c) => sum + c._count._all, 0),
        generated_rows: mine.filter((c) => c.generated).reduce((sum, c) => sum + c._count._all, 0),
        rows_per_class: perClass,
        created_at: dataset.createdAt.toISOString(),
      };
    });
  }

  /** One page of the dataset's rows in the order they were added, starting after row `after`. */
  async page(owner: OwnerContext, ref: DatasetRef & { after?: number }): Promise<ClassifierDatasetPage> {
    const dataset = await this.find(owner, ref);
    const rows = await this.prisma.classifierExample.findMany({
      where: { datasetId: dataset.id, ...(ref.after ? { id: { gt: ref.after } } : {}) },
      orderBy: { id: 'asc' },
      take: PAGE_ROWS,
      select: { id: true, text: true, label: true, generated: true },
    });
    let bytes = 0;
    const page: ClassifierDatasetPage = { rows: [], next: null };
    for (const row of rows) {
      bytes += Buffer.byteLength(row.text) + Buffer.byteLength(row.label) + 48;
      if (page.rows.length > 0 && bytes > PAGE_BYTES) break;
      page.rows.push({ text: row.text, label: row.label, generated: row.generated });
      page.next = row.id;
    }
    if (page.rows.length === rows.length && rows.length < PAGE_ROWS) page.next = null;
    return page;
  }

  async delete(owner: OwnerContext, ref: DatasetRef): Promise<ClassifierDatasetDeleted> {
    const dataset = await this.find(owner, ref);
    const deleted = await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.classifierExample.deleteMany({ where: { datasetId: dataset.id } });
      await tx.classifierDataset.delete({ where: { id: dataset.id } });
      return count;
    });
    return { project_name: ref.project_name, dataset_name: dataset.name, deleted_rows: deleted };
  }

  private async find(owner: OwnerContext, ref: DatasetRef) {
    const project = await this.projects.findByName(owner, ref.project_name);
    const dataset = await this.prisma.classifierDataset.findUnique({ where: { projectId_name: { projectId: project.id, name: ref.dataset_name } } });
    if (!dataset) throw new NotFoundError(`Project ${JSON.stringify(project.name)} has no dataset named ${JSON.stringify(ref.dataset_name)}`);
    return dataset;
  }
}
