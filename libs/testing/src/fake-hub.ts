import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeHubFile {
  content: Buffer;
  /** What the hub claims the sha256 is; defaults to the real one. */
  advertisedSha256?: string;
}

export interface FakeHubRepo {
  files: Record<string, FakeHubFile>;
  /** A private repository answers only to this token. */
  token?: string;
}

export interface FakeHubOptions {
  /** Slows file bodies down so a test can interrupt a download halfway. */
  bytesPerSecond?: number;
}

export function fileFrom(path: string): FakeHubFile {
  return { content: readFileSync(path) };
}

/**
 * A local HTTP server speaking the parts of the Hugging Face hub API the registry uses:
 * `/api/models/{repo}[/revision/{rev}]` and `/{repo}/resolve/{rev}/{file}` with Range requests.
 */
export class FakeHub {
  readonly requests: Array<{ path: string; range?: string; authorization?: string }> = [];
  private server: Server | undefined;

  constructor(
    private readonly repos: Record<string, FakeHubRepo>,
    private readonly options: FakeHubOptions = {},
  ) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://hub');
    this.requests.push({ path: url.pathname, range: req.headers.range, authorization: req.headers.authorization });
    const api = /^\/api\/models\/([^/]+\/[^/]+)(?:\/revision\/[^/]+)?$/.exec(url.pathname);
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/[^/]+\/(.+)$/.exec(url.pathname);
    const repoName = decodeURIComponent((api ?? resolve)?.[1] ?? '');
    const repo = this.repos[repoName];
    if (!repo) return json(res, 404, { error: 'Repository not found' });
    if (repo.token && req.headers.authorization !== `Bearer ${repo.token}`) return json(res, 401, { error: 'Invalid credentials' });
    if (api) return json(res, 200, this.describe(repoName, repo));
    const file = resolve && repo.files[decodeURIComponent(resolve[2])];
    if (!file) return json(res, 404, { error: 'Entry not found' });
    await this.sendFile(req, res, file);
  }

  private describe(id: string, repo: FakeHubRepo) {
    return {
      id,
      sha: 'fakecommit',
      siblings: Object.entries(repo.files).map(([rfilename, file]) => ({
        rfilename,
        size: file.content.length,
        lfs: { sha256: file.advertisedSha256 ?? sha256(file.content), size: file.content.length, pointerSize: 134 },
      })),
    };
  }

  private async sendFile(req: IncomingMessage, res: ServerResponse, file: FakeHubFile) {
    const total = file.content.length;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    if (start >= total && range) {
      res.writeHead(416, { 'content-range': `bytes */${total}` }).end();
      return;
    }
    const body = file.content.subarray(start);
    res.writeHead(range ? 206 : 200, {
      'content-length': body.length,
      'accept-ranges': 'bytes',
      'x-linked-etag': `"${file.advertisedSha256 ?? sha256(file.content)}"`,
      ...(range ? { 'content-range': `bytes ${start}-${total - 1}/${total}` } : {}),
    });
    const rate = this.options.bytesPerSecond;
    if (!rate) return void res.end(body);
    const chunk = Math.max(1024, Math.floor(rate / 20));
    for (let offset = 0; offset < body.length && !res.destroyed; offset += chunk) {
      res.write(body.subarray(offset, offset + chunk));
      await new Promise((r) => setTimeout(r, 50));
    }
    res.end();
  }
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
