import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

/**
 * Runs a benchmark's `measure`, writes what it returns to `bench/results/<name>.json` with the
 * time and the machine it was measured on, prints it, and exits (child processes and open
 * handles must not keep a finished benchmark alive).
 */
export function runBenchmark(name: string, measure: () => Promise<Record<string, unknown>>): void {
  measure().then(
    (figures) => {
      const results = {
        benchmark: name,
        measured_at: new Date().toISOString(),
        machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
        ...figures,
      };
      const dir = join(__dirname, 'results');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
      console.log(JSON.stringify(results, null, 2));
      process.exit(0);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
