import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { InvalidInputError, PayloadTooLargeError, type StagedUpload } from '@lamini/contracts';
import { UnreadableDocumentError, UnsupportedDocumentError } from '../documents/document-errors';
import { extractText } from '../documents/extract-text';
import { MEMORY_RAG_CONFIG, type MemoryRagConfig } from '../memory-rag.config';

export interface ReadDocument {
  name: string;
  text: string;
  sizeBytes: number;
  /** The staged file, until the job takes it. */
  stagedPath: string;
}

const UPLOAD_ID = /^[0-9a-f]{32}$/;

/**
 * Checks and reads the files the gateway staged for a job, all of them before anything is
 * stored: one unsupported or unreadable file refuses the whole upload (422 naming it), so no
 * job is ever half-indexed. Files are found by our own upload ids; client names stay metadata.
 */
@Injectable()
export class UploadIntake {
  constructor(@Inject(MEMORY_RAG_CONFIG) private readonly config: MemoryRagConfig) {}

  async read(uploads: StagedUpload[]): Promise<ReadDocument[]> {
    const { maxFiles, maxFileBytes, maxTotalBytes } = this.config.uploads;
    if (uploads.length === 0) throw InvalidInputError.at(['files'], 'No documents: send them as multipart `files` parts');
    if (uploads.length > maxFiles) throw new PayloadTooLargeError(`${uploads.length} files; a job takes at most ${maxFiles} (RAG_MAX_FILES)`);
    let total = 0;
    const documents: ReadDocument[] = [];
    for (const [index, upload] of uploads.entries()) {
      const path = this.stagedPath(upload.upload_id);
      const size = statSync(path).size;
      if (size > maxFileBytes) throw new PayloadTooLargeError(`${upload.file_name} is ${size} bytes; a file holds at most ${maxFileBytes} (RAG_MAX_FILE_MB)`);
      total += size;
      if (total > maxTotalBytes) throw new PayloadTooLargeError(`The upload is over ${maxTotalBytes} bytes by ${upload.file_name} (RAG_MAX_TOTAL_MB)`);
      try {
        documents.push({ name: upload.file_name, text: await extractText(upload.file_name, path), sizeBytes: size, stagedPath: path });
      } catch (error) {
        if (error instanceof UnsupportedDocumentError || error instanceof UnreadableDocumentError) throw InvalidInputError.at(['files', index], error.message);
        throw error;
      }
    }
    return documents;
  }

  /** Moves the staged files into the job's folder, numbered in upload order. */
  keep(documents: ReadDocument[], jobDir: string): void {
    const dir = join(jobDir, 'documents');
    mkdirSync(dir, { recursive: true });
    documents.forEach((document, index) => renameSync(document.stagedPath, join(dir, String(index))));
  }

  discard(uploads: StagedUpload[]): void {
    for (const upload of uploads) if (UPLOAD_ID.test(upload.upload_id)) rmSync(join(this.config.uploads.uploadsDir, upload.upload_id), { force: true });
  }

  private stagedPath(uploadId: string): string {
    const path = UPLOAD_ID.test(uploadId) ? join(this.config.uploads.uploadsDir, uploadId) : '';
    if (!path || !existsSync(path)) throw InvalidInputError.at(['files'], `No staged upload ${JSON.stringify(uploadId)}`);
    return path;
  }
}
