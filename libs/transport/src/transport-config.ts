import { readFileSync } from 'node:fs';
import type { JSONSchemaType } from 'ajv';
import { inboxPrefixFor, type NatsIdentity } from '@lamini/contracts';
import { ConfigError, readConfig } from '@lamini/config';
import { InProcessBus } from './in-process/in-process-bus';

/** How a process proves who it is to the broker: a user and password, a token, or a .creds file (JWT + nkey seed). */
export type NatsAuth = { user: string; pass: string } | { token: string } | { creds: Uint8Array };

/** PEM texts, read at start; `ca` alone checks the server, `cert` and `key` also present the process to it. */
export interface NatsTls {
  ca?: string;
  cert?: string;
  key?: string;
}

export interface NatsTransportConfig {
  kind: 'nats';
  servers: string[];
  auth?: NatsAuth;
  tls?: NatsTls;
  /** Where this process's replies come (`_INBOX.<who>`), so the broker can keep other processes out of them. */
  inboxPrefix?: string;
}
export type TransportConfig = NatsTransportConfig | { kind: 'in-process'; bus: InProcessBus };

interface TransportEnv {
  NATS_URL: string;
  NATS_USER?: string;
  NATS_PASSWORD?: string;
  NATS_TOKEN?: string;
  NATS_CREDS_FILE?: string;
  NATS_TLS_CA_FILE?: string;
  NATS_TLS_CERT_FILE?: string;
  NATS_TLS_KEY_FILE?: string;
}

const optional = { type: 'string', nullable: true, minLength: 1 } as const;

const schema: JSONSchemaType<TransportEnv> = {
  type: 'object',
  properties: {
    NATS_URL: { type: 'string', pattern: '^(nats|tls)://', default: 'nats://127.0.0.1:4222' },
    // The user names an inbox subject token as well: no dots, spaces or wildcards.
    NATS_USER: { ...optional, pattern: '^[A-Za-z0-9_-]+$' },
    NATS_PASSWORD: optional,
    NATS_TOKEN: optional,
    NATS_CREDS_FILE: optional,
    NATS_TLS_CA_FILE: optional,
    NATS_TLS_CERT_FILE: optional,
    NATS_TLS_KEY_FILE: optional,
  },
  required: ['NATS_URL'],
  dependencies: {
    NATS_USER: ['NATS_PASSWORD'],
    NATS_PASSWORD: ['NATS_USER'],
    NATS_TLS_CERT_FILE: ['NATS_TLS_KEY_FILE'],
    NATS_TLS_KEY_FILE: ['NATS_TLS_CERT_FILE'],
  },
};

/**
 * The broker's address, credentials and TLS from the environment. `who` is the process (a
 * service, or `gateway`); its replies then come to `_INBOX.<who>`, the inbox that
 * natsPermissionsFor(who) confines it to. Without it, NATS_USER names the inbox, since the
 * generated broker configuration names each process's user after the process.
 */
export function readNatsConfig(env: NodeJS.ProcessEnv = process.env, who?: NatsIdentity): NatsTransportConfig {
  const values = readConfig(schema, env);
  const methods = (['NATS_USER', 'NATS_TOKEN', 'NATS_CREDS_FILE'] as const).filter((name) => values[name] !== undefined);
  if (methods.length > 1) throw new ConfigError(`Invalid environment: ${methods.join(', ')}: set one way of authenticating to NATS, not ${methods.length}`);
  const [auth, tls, identity] = [authFrom(values), tlsFrom(values), who ?? values.NATS_USER];
  return {
    kind: 'nats',
    servers: values.NATS_URL.split(','),
    ...(auth && { auth }),
    ...(tls && { tls }),
    ...(identity && { inboxPrefix: inboxPrefixFor(identity) }),
  };
}

function authFrom(values: TransportEnv): NatsAuth | undefined {
  if (values.NATS_USER !== undefined) return { user: values.NATS_USER, pass: values.NATS_PASSWORD! };
  if (values.NATS_TOKEN !== undefined) return { token: values.NATS_TOKEN };
  if (values.NATS_CREDS_FILE !== undefined) return { creds: new Uint8Array(readVariableFile('NATS_CREDS_FILE', values.NATS_CREDS_FILE)) };
  return undefined;
}

function tlsFrom(values: TransportEnv): NatsTls | undefined {
  const { NATS_TLS_CA_FILE: ca, NATS_TLS_CERT_FILE: cert, NATS_TLS_KEY_FILE: key } = values;
  if (ca === undefined && cert === undefined) return undefined;
  return {
    ...(ca !== undefined && { ca: readVariableFile('NATS_TLS_CA_FILE', ca).toString('utf8') }),
    ...(cert !== undefined && { cert: readVariableFile('NATS_TLS_CERT_FILE', cert).toString('utf8') }),
    ...(key !== undefined && { key: readVariableFile('NATS_TLS_KEY_FILE', key).toString('utf8') }),
  };
}

function readVariableFile(variable: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConfigError(`Invalid environment: ${variable}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

export function inProcessTransport(): TransportConfig {
  return { kind: 'in-process', bus: new InProcessBus() };
}
