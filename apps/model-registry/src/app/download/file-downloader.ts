import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { Injectable } from '@nestjs/common';
import { hashFileInto, sha256OfFile } from '@lamini/runtime';
import { HubClient, HubError, type HubFile } from '../hub/hub-client';
import { ModelStore } from '../store/model-store';

export class ChecksumMismatchError extends Error {}

export interface FileDownload {
  modelId: string;
  repo: string;
  revision: string;
  file: HubFile;
  token: string | undefined;
  signal: AbortSignal;
  /** Called with the bytes of this file on disk so far, as they grow. */
  onProgress(bytes: number): void;
}

export interface DownloadedFile {
  path: string;
  size: number;
  sha256: string;
}

const MAX_TRIES = 4;

/**
 * Downloads one file into the store. Bytes go to `<file>.partial`; a restarted download asks
 * the hub for the rest with an HTTP Range and hashes what it already has, so the sha256 check
 * covers the whole file. Only a verified file is renamed into place.
 */
@Injectable()
export class FileDownloader {
  constructor(
    private readonly hub: HubClient,
    private readonly store: ModelStore,
  ) {}

  async download(job: FileDownload): Promise<DownloadedFile> {
    const target = this.store.prepareFile(job.modelId, job.file.path);
    if (existsSync(target) && (job.file.size === null || statSync(target).size === job.file.size)) {
      job.onProgress(statSync(target).size);
      return { path: target, size: statSync(target).size, sha256: job.file.sha256 ?? (await sha256OfFile(target)) };
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.tryDownload(job, target);
      } catch (error) {
        const transient = error instanceof HubError && error.transient;
        if (!transient || attempt >= MAX_TRIES || job.signal.aborted) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
      }
    }
  }

  private async tryDownload(job: FileDownload, target: string): Promise<DownloadedFile> {
    const partial = this.store.partialPath(target);
    let offset = existsSync(partial) ? statSync(partial).size : 0;
    if (job.file.size !== null && offset > job.file.size) {
      rmSync(partial);
      offset = 0;
    }
    const hash = createHash('sha256');
    if (offset > 0) await hashFileInto(hash, partial);
    job.onProgress(offset);

    if (job.file.size === null || offset < job.file.size) {
      const response = await this.hub.openFile(job.repo, job.revision, job.file.path, job.token, offset, job.signal);
      if (offset > 0 && response.status === 200) {
        // The hub ignored the Range header: start the file again.
        rmSync(partial, { force: true });
        offset = 0;
        return this.tryDownload(job, target);
      }
      if (response.status !== 416) await this.append(response, partial, hash, offset, job);
    }

    const size = statSync(partial).size;
    const sha256 = hash.digest('hex');
    const expected = job.file.sha256 ?? null;
    if (job.file.size !== null && size !== job.file.size) {
      throw new HubError(`${job.file.path}: got ${size} bytes, expected ${job.file.size}`, null);
    }
    if (expected && sha256 !== expected.toLowerCase()) {
      rmSync(partial, { force: true });
      throw new ChecksumMismatchError(`${job.file.path}: sha256 ${sha256} does not match the hub's ${expected}`);
    }
    renameSync(partial, target);
    return { path: target, size, sha256 };
  }

  private async append(response: Response, partial: string, hash: Hash, offset: number, job: FileDownload) {
    const out = createWriteStream(partial, { flags: 'a' });
    let bytes = offset;
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        hash.update(chunk);
        if (!out.write(chunk)) await once(out, 'drain');
        bytes += chunk.length;
        job.onProgress(bytes);
      }
    } catch (error) {
      if (job.signal.aborted) throw error;
      throw new HubError(`download of ${job.file.path} broke off: ${(error as Error).message}`, null);
    } finally {
      out.end();
      await once(out, 'close');
    }
  }
}
