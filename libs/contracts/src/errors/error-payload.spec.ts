import {
  ConflictError,
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
  ])('survive the trip across the transport as the same class: %s', (error) => {
    const payload = JSON.parse(JSON.stringify(toErrorPayload(error)));
    expect(isErrorPayload(payload)).toBe(true);
    const rebuilt = fromErrorPayload(payload);
    expect(rebuilt).toBeInstanceOf(error.constructor);
    expect(rebuilt.detail).toBe(error.detail);
  });

  it('keeps the word the Lamini SDK looks for in a downloading model', () => {
    expect(ModelDownloadingError.forModel('llama').detail.split('Downloading', 2)[1]).toContain('llama');
  });
});
