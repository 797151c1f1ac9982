import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type DatasetRow,
  type DatasetUploaded,
  InvalidInputError,
  NotFoundError,
  type OwnerContext,
  PayloadTooLargeError,
} from '@lamini/contracts';
import { type Prisma, PrismaService } from '@lamini/persistence';
import { TRAINER_CONFIG, type TrainerConfig } from '../trainer.config';

export interface StoredDataset {
  id: string;
  rows: DatasetRow[];
}

/**
 * Training datasets, the owner's own and content-addressed: the id is the sha256 of the rows,
 * so the same rows uploaded again are the same dataset, stored once. Rows live in the database
 * (bounded in count and size), never in files named by the request.
 */
@Injectable()
export class DatasetStore {
  constructor(
    @Inject(TRAINER_CONFIG) private readonly config: TrainerConfig,
    private readonly prisma: PrismaService,
  ) {}

  async upload(owner: OwnerContext, data: DatasetRow[], isPublic: boolean): Promise<DatasetUploaded> {
    const rows = this.checkedRows(data);
    const canonical = JSON.stringify(rows);
    const id = createHash('sha256').update(canonical).digest('hex');
    await this.prisma.dataset.upsert({
      where: { ownerId_id: { ownerId: owner.id, id } },
      create: { ownerId: owner.id, id, rows: rows as unknown as Prisma.InputJsonValue, numRows: rows.length, sizeBytes: Buffer.byteLength(canonical), isPublic },
      update: {},
    });
    return located(id, rows.length);
  }

  async describe(owner: OwnerContext, datasetId: string): Promise<DatasetUploaded> {
    const dataset = await this.prisma.dataset.findUnique({
      where: { ownerId_id: { ownerId: owner.id, id: datasetId } },
      select: { id: true, numRows: true },
    });
    if (!dataset) throw notFound(datasetId);
    return located(dataset.id, dataset.numRows);
  }

  async load(ownerId: string, datasetId: string): Promise<StoredDataset> {
    const dataset = await this.prisma.dataset.findUnique({ where: { ownerId_id: { ownerId, id: datasetId } } });
    if (!dataset) throw notFound(datasetId);
    return { id: dataset.id, rows: dataset.rows as unknown as DatasetRow[] };
  }

  /** Only `input` and `output` are kept, so extra keys do not change the dataset's id. */
  private checkedRows(data: DatasetRow[]): DatasetRow[] {
    const { maxRows, maxRowBytes, maxTotalBytes } = this.config.datasets;
    if (data.length === 0) throw InvalidInputError.at(['data'], 'The dataset has no rows');
    if (data.length > maxRows) {
      throw new PayloadTooLargeError(`The dataset has ${data.length} rows; a dataset holds at most ${maxRows} (TRAIN_DATASET_MAX_ROWS)`);
    }
    let total = 0;
    return data.map(({ input, output }, index) => {
      const bytes = Buffer.byteLength(input) + Buffer.byteLength(output);
      if (bytes > maxRowBytes) {
        throw InvalidInputError.at(['data', index], `Row ${index} is ${bytes} bytes; a row holds at most ${maxRowBytes} (TRAIN_DATASET_MAX_ROW_BYTES)`);
      }
      if (output.length === 0) throw InvalidInputError.at(['data', index, 'output'], `Row ${index} has an empty output: nothing to learn`);
      total += bytes;
      if (total > maxTotalBytes) {
        throw new PayloadTooLargeError(`The dataset is over ${maxTotalBytes} bytes of text by row ${index} (TRAIN_DATASET_MAX_BYTES)`);
      }
      return { input, output };
    });
  }
}

function located(id: string, rows: number): DatasetUploaded {
  return { dataset_id: id, dataset_location: `datasets/${id}`, num_datapoints: rows };
}

function notFound(datasetId: string) {
  return new NotFoundError(`Dataset ${datasetId} not found: upload it with POST /v1/local-data`);
}
