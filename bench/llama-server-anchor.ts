/**
 * llama.cpp's own server as the benchmark's anchor: built from the sources node-llama-cpp ships
 * by `npm run engine:build-anchor`, run on the same model file with the same threads and as many
 * slots as the inference service has sequences, each slot with the service's context size.
 * Prompts are never reused from its cache (`cache_prompt: false`), as the service evaluates
 * every prompt afresh.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@lamini/testing';
import type { Generate } from './inference-measure';

export const LLAMA_SERVER = join(__dirname, '../tmp/llama-server/bin/llama-server');

export interface Anchor {
  generate: Generate;
  stop(): Promise<void>;
}

export async function startLlamaServer(modelPath: string, options: { threads: number; slots: number; contextPerSlot: number }): Promise<Anchor | null> {
  if (!existsSync(LLAMA_SERVER)) return null;
  const port = await freePort();
  const args = ['-m', modelPath, '--host', '127.0.0.1', '--port', String(port), '-t', String(options.threads), '-tb', String(options.threads)];
  args.push('-np', String(options.slots), '-c', String(options.slots * options.contextPerSlot), '--no-webui', '--log-disable');
  const child: ChildProcess = spawn(LLAMA_SERVER, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (chunk) => (log = (log + chunk).slice(-4000)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`llama-server exited: ${log}`);
    const ready = await fetch(`${base}/health`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`llama-server did not start: ${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const one = async (prompt: string, maxTokens: number) => {
    const res = await fetch(`${base}/completion`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ prompt, n_predict: maxTokens, cache_prompt: false }),
    });
    if (res.status !== 200) throw new Error(`llama-server answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { content: string; stop_type?: string; stopped_limit?: boolean };
    return { text: body.content, cut: body.stop_type === 'limit' || body.stopped_limit === true };
  };
  return {
    generate: (prompts, maxTokens) => Promise.all(prompts.map((prompt) => one(prompt, maxTokens))),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
