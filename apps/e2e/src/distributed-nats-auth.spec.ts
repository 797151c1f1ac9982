import { randomBytes, randomUUID } from 'node:crypto';
import { type ConnectionOptions, type NatsConnection, type NatsError, connect } from 'nats';
import {
  ClassifierSubjects,
  EmbeddingSubjects,
  InferenceSubjects,
  InternalError,
  ModelNotFoundError,
  NATS_IDENTITIES,   type NatsIdentity,
  type PackedEmbeddings,
  RegistrySubjects,
  inboxPrefixFor,
  natsAuthorizationConfig,
} from '@lamini/contracts';
import { ServiceClient, createTransportClient, readNatsConfig } from '@lamini/transport';
import { type DistributedPlatform, GENERATED_MODELS_DIR, MINI_BERT, type NatsServerProcess, startDistributedPlatform, startNatsServer } from '@lamini/testing';

const WAIT_MS = 5_000;

/**
 * The distributed mode on a broker with authentication on (the users and permissions that `npm
 * run nats:auth-config` writes), each process with its own credentials: the platform works, and
 * a client without the platform's credentials, or with one service's, reaches no service it
 * has no business with.
 */
describe('distributed mode with NATS authentication: only the platform speaks on the broker', () => {
  const passwords = Object.fromEntries(NATS_IDENTITIES.map((who) => [who, randomBytes(18).toString('base64url')])) as Record<NatsIdentity, string>;
  let broker: NatsServerProcess;
  let platform: DistributedPlatform;

  beforeAll(async () => {
    // A small max_payload, so that replies in parts cross the permissions too.
    broker = await startNatsServer(`max_payload: 16384\n${natsAuthorizationConfig(passwords)}`);
    platform = await startDistributedPlatform({
      service: 'embedding',
      modelDirs: GENERATED_MODELS_DIR,
      serviceEnv: { EMBEDDING_GPU: 'off' },
      natsUrl: broker.url,
      processEnv: (app) => ({ NATS_USER: app, NATS_PASSWORD: passwords[app as NatsIdentity] }),
    });
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
    await broker?.stop();
  });

  /** A raw client of the broker; closed after `use`, whatever happens. */
  const asClient = async <T>(options: ConnectionOptions, use: (connection: NatsConnection) => Promise<T>): Promise<T> => {
    const connection = await connect({ servers: broker.url, timeout: WAIT_MS, reconnect: false, ...options });
    try {
      return await use(connection);
    } finally {
      await connection.close();
    }
  };
  const as = (who: NatsIdentity): ConnectionOptions => ({ user: who, pass: passwords[who], inboxPrefix: inboxPrefixFor(who) });
  const nestRequest = (subject: string, payload: unknown) =>
    new TextEncoder().encode(JSON.stringify({ pattern: subject, id: randomUUID(), data: { owner: { id: 'forged', name: 'forged' }, payload } }));

  it('serves embeddings through the gateway, replies in parts included', async () => {
    const prompts = Array.from({ length: 100 }, (_, i) => `sentence number ${i}`);
    const res = await fetch(`${platform.gatewayUrl}/v1/embedding`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${platform.key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ prompt: prompts }),
      signal: AbortSignal.timeout(30_000),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { embedding: number[][] };
    expect(body.embedding).toHaveLength(100);
    expect(body.embedding[99]).toHaveLength(MINI_BERT.hidden);
    // The platform's own traffic (gateway → embedding → registry, and the replies) stays inside its permissions.
    expect(broker.output).not.toMatch(/Violation/);
  });

  it('refuses a client without credentials, or with a wrong password', async () => {
    await expect(connect({ servers: broker.url, timeout: WAIT_MS, reconnect: false })).rejects.toMatchObject({ code: 'AUTHORIZATION_VIOLATION' });
    await expect(connect({ servers: broker.url, timeout: WAIT_MS, reconnect: false, user: 'gateway', pass: 'guessed' })).rejects.toMatchObject({
      code: 'AUTHORIZATION_VIOLATION',
    });
  });

  it("refuses the embedding service's credentials a request to a service it does not call", async () => {
    await asClient(as('embedding'), async (connection) => {
      for (const subject of [InferenceSubjects.complete.name, ClassifierSubjects.classify.name]) {
        const refused = await connection.request(subject, nestRequest(subject, {}), { timeout: WAIT_MS }).then(
          () => undefined,
          (error: NatsError) => error,
        );
        expect(refused).toMatchObject({ code: 'PERMISSIONS_VIOLATION', permissionContext: { operation: 'publish', subject } });
      }
    });
  });

  it("refuses the embedding service's credentials the gateway's replies and another service's requests", async () => {
    await asClient(as('embedding'), async (connection) => {
      for (const subject of [`${inboxPrefixFor('gateway')}.>`, InferenceSubjects.complete.name]) {
        const refused = await new Promise<NatsError | undefined>((resolve) => {
          const timer = setTimeout(() => resolve(undefined), WAIT_MS);
          connection.subscribe(subject, {
            callback: (error) => {
              clearTimeout(timer);
              resolve(error ?? undefined);
            },
          });
        });
        expect(refused).toMatchObject({ code: 'PERMISSIONS_VIOLATION', permissionContext: { operation: 'subscription', subject } });
      }
    });
  });

  it("lets the gateway's credentials call the embedding service directly", async () => {
    const subject = EmbeddingSubjects.embed.name;
    const reply = await asClient(as('gateway'), (connection) => connection.request(subject, nestRequest(subject, { prompt: 'hello' }), { timeout: 30_000 }));
    const answer = JSON.parse(new TextDecoder().decode(reply.data)) as { response: PackedEmbeddings; err?: unknown };
    expect(answer.err).toBeUndefined();
    expect(answer.response).toMatchObject({ count: 1, dimension: MINI_BERT.hidden, single: true });
  });

  it("fails a platform client's refused request at once, not after the subject's timeout", async () => {
    const proxy = createTransportClient(readNatsConfig({ NATS_URL: broker.url, NATS_USER: 'embedding', NATS_PASSWORD: passwords.embedding }));
    try {
      const services = new ServiceClient(proxy);
      const owner = { id: 'o', name: 'o' };
      // Allowed: the embedding service asks the registry (and hears the answer in its own inbox).
      await expect(services.send(RegistrySubjects.resolveModel, owner, { model_name: 'no/such-model' })).rejects.toBeInstanceOf(ModelNotFoundError);
      const started = Date.now();
      const refused = services.send(InferenceSubjects.complete, owner, { model_name: 'any', prompt: 'hi' });
      await expect(refused).rejects.toBeInstanceOf(InternalError);
      await expect(refused).rejects.toMatchObject({ detail: expect.stringContaining('refused publishing to inference.complete') });
      expect(Date.now() - started).toBeLessThan(WAIT_MS);
    } finally {
      await proxy.close();
    }
  });
});
