import {
  ConflictError,
  InvalidInputError,
  JobNotFoundError,
  ModelDownloadingError,
  ModelNotFoundError,
  ServiceUnavailableError,
} from './domain-errors';
import { fromErrorPayload, isErrorPayload, toErrorPayload } from './error-payload';

describe('error payloads', () => {
  it.each([
    ModelNotFoundError.forModel('llama'),
    JobNotFoundError.forJob('42'),
    ModelDownloadingError.forModel('llama'),
    ServiceUnavailableError.forService('inference'),
    new ConflictError('already running'),
    InvalidInputError.at(['prompt', 2], 'must not be empty'),
  ])('survive the trip across the transport as the same class: %s', (error) => {
    const payload = JSON.parse(JSON.stringify(toErrorPayload(error)));
    expect(isErrorPayload(payload)).toBe(true);
    const rebuilt = fromErrorPayload(payload);
    expect(rebuilt).toBeInstanceOf(error.constructor);
    expect(rebuilt.detail).toBe(error.detail);
  });

  it('keeps where in the body an invalid input is', () => {
    const rebuilt = fromErrorPayload(JSON.parse(JSON.stringify(toErrorPayload(InvalidInputError.at(['prompt', 2], 'empty')))));
    expect(rebuilt).toMatchObject({ loc: ['prompt', 2], detail: 'empty' });
  });

  it('keeps the word the Lamini SDK looks for in a downloading model', () => {
    expect(ModelDownloadingError.forModel('llama').detail.split('Downloading', 2)[1]).toContain('llama');
  });
});
