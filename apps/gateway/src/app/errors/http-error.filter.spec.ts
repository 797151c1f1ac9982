import { Controller, Get, type INestApplication, Param } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import {
  BadRequestError,
  ConflictError,
  type DomainError,
  JobNotFoundError,
  ModelDownloadingError,
  ModelNotFoundError,
  OverloadedError,
  RequestTimeoutError,
  ServiceUnavailableError,
  UnauthorizedError,
} from '@lamini/contracts';
import { HttpErrorFilter } from './http-error.filter';

const ERRORS: Record<string, DomainError> = {
  unauthorized: new UnauthorizedError('Invalid API key'),
  model: ModelNotFoundError.forModel('gpt-9'),
  job: JobNotFoundError.forJob('7'),
  conflict: new ConflictError('job 7 is running'),
  bad: new BadRequestError('no such classifier class'),
  overloaded: new OverloadedError('queue full'),
  unavailable: ServiceUnavailableError.forService('inference'),
  downloading: ModelDownloadingError.forModel('llama'),
  timeout: new RequestTimeoutError('inference did not answer'),
};

@Controller()
class Throwing {
  @Get('throw/:kind')
  throw(@Param('kind') kind: string) {
    if (kind === 'bug') throw new TypeError('secret internals');
    throw ERRORS[kind];
  }
}

describe('HttpErrorFilter', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [Throwing],
      providers: [{ provide: APP_FILTER, useClass: HttpErrorFilter }],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(() => app.close());

  it.each([
    ['unauthorized', 401],
    ['model', 404],
    ['job', 404],
    ['conflict', 409],
    ['bad', 400],
    ['overloaded', 429],
    ['unavailable', 503],
    ['downloading', 513],
    ['timeout', 524],
  ])('answers %s with %i and its detail', async (kind, status) => {
    const res = await request(app.getHttpServer()).get(`/throw/${kind}`);
    expect([res.status, res.body]).toEqual([status, { detail: ERRORS[kind].detail }]);
  });

  it('hides a bug behind a plain 500', async () => {
    const res = await request(app.getHttpServer()).get('/throw/bug');
    expect([res.status, res.body]).toEqual([500, { detail: 'Internal Server Error' }]);
  });
});
