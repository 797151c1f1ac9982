import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = join(__dirname, '../../..');

export interface ServiceProcessOptions {
  /**
   * `node`: the entry is built JavaScript (`dist/apps/<app>/main.js`, absolute or from the
   * repository root), run by plain node as the images do: no swc, NODE_OPTIONS cleared, in `cwd`.
   */
  runner?: 'typescript' | 'node';
  cwd?: string;
}

/**
 * One of our apps as a real child process, run from its TypeScript entry point as the npm
 * `start:*` scripts do (or built, see ServiceProcessOptions). Output is kept for failure messages.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  output = '';

  constructor(
    readonly entry: string,
    private readonly env: Record<string, string>,
    private readonly options: ServiceProcessOptions = {},
  ) {}

  start(): this {
    this.output = '';
    const built = this.options.runner === 'node';
    const args = built ? [resolve(ROOT, this.entry)] : ['-r', './tools/register.cjs', join(ROOT, this.entry)];
    this.child = spawn(process.execPath, args, {
      cwd: built ? (this.options.cwd ?? ROOT) : ROOT,
      env: { ...process.env, NODE_ENV: 'test', ...(built ? { NODE_OPTIONS: '' } : {}), ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk) => (this.output += chunk));
    this.child.stderr!.on('data', (chunk) => (this.output += chunk));
    return this;
  }

  /** Polls an HTTP URL of the process until it answers 200. */
  async waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child?.exitCode !== null) throw new Error(`${this.entry} exited early:\n${this.output}`);
      const ok = await fetch(url).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${this.entry} did not answer ${url} in ${timeoutMs} ms:\n${this.output}`);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** SIGKILL: no shutdown hooks, no lease released; what a crash looks like. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}
