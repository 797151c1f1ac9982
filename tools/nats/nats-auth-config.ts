/**
 * npm run nats:auth-config -- --out <file> [--passwords <file.json>]
 * Writes nats-server's authorization block: one user per process of the platform (gateway,
 * inference, embedding, trainer, classifier, memory-rag, model-registry), named after it and
 * limited to its subjects (natsPermissionsFor in libs/contracts). Each password comes from
 * NATS_PASSWORD_<PROCESS> (NATS_PASSWORD_MODEL_REGISTRY, ...) or else from the JSON file of
 * passwords ({"gateway": "...", ...}); a passwords file that does not exist yet is created with a
 * random password per process. Both files hold secrets and are written readable by their owner only.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { NATS_IDENTITIES, type NatsIdentity, natsAuthorizationConfig } from '@lamini/contracts';

function passwordVariable(who: NatsIdentity): string {
  return `NATS_PASSWORD_${who.toUpperCase().replace(/-/g, '_')}`;
}

function randomPasswords(): Record<NatsIdentity, string> {
  return Object.fromEntries(NATS_IDENTITIES.map((who) => [who, randomBytes(24).toString('base64url')])) as Record<NatsIdentity, string>;
}

function main() {
  const { values } = parseArgs({ options: { out: { type: 'string' }, passwords: { type: 'string' } } });
  if (!values.out) throw new Error('usage: npm run nats:auth-config -- --out <file> [--passwords <file.json>]');
  const fromFile = values.passwords ? passwordsFile(values.passwords) : {};
  const passwords = Object.fromEntries(NATS_IDENTITIES.map((who) => [who, process.env[passwordVariable(who)] || fromFile[who]]));
  const missing = NATS_IDENTITIES.filter((who) => !passwords[who]);
  if (missing.length) throw new Error(`No NATS password for ${missing.join(', ')}: set ${missing.map(passwordVariable).join(', ')} or pass --passwords <file.json>`);
  writeFileSync(values.out, natsAuthorizationConfig(passwords as Record<NatsIdentity, string>), { mode: 0o600 });
  console.error(`Wrote ${values.out}: NATS users ${NATS_IDENTITIES.join(', ')}, passwords in plain text (keep it secret).`);
}

function passwordsFile(path: string): Partial<Record<NatsIdentity, string>> {
  if (!existsSync(path)) {
    writeFileSync(path, `${JSON.stringify(randomPasswords(), null, 2)}\n`, { mode: 0o600 });
    console.error(`Created ${path} with a random password per process; give each process its own as NATS_USER/NATS_PASSWORD.`);
  }
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${path}: expected a JSON object of passwords by process`);
  const unknown = Object.keys(parsed).filter((key) => !NATS_IDENTITIES.includes(key as NatsIdentity));
  if (unknown.length) throw new Error(`${path}: unknown processes ${unknown.join(', ')} (known: ${NATS_IDENTITIES.join(', ')})`);
  return parsed as Partial<Record<NatsIdentity, string>>;
}

try {
  main();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
