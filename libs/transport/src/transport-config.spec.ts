import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@lamini/config';
import { natsConnectionOptions } from './nats/nats-connection-options';
import { readNatsConfig } from './transport-config';

describe('readNatsConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nats-config-'));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is the local broker without credentials by default', () => {
    expect(readNatsConfig({})).toEqual({ kind: 'nats', servers: ['nats://127.0.0.1:4222'] });
    expect(readNatsConfig({ NATS_URL: 'nats://a:4222,nats://b:4222' }).servers).toEqual(['nats://a:4222', 'nats://b:4222']);
  });

  it('takes a user and password, and gives the process the inbox of its user unless told who it is', () => {
    const config = readNatsConfig({ NATS_USER: 'embedding', NATS_PASSWORD: 's3cret' });
    expect(config).toMatchObject({ auth: { user: 'embedding', pass: 's3cret' }, inboxPrefix: '_INBOX.embedding' });
    expect(natsConnectionOptions(config)).toMatchObject({ user: 'embedding', pass: 's3cret', inboxPrefix: '_INBOX.embedding' });
    expect(readNatsConfig({ NATS_USER: 'svc-7', NATS_PASSWORD: 'x' }, 'gateway').inboxPrefix).toBe('_INBOX.gateway');
  });

  it('names the missing half of a user and password, and of a certificate and key', () => {
    expect(() => readNatsConfig({ NATS_USER: 'gateway' })).toThrow(ConfigError);
    expect(() => readNatsConfig({ NATS_USER: 'gateway' })).toThrow(/NATS_PASSWORD/);
    expect(() => readNatsConfig({ NATS_PASSWORD: 'x' })).toThrow(/NATS_USER/);
    expect(() => readNatsConfig({ NATS_TLS_CERT_FILE: file('cert.pem', 'CERT') })).toThrow(/NATS_TLS_KEY_FILE/);
    expect(() => readNatsConfig({ NATS_USER: 'a.b', NATS_PASSWORD: 'x' })).toThrow(/NATS_USER/);
  });

  it('refuses two ways of authenticating at once', () => {
    expect(() => readNatsConfig({ NATS_USER: 'gateway', NATS_PASSWORD: 'x', NATS_TOKEN: 't' })).toThrow(/NATS_USER, NATS_TOKEN/);
  });

  it('takes a token, or a .creds file read at start', () => {
    expect(readNatsConfig({ NATS_TOKEN: 't0ken' }).auth).toEqual({ token: 't0ken' });
    const creds = readNatsConfig({ NATS_CREDS_FILE: file('user.creds', 'creds text') });
    expect(Buffer.from((creds.auth as { creds: Uint8Array }).creds).toString()).toBe('creds text');
    expect(typeof natsConnectionOptions(creds).authenticator).toBe('function');
  });

  it('turns TLS on when any of its files is set, reading them at start', () => {
    const config = readNatsConfig({ NATS_TLS_CA_FILE: file('ca.pem', 'CA'), NATS_TLS_CERT_FILE: file('c.pem', 'CERT'), NATS_TLS_KEY_FILE: file('k.pem', 'KEY') });
    expect(config.tls).toEqual({ ca: 'CA', cert: 'CERT', key: 'KEY' });
    expect(natsConnectionOptions(config).tls).toEqual({ ca: 'CA', cert: 'CERT', key: 'KEY' });
    expect(readNatsConfig({ NATS_TLS_CA_FILE: join(dir, 'ca.pem') }).tls).toEqual({ ca: 'CA' });
  });

  it('fails at start naming the variable whose file cannot be read', () => {
    expect(() => readNatsConfig({ NATS_TLS_CA_FILE: join(dir, 'absent.pem') })).toThrow(/NATS_TLS_CA_FILE: cannot read .*absent\.pem \(ENOENT\)/);
    expect(() => readNatsConfig({ NATS_CREDS_FILE: join(dir, 'absent.creds') })).toThrow(/NATS_CREDS_FILE/);
  });
});
