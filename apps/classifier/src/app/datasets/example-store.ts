import { Injectable } from '@nestjs/common';
import type { ClassifierClassView } from '@lamini/contracts';
import type { TransactionClient } from '@lamini/persistence';
import { type LabelledExample, textKey } from './labelled-examples';

export interface InsertedExamples {
  added: number;
  duplicates: number;
}

/**
 * Writes labelled rows into a project's dataset (created on first use), each text once per
 * label and dataset; a label the project did not have becomes one of its classes.
 */
@Injectable()
export class ExampleStore {
  async insert(tx: TransactionClient, projectId: string, datasetName: string, rows: LabelledExample[], generated: boolean): Promise<InsertedExamples> {
    const dataset = await tx.classifierDataset.upsert({
      where: { projectId_name: { projectId, name: datasetName } },
      create: { projectId, name: datasetName },
      update: {},
    });
    const { count } = await tx.classifierExample.createMany({
      data: rows.map((row) => ({ datasetId: dataset.id, projectId, label: row.label, text: row.text, textKey: textKey(row.text), generated })),
      skipDuplicates: true,
    });
    await this.addClasses(tx, projectId, rows);
    return { added: count, duplicates: rows.length - count };
  }

  private async addClasses(tx: TransactionClient, projectId: string, rows: LabelledExample[]): Promise<void> {
    const project = await tx.classifierProject.findUniqueOrThrow({ where: { id: projectId }, select: { classes: true } });
    const classes = project.classes as unknown as ClassifierClassView[];
    const known = new Set(classes.map((c) => c.name));
    const added = [...new Set(rows.map((row) => row.label))].filter((label) => !known.has(label));
    if (added.length === 0) return;
    await tx.classifierProject.update({
      where: { id: projectId },
      data: { classes: [...classes, ...added.map((name) => ({ name, description: null }))] as object[] },
    });
  }
}
