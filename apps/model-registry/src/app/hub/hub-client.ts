import { Inject, Injectable } from '@nestjs/common';
import { REGISTRY_CONFIG, type RegistryConfig } from '../registry.config';

export interface HubFile {
  path: string;
  size: number | null;
  /** sha256 of the content, which the hub gives for files stored in LFS. */
  sha256: string | null;
}

export class HubError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }

  /** A network fault or a hub-side 5xx is worth another try; 4xx answers will not change. */
  get transient(): boolean {
    return this.status === null || this.status >= 500 || this.status === 429;
  }
}

/** Speaks the Hugging Face hub's HTTP API (or any hub compatible with it, set by HF_ENDPOINT). */
@Injectable()
export class HubClient {
  constructor(@Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig) {}

  async listFiles(repo: string, revision: string, token: string | undefined, signal?: AbortSignal): Promise<HubFile[]> {
    const url = `${this.config.hubEndpoint}/api/models/${encodeRepo(repo)}/revision/${encodeURIComponent(revision)}?blobs=true`;
    const response = await this.fetch(url, token, {}, signal);
    if (!response.ok) throw await describeFailure(response, repo);
    const body = (await response.json()) as {
      siblings?: Array<{ rfilename: string; size?: number; lfs?: { sha256?: string; size?: number } }>;
    };
    return (body.siblings ?? []).map((s) => ({
      path: s.rfilename,
      size: s.lfs?.size ?? s.size ?? null,
      sha256: s.lfs?.sha256 ?? null,
    }));
  }

  /** Opens a file for download from `offset` on; the caller reads the body. */
  async openFile(repo: string, revision: string, path: string, token: string | undefined, offset: number, signal?: AbortSignal) {
    const url = `${this.config.hubEndpoint}/${encodeRepo(repo)}/resolve/${encodeURIComponent(revision)}/${path
      .split('/')
      .map(encodeURIComponent)
      .join('/')}`;
    const response = await this.fetch(url, token, offset > 0 ? { Range: `bytes=${offset}-` } : {}, signal);
    if (!response.ok && response.status !== 416) throw await describeFailure(response, repo, path);
    return response;
  }

  private async fetch(url: string, token: string | undefined, headers: Record<string, string>, signal?: AbortSignal) {
    try {
      return await fetch(url, {
        headers: { ...headers, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        redirect: 'follow',
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new HubError(`hub unreachable at ${this.config.hubEndpoint}: ${(error as Error).message}`, null);
    }
  }
}

function encodeRepo(repo: string): string {
  return repo.split('/').map(encodeURIComponent).join('/');
}

async function describeFailure(response: Response, repo: string, path?: string): Promise<HubError> {
  await response.body?.cancel();
  const what = path ? `${repo}/${path}` : repo;
  switch (response.status) {
    case 401:
    case 403:
      return new HubError(`hub refused access to ${what} (a gated or private repository needs private_hf_token)`, response.status);
    case 404:
      return new HubError(`${what} was not found on the hub`, response.status);
    default:
      return new HubError(`hub answered ${response.status} for ${what}`, response.status);
  }
}
