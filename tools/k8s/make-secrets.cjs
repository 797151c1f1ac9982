#!/usr/bin/env node
// npm run k8s:secrets -- [OVERLAY] [--database-url URL]
// Writes the secret files a kustomize overlay's secretGenerator reads, with random values, into
// OVERLAY/secrets/ (git-ignored; OVERLAY is an overlay's name under k8s/overlays, default dev,
// or a path to one):
//   lamini.env            POSTGRES_PASSWORD, DATABASE_URL (the bundled PostgreSQL unless
//                         --database-url names another), LAMINI_SECRET_KEY
//   nats-credentials.env  each process's NATS password, keyed by its NATS user
//   nats-auth.conf        nats-server's authorization block for those users and passwords,
//                         written by `npm run nats:auth-config`
// A file that exists is kept, so running it again never changes a cluster's secrets; delete a
// file to have it made anew (nats-auth.conf from the existing nats-credentials.env; new NATS
// passwords rewrite nats-auth.conf to match).
const { randomBytes } = require('node:crypto');
const { execFileSync } = require('node:child_process');
const { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { isAbsolute, join, relative, resolve } = require('node:path');
const { parseArgs } = require('node:util');

const ROOT = resolve(__dirname, '../..');

function overlayDir(name) {
  if (isAbsolute(name) || name.includes('/')) return resolve(name);
  return join(ROOT, 'k8s/overlays', name);
}

function writeSecret(path, text) {
  writeFileSync(path, text, { mode: 0o600 });
  console.error(`wrote ${relative(process.cwd(), path)}`);
}

function parseEnv(text) {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line.trim() && !line.trimStart().startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

function databaseSecrets(databaseUrl) {
  const password = randomBytes(32).toString('hex');
  return [
    '# Written by tools/k8s/make-secrets.cjs: random values, never committed.',
    `POSTGRES_PASSWORD=${password}`,
    `DATABASE_URL=${databaseUrl ?? `postgresql://lamini:${password}@postgres:5432/lamini`}`,
    `LAMINI_SECRET_KEY=${randomBytes(32).toString('hex')}`,
    '',
  ].join('\n');
}

/**
 * The NATS users and passwords: the auth-config tool knows the platform's processes and their
 * subjects, and makes a random password for each when given a passwords file that does not exist.
 */
function natsSecrets(credentialsPath, authPath) {
  const scratch = mkdtempSync(join(tmpdir(), 'lamini-nats-'));
  try {
    const passwordsJson = join(scratch, 'passwords.json');
    if (existsSync(credentialsPath)) writeFileSync(passwordsJson, JSON.stringify(parseEnv(readFileSync(credentialsPath, 'utf8'))), { mode: 0o600 });
    // New passwords (no credentials file) need a new authorization block too.
    execFileSync(process.execPath, ['-r', join(ROOT, 'tools/register.cjs'), join(ROOT, 'tools/nats/nats-auth-config.ts'), '--out', authPath, '--passwords', passwordsJson], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    console.error(`wrote ${relative(process.cwd(), authPath)}`);
    if (!existsSync(credentialsPath)) {
      const passwords = JSON.parse(readFileSync(passwordsJson, 'utf8'));
      const lines = Object.entries(passwords).map(([user, password]) => `${user}=${password}`);
      writeSecret(credentialsPath, ['# Written by tools/k8s/make-secrets.cjs: each process\u2019s NATS password, by NATS user.', ...lines, ''].join('\n'));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function main() {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'database-url': { type: 'string' } } });
  const overlay = overlayDir(positionals[0] ?? 'dev');
  if (!existsSync(join(overlay, 'kustomization.yaml'))) throw new Error(`${overlay} is not a kustomize overlay`);
  const dir = join(overlay, 'secrets');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const lamini = join(dir, 'lamini.env');
  if (!existsSync(lamini)) writeSecret(lamini, databaseSecrets(values['database-url']));
  const [credentials, auth] = [join(dir, 'nats-credentials.env'), join(dir, 'nats-auth.conf')];
  if (!existsSync(credentials) || !existsSync(auth)) natsSecrets(credentials, auth);
  console.error(`${relative(process.cwd(), dir) || dir} holds this overlay's secrets: keep it out of the repository (it is git-ignored) and backed up.`);
}

try {
  main();
} catch (error) {
  console.error(error.stderr ? `${error.message}\n${error.stderr}` : error.message);
  process.exit(1);
}
