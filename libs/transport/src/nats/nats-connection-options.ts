import { type ConnectionOptions, credsAuthenticator } from 'nats';
import type { NatsTransportConfig } from '../transport-config';

/** What the client and the server strategies of a process both pass to nats.js's connect(). */
export function natsConnectionOptions(config: NatsTransportConfig): ConnectionOptions {
  const { auth, tls, inboxPrefix } = config;
  return {
    servers: config.servers,
    ...(auth && 'user' in auth && { user: auth.user, pass: auth.pass }),
    ...(auth && 'token' in auth && { token: auth.token }),
    ...(auth && 'creds' in auth && { authenticator: credsAuthenticator(auth.creds) }),
    ...(tls && { tls }),
    ...(inboxPrefix && { inboxPrefix }),
  };
}
