import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type KubernetesObject, OVERLAYS, SERVICES, checkoutOfK8s, decode, generated, makeSecrets, removeCheckout, render, renderText, workloadsOf } from './render';

/** Values that say "fill me in" rather than being a secret. */
const PLACEHOLDERS = [/change-?me/i, /changeit/i, /^0+$/, /^(x+|password|secret|admin|root|postgres|lamini|example|default|test)$/i, /[<>]/, /todo|fixme/i];

/** Why a secret value is not one (a placeholder, too short), or undefined when it may be. */
function weakness(value: string): string | undefined {
  const placeholder = PLACEHOLDERS.find((pattern) => pattern.test(value));
  if (placeholder) return `is a placeholder (${placeholder})`;
  if (value.length < 16) return 'is shorter than 16 characters';
  if (new Set(value).size < 8) return 'has fewer than 8 distinct characters';
  return undefined;
}

/** The secret values inside each rendered Secret: passwords inside URLs and nats-server configs included. */
function secretValues(secret: KubernetesObject): Array<[string, string]> {
  return Object.entries(secret.data ?? {}).flatMap(([key, encoded]): Array<[string, string]> => {
    const value = decode(encoded);
    const where = `${secret.metadata.name}/${key}`;
    if (key === 'DATABASE_URL') return [[where, decodeURIComponent(new URL(value).password)]];
    if (key === 'auth.conf') {
      const passwords = [...value.matchAll(/"?password"?\s*[:=]\s*"?([^",}\s]*)/g)].map(([, password]) => password);
      return passwords.length > 0 ? passwords.map((password) => [where, password]) : [[where, '']];
    }
    return [[where, value]];
  });
}

function secretProblems(objects: KubernetesObject[]): string[] {
  return objects
    .filter((o) => o.kind === 'Secret')
    .flatMap(secretValues)
    .flatMap(([where, value]) => {
      const why = weakness(value);
      return why ? [`${where} ${why}`] : [];
    });
}

describe('secrets', () => {
  const fresh = checkoutOfK8s();
  const withSecrets = checkoutOfK8s();
  makeSecrets(withSecrets, 'dev');
  makeSecrets(withSecrets, 'production');
  const examples = checkoutOfK8s();

  afterAll(() => [fresh, withSecrets, examples].forEach(removeCheckout));

  it('are not in the base, which only names the Secrets its workloads read', () => {
    expect(render(join(fresh, 'base')).filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  it.each(OVERLAYS)('%s does not render from a checkout alone: its secret files are missing', (overlay) => {
    expect(() => renderText(join(fresh, 'overlays', overlay))).toThrow(/secrets\/lamini\.env/);
  });

  it.each(OVERLAYS)('%s renders with the generated files, and no secret in it is a placeholder or weak', (overlay) => {
    const text = renderText(join(withSecrets, 'overlays', overlay));
    expect(text).not.toMatch(/change-?me|0{32}/i);
    const objects = render(join(withSecrets, 'overlays', overlay));
    expect(objects.filter((o) => o.kind === 'Secret').map((s) => s.metadata.name).sort()).toEqual([
      'lamini-nats-auth',
      'lamini-nats-credentials',
      'lamini-secrets',
    ]);
    expect(secretProblems(objects)).toEqual([]);
  });

  it('give every process a NATS password that the server\u2019s authorization block holds for its user', () => {
    const objects = render(join(withSecrets, 'overlays', 'production'));
    const credentials = generated(objects, 'Secret', 'lamini-nats-credentials')!.data!;
    const auth = decode(generated(objects, 'Secret', 'lamini-nats-auth')!.data!['auth.conf']);
    expect(Object.keys(credentials).sort()).toEqual([...SERVICES].sort());
    const escape = (text: string) => text.replace(/[.*+?^$()|[\]{}\\-]/g, '\\$&');
    const field = (name: string, value: string) => `"?${name}"?\\s*[:=]\\s*"?${escape(value)}"?`;
    for (const service of SERVICES) {
      expect(auth).toMatch(new RegExp(`${field('user', service)}\\s*,?\\s*${field('password', decode(credentials[service]))}`));
    }
  });

  it('are drawn anew for each overlay', () => {
    const secret = (overlay: string) => decode(generated(render(join(withSecrets, 'overlays', overlay)), 'Secret', 'lamini-secrets')!.data!.LAMINI_SECRET_KEY);
    expect(secret('dev')).not.toBe(secret('production'));
    expect(secret('dev')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('are kept when the script runs again, so a cluster\u2019s secrets never change behind its back', () => {
    const before = renderText(join(withSecrets, 'overlays', 'production'));
    makeSecrets(withSecrets, 'production');
    expect(renderText(join(withSecrets, 'overlays', 'production'))).toBe(before);
  });

  it('are checked for what the repository used to ship and for the example files\u2019 placeholders', () => {
    const old: KubernetesObject = {
      kind: 'Secret',
      metadata: { name: 'lamini-secrets' },
      spec: undefined,
      data: {
        DATABASE_URL: Buffer.from('postgresql://lamini:change-me@postgres:5432/lamini').toString('base64'),
        POSTGRES_PASSWORD: Buffer.from('change-me').toString('base64'),
        LAMINI_SECRET_KEY: Buffer.from('0'.repeat(64)).toString('base64'),
      },
    };
    expect(secretProblems([old])).toHaveLength(3);

    cpSync(join(examples, 'overlays/production/secrets.example'), join(examples, 'overlays/production/secrets'), { recursive: true });
    const problems = secretProblems(render(join(examples, 'overlays', 'production')));
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^lamini-secrets\/LAMINI_SECRET_KEY is a placeholder/), expect.stringMatching(/^lamini-nats-auth\/auth\.conf is a placeholder/)]));
  });

  it('with a managed PostgreSQL (components/external-postgres), the bundled database is gone and DATABASE_URL still comes from the Secret', () => {
    const overlay = join(withSecrets, 'overlays', 'managed-db');
    mkdirSync(overlay);
    writeFileSync(
      join(overlay, 'kustomization.yaml'),
      ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources: [../production]', 'components: [../../components/external-postgres]', ''].join('\n'),
    );
    const objects = render(overlay);
    expect(objects.filter((o) => o.metadata.name === 'postgres')).toEqual([]);
    const databaseUrls = workloadsOf(objects).flatMap((w) => w.spec.template.spec.containers.flatMap((c) => c.env ?? []).filter((e) => e.name === 'DATABASE_URL'));
    expect(databaseUrls.length).toBeGreaterThan(0);
    for (const env of databaseUrls) expect(env.valueFrom?.secretKeyRef?.name).toBe('lamini-secrets');
  });
});
