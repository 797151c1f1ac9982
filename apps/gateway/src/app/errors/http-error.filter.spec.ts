import { Controller, Get, type INestApplication, Param } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ErrorCode, InvalidInputError, fromErrorPayload } from '@lamini/contracts';
import { HttpErrorFilter } from './http-error.filter';

/** What the Lamini SDK (and any HTTP client) must see for each code. */
const EXPECTED_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.BadRequest]: 400,
  [ErrorCode.Unauthorized]: 401,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.JobNotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.InvalidInput]: 422,
  [ErrorCode.Overloaded]: 429,
  [ErrorCode.ClientClosedRequest]: 460,
  [ErrorCode.DuplicateResource]: 497,
  [ErrorCode.ProjectNotFound]: 499,
  [ErrorCode.JobFailed]: 500,
  [ErrorCode.Internal]: 500,
  [ErrorCode.ServiceUnavailable]: 503,
  [ErrorCode.ModelDownloading]: 513,
  [ErrorCode.RequestTimeout]: 524,
  [ErrorCode.ModelNotFound]: 594,
};

@Controller()
class Throwing {
  @Get('throw/:code')
  throw(@Param('code') code: string) {
    if (code === 'bug') throw new TypeError('secret internals');
    if (code === ErrorCode.InvalidInput) throw InvalidInputError.at(['prompt', 1], 'The prompt must not be empty');
    throw fromErrorPayload({ code, detail: `detail of ${code}` });
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

  it.each(Object.values(ErrorCode).filter((code) => code !== ErrorCode.InvalidInput))('answers %s with its status and detail', async (code) => {
    const res = await request(app.getHttpServer()).get(`/throw/${code}`);
    expect([res.status, res.body]).toEqual([EXPECTED_STATUS[code], { detail: `detail of ${code}` }]);
  });

  it('answers an invalid input with 422 in FastAPI\u2019s shape, located in the body', async () => {
    const res = await request(app.getHttpServer()).get(`/throw/${ErrorCode.InvalidInput}`);
    expect([res.status, res.body]).toEqual([
      422,
      { detail: [{ type: 'value_error', loc: ['body', 'prompt', 1], msg: 'The prompt must not be empty', input: null }] },
    ]);
  });

  it('answers a code from a service it does not know as a failure of that service, not a 400', async () => {
    const res = await request(app.getHttpServer()).get('/throw/FluxCapacitorOverheated');
    expect([res.status, res.body]).toEqual([500, { detail: 'detail of FluxCapacitorOverheated (error code FluxCapacitorOverheated)' }]);
  });

  it('hides a bug behind a plain 500', async () => {
    const res = await request(app.getHttpServer()).get('/throw/bug');
    expect([res.status, res.body]).toEqual([500, { detail: 'Internal Server Error' }]);
  });
});
