import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { type Observable, finalize, from, switchMap } from 'rxjs';
import { BadRequestError, InvalidInputError, PayloadTooLargeError } from '@lamini/contracts';
import type { UploadConfig } from '@lamini/config';

export const UPLOAD_CONFIG = Symbol('UPLOAD_CONFIG');

/** What a staged request carries once this interceptor has run. */
export type StagedRequest = Request & { files?: Express.Multer.File[] };

/**
 * Streams a multipart upload's `files` parts to the shared upload folder, each under a random
 * name of ours (the client's file name is kept as metadata), enforcing the bounds while it
 * streams: over one is a 413 naming it, and nothing stays behind. Whatever the service did not
 * take from the folder is removed once the request is answered.
 */
@Injectable()
export class StagedUploadInterceptor implements NestInterceptor {
  private readonly upload: RequestHandler;

  constructor(@Inject(UPLOAD_CONFIG) private readonly config: UploadConfig) {
    mkdirSync(config.uploadsDir, { recursive: true });
    this.upload = multer({
      storage: multer.diskStorage({
        destination: config.uploadsDir,
        filename: (_request, _file, name) => name(null, randomUUID().replaceAll('-', '')),
      }),
      limits: { files: config.maxFiles, fileSize: config.maxFileBytes, fields: 16, fieldSize: 64 * 1024, parts: config.maxFiles + 16 },
    }).array('files', config.maxFiles);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<StagedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    if (!request.is('multipart/form-data')) return next.handle();
    const staged = new Promise<void>((resolve, reject) => this.upload(request, response, (error?: unknown) => (error ? reject(this.refusal(error)) : resolve())));
    return from(staged).pipe(
      switchMap(() => {
        this.checkTotal(request.files ?? []);
        return next.handle();
      }),
      finalize(() => this.removeLeftovers(request.files ?? [])),
    );
  }

  private checkTotal(files: Express.Multer.File[]) {
    const total = files.reduce((sum, file) => sum + file.size, 0);
    if (total > this.config.maxTotalBytes) {
      throw new PayloadTooLargeError(`The upload is ${total} bytes; an upload holds at most ${this.config.maxTotalBytes} (RAG_MAX_TOTAL_MB)`);
    }
  }

  private removeLeftovers(files: Express.Multer.File[]) {
    for (const file of files) rmSync(join(this.config.uploadsDir, file.filename), { force: true });
  }

  private refusal(error: unknown): Error {
    if (!(error instanceof multer.MulterError)) return new BadRequestError(`The multipart body could not be read: ${(error as Error).message}`);
    switch (error.code) {
      case 'LIMIT_FILE_SIZE':
        return new PayloadTooLargeError(`${error.field ?? 'A file'} part is over ${this.config.maxFileBytes} bytes (RAG_MAX_FILE_MB)`);
      case 'LIMIT_FILE_COUNT':
        return new PayloadTooLargeError(`More than ${this.config.maxFiles} files (RAG_MAX_FILES)`);
      case 'LIMIT_UNEXPECTED_FILE':
        return InvalidInputError.at([error.field ?? 'files'], 'Documents go in parts named `files`');
      default:
        return new PayloadTooLargeError(`The multipart body is over a bound: ${error.message}`);
    }
  }
}
