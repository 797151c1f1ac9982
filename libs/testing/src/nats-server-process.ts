import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

export interface NatsServerProcess {
  url: string;
  port: number;
  /** What the server printed, for failure messages (permission violations show here). */
  readonly output: string;
  stop(): Promise<void>;
}

/**
 * A nats-server of its own (the `nats-server` binary on the PATH) on a free port, with the given
 * configuration text (an authorization block, say), for tests that need a broker set up
 * differently from the shared one on 4222.
 */
export async function startNatsServer(config: string, timeoutMs = 10_000): Promise<NatsServerProcess> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'lamini-nats-'));
  const file = join(dir, 'nats-server.conf');
  writeFileSync(file, `listen: "127.0.0.1:${port}"\n${config}`, { mode: 0o600 });
  let output = '';
  const child = spawn('nats-server', ['-c', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error) => reject(new Error(`cannot start nats-server (is it on the PATH?): ${error.message}`)));
  });
  const stop = async () => {
    await stopProcess(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await spawned;
    const deadline = Date.now() + timeoutMs;
    while (!(await accepts(port))) {
      if (child.exitCode !== null) throw new Error(`nats-server exited early:\n${output}`);
      if (Date.now() > deadline) throw new Error(`nats-server did not listen on ${port} in ${timeoutMs} ms:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    get output() {
      return output;
    },
    stop,
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** SIGTERM, then SIGKILL if it has not exited within two seconds. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 2_000);
  await exited;
  clearTimeout(killer);
}
