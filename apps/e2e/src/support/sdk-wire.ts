/**
 * The HTTP side of the official Lamini Python SDK (`lamini` 3.2.22, `lamini/api/rest_requests.py`):
 * the headers `make_web_request` sends, and the exception it raises for each status. Tests
 * send the exact JSON its call sites build and read the fields they read.
 */
export const SDK_VERSION = '3.2.22';

export interface SdkAnswer<Body = unknown> {
  status: number;
  body: Body;
  /** The exception `make_web_request` raises for this answer, or null when it returns the body. */
  raises: string | null;
}

/** `make_web_request`'s mapping, in its order; any other non-200 is an APIError. */
const SDK_EXCEPTIONS: Record<number, string> = {
  594: 'ModelNotFoundError',
  499: 'ProjectNotFoundError',
  497: 'DuplicateResourceError',
  429: 'RateLimitError',
  401: 'AuthenticationError',
  400: 'UserError',
  422: 'UserError',
  503: 'UnavailableResourceError',
  513: 'DownloadingModelError',
  524: 'RequestTimeoutError',
};

export class SdkWire {
  constructor(
    private readonly baseUrl: string,
    private readonly key: string,
  ) {}

  post<Body = unknown>(path: string, json: unknown): Promise<SdkAnswer<Body>> {
    return this.request<Body>('POST', path, json);
  }

  get<Body = unknown>(path: string): Promise<SdkAnswer<Body>> {
    return this.request<Body>('GET', path);
  }

  delete<Body = unknown>(path: string): Promise<SdkAnswer<Body>> {
    return this.request<Body>('DELETE', path);
  }

  /** `make_web_request(..., stream=True)`: the SDK takes the bytes as they are (a downloaded dataset). */
  async download(path: string): Promise<{ status: number; contentType: string | null; text: string }> {
    const res = await fetch(`${this.baseUrl}${path}`, { headers: { Authorization: `Bearer ${this.key}`, 'Lamini-Version': SDK_VERSION } });
    return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
  }

  private async request<Body>(method: string, path: string, json?: unknown): Promise<SdkAnswer<Body>> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.key}`, 'Lamini-Version': SDK_VERSION },
      // requests' json= serialises with json.dumps, None as null, keys in the order they were set.
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const text = await res.text();
    const body = (text ? JSON.parse(text) : null) as Body;
    const raises = res.status === 200 ? null : (SDK_EXCEPTIONS[res.status] ?? 'APIError');
    return { status: res.status, body, raises };
  }
}

/** What the SDK's batch readers take from a poll: the outputs of as many prompts as have a finish reason. */
export function finishedPrefix(poll: { outputs?: unknown[]; finish_reason?: Array<string | null> }): unknown[] {
  if (!poll.finish_reason || !poll.outputs) return [];
  const available = poll.finish_reason.length - poll.finish_reason.filter((r) => r === null).length;
  return poll.outputs.slice(0, available);
}
