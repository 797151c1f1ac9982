import { ALL_SUBJECTS, NATS_IDENTITIES, type NatsIdentity, SERVICE_CALLS, natsAuthorizationConfig, natsPermissionsFor, subjectMatches } from './nats-permissions';
import { SERVICE_NAMES, cancelSubjectFor } from './subject';

const may = (who: NatsIdentity, operation: 'publish' | 'subscribe', subject: string) =>
  natsPermissionsFor(who)[operation].allow.some((pattern) => subjectMatches(pattern, subject));
const whoMay = (operation: 'publish' | 'subscribe', subject: string) => NATS_IDENTITIES.filter((who) => may(who, operation, subject));

describe('NATS permissions', () => {
  it('matches subjects the way NATS does', () => {
    expect(subjectMatches('a.>', 'a.b.c')).toBe(true);
    expect(subjectMatches('a.>', 'a')).toBe(false);
    expect(subjectMatches('a.*', 'a.b')).toBe(true);
    expect(subjectMatches('a.*', 'a.b.c')).toBe(false);
    expect(subjectMatches('a.b', 'a.b')).toBe(true);
    expect(subjectMatches('a.b', 'a.bc')).toBe(false);
    expect(subjectMatches('registry.>', 'model-registry.requests.cancel')).toBe(false);
  });

  it('lets exactly its own service subscribe to every request subject and cancel subject', () => {
    for (const subject of ALL_SUBJECTS) expect([subject.name, whoMay('subscribe', subject.name)]).toEqual([subject.name, [subject.service]]);
    for (const service of SERVICE_NAMES) expect(whoMay('subscribe', cancelSubjectFor(service))).toEqual([service]);
  });

  it('lets each process alone read its inbox', () => {
    for (const who of NATS_IDENTITIES) expect(whoMay('subscribe', `_INBOX.${who}.abc.1`)).toEqual([who]);
    expect(whoMay('subscribe', '_INBOX.abc.1')).toEqual([]);
  });

  it('lets a caller publish requests and cancellations to its callees, and the callees reply into its inbox', () => {
    for (const caller of NATS_IDENTITIES) {
      for (const callee of SERVICE_CALLS[caller]) {
        for (const subject of ALL_SUBJECTS.filter((s) => s.service === callee)) expect([caller, subject.name, may(caller, 'publish', subject.name)]).toEqual([caller, subject.name, true]);
        expect(may(caller, 'publish', cancelSubjectFor(callee))).toBe(true);
        expect(may(callee, 'publish', `_INBOX.${caller}.abc.1`)).toBe(true);
      }
    }
  });

  it('lets the gateway publish to every subject it routes to', () => {
    for (const subject of ALL_SUBJECTS) expect(may('gateway', 'publish', subject.name)).toBe(true);
  });

  it('refuses a process what it does not call, and replies to processes that do not call it', () => {
    for (const caller of NATS_IDENTITIES) {
      for (const subject of ALL_SUBJECTS.filter((s) => !SERVICE_CALLS[caller].includes(s.service))) {
        expect([caller, subject.name, may(caller, 'publish', subject.name)]).toEqual([caller, subject.name, false]);
      }
    }
    expect(may('embedding', 'publish', 'inference.complete')).toBe(false);
    expect(may('embedding', 'publish', '_INBOX.trainer.abc.1')).toBe(false);
    expect(natsPermissionsFor('model-registry').publish.allow.every((pattern) => pattern.startsWith('_INBOX.'))).toBe(true);
    expect(natsPermissionsFor('gateway').publish.allow.some((pattern) => pattern.startsWith('_INBOX.'))).toBe(false);
  });

  it('writes one nats-server user per process with its permissions', () => {
    const passwords = Object.fromEntries(NATS_IDENTITIES.map((who) => [who, `pw-"${who}"`])) as Record<NatsIdentity, string>;
    const config = natsAuthorizationConfig(passwords);
    for (const who of NATS_IDENTITIES) expect(config).toContain(JSON.stringify({ user: who, password: passwords[who], permissions: natsPermissionsFor(who) }));
    expect(() => natsAuthorizationConfig({ ...passwords, embedding: 'two words' })).toThrow(/embedding/);
  });
});
