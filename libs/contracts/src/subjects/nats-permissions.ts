import { RegistrySubjects } from './registry.subjects';
import { ClassifierSubjects, EmbeddingSubjects, InferenceSubjects, MemoryRagSubjects, TrainerSubjects } from './service-subjects';
import { SERVICE_NAMES, type ServiceName, type Subject, cancelSubjectFor } from './subject';

/** A process of the platform as the broker knows it: one NATS user each. */
export type NatsIdentity = ServiceName | 'gateway';
export const NATS_IDENTITIES: readonly NatsIdentity[] = ['gateway', ...SERVICE_NAMES];

/** Every request/reply subject of the platform, from their definitions. */
export const ALL_SUBJECTS: readonly Subject<unknown, unknown>[] = [
  InferenceSubjects,
  EmbeddingSubjects,
  TrainerSubjects,
  ClassifierSubjects,
  MemoryRagSubjects,
  RegistrySubjects,
].flatMap((group) => Object.values(group));

/**
 * Who calls whom over the transport (ServiceClient.send, and ModelLocator for the engines): the
 * one table the broker's permissions come from. A call missing here is refused by a broker with
 * authentication on, so a new caller→callee pair starts here.
 */
export const SERVICE_CALLS: Readonly<Record<NatsIdentity, readonly ServiceName[]>> = {
  gateway: SERVICE_NAMES,
  inference: ['model-registry'],
  embedding: ['model-registry'],
  trainer: ['model-registry'],
  classifier: ['model-registry', 'embedding', 'inference'],
  'memory-rag': ['model-registry', 'embedding', 'inference'],
  'model-registry': [],
};

/** Where a process's replies come: its own inbox, so that no other process may listen there. */
export function inboxPrefixFor(who: string): string {
  return `_INBOX.${who}`;
}

/** The shape of a user's `permissions` in nats-server's authorization block. */
export interface NatsPermissions {
  publish: { allow: string[] };
  subscribe: { allow: string[] };
}

/**
 * What `who` may do on the broker. A service subscribes to its own request subjects and cancel
 * subject (as `<prefix>.>` where no other service's subject starts with that prefix) and to its
 * inbox; it publishes requests and cancellations only to the services it calls, and replies only
 * into the inboxes of the processes that call it. Replies are allowed by inbox rather than by
 * nats-server's `allow_responses`, which lets a responder send one message within two minutes by
 * default: replies in parts, streamed replies and completions that run for minutes need more.
 */
export function natsPermissionsFor(who: NatsIdentity): NatsPermissions {
  const served = who === 'gateway' ? [] : subjectsServedBy(who);
  const callers = NATS_IDENTITIES.filter((caller) => who !== 'gateway' && SERVICE_CALLS[caller].includes(who));
  return {
    publish: { allow: unique([...SERVICE_CALLS[who].flatMap(subjectsServedBy), ...callers.map((caller) => `${inboxPrefixFor(caller)}.>`)]) },
    subscribe: { allow: unique([...served, `${inboxPrefixFor(who)}.>`]) },
  };
}

/** A service's request subjects and its cancel subject, as wildcards by prefix where the prefix is its alone. */
function subjectsServedBy(service: ServiceName): string[] {
  return unique(
    subjectNamesOf(service).map((name) => {
      const head = name.split('.')[0];
      const owners = SERVICE_NAMES.filter((other) => subjectNamesOf(other).some((n) => n.split('.')[0] === head));
      return owners.length === 1 && name.includes('.') ? `${head}.>` : name;
    }),
  );
}

function subjectNamesOf(service: ServiceName): string[] {
  return [...ALL_SUBJECTS.filter((subject) => subject.service === service).map((subject) => subject.name), cancelSubjectFor(service)];
}

/** NATS subject matching: `*` is one token, a final `>` one or more. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const wanted = pattern.split('.');
  const tokens = subject.split('.');
  for (let i = 0; i < wanted.length; i++) {
    if (wanted[i] === '>') return i === wanted.length - 1 && tokens.length > i;
    if (i >= tokens.length || (wanted[i] !== '*' && wanted[i] !== tokens[i])) return false;
  }
  return wanted.length === tokens.length;
}

/**
 * nats-server's `authorization` block with one user per process, named after it, each with its
 * permissions. The passwords are written as given (bcrypt hashes from `nats server passwd` work
 * too), so the file is a secret. Characters outside printable ASCII are refused: the server's
 * configuration syntax does not read them back reliably.
 */
export function natsAuthorizationConfig(passwords: Readonly<Record<NatsIdentity, string>>): string {
  const users = NATS_IDENTITIES.map((who) => {
    const password = passwords[who];
    if (!password || !/^[\x21-\x7e]+$/.test(password)) throw new Error(`The NATS password of ${who} must be printable ASCII without spaces`);
    return `    ${JSON.stringify({ user: who, password, permissions: natsPermissionsFor(who) })}`;
  });
  return [
    '# One NATS user per process of the Lamini platform, each limited to its own subjects',
    '# (natsPermissionsFor in libs/contracts). Holds passwords: keep it secret.',
    'authorization {',
    '  users: [',
    users.join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
