import { FakeHub, sha256 } from './fake-hub';

describe('FakeHub', () => {
  const content = Buffer.from('0123456789abcdef');
  const hub = new FakeHub({ 'org/model': { files: { 'm.gguf': { content } } }, 'org/private': { token: 't', files: {} } });

  beforeAll(() => hub.start());
  afterAll(() => hub.stop());

  it('describes a repository as the hub API does, with LFS sha256 and size', async () => {
    const body = (await (await fetch(`${hub.url}/api/models/org/model/revision/main?blobs=true`)).json()) as { siblings: unknown[] };
    expect(body.siblings).toEqual([{ rfilename: 'm.gguf', size: 16, lfs: { sha256: sha256(content), size: 16, pointerSize: 134 } }]);
  });

  it('serves byte ranges for resumed downloads', async () => {
    const res = await fetch(`${hub.url}/org/model/resolve/main/m.gguf`, { headers: { Range: 'bytes=10-' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 10-15/16');
    expect(await res.text()).toBe('abcdef');
  });

  it('answers 404 for an unknown repository and 401 for a private one without its token', async () => {
    expect((await fetch(`${hub.url}/api/models/org/none`)).status).toBe(404);
    expect((await fetch(`${hub.url}/api/models/org/private`)).status).toBe(401);
    expect((await fetch(`${hub.url}/api/models/org/private`, { headers: { Authorization: 'Bearer t' } })).status).toBe(200);
  });
});
