import { Agent, request } from 'node:http';

/**
 * The benches' HTTP client: node's own http with kept-alive connections. `fetch` (undici's
 * WHATWG layer) spends 0.4-1 ms of the client's CPU on every request on these machines, which
 * would be counted as the gateway's.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

export interface HttpAnswer {
  status: number;
  body: string;
}

export function httpRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpAnswer> {
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  const headers = body ? { 'Content-Type': 'application/json', 'Content-Length': String(body.length), ...options.headers } : options.headers;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? (body ? 'POST' : 'GET'), headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
