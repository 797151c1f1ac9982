import { ErrorCode, connect } from 'nats';
import { waitFor } from '@lamini/testing';

/**
 * Waits until the broker answers a request on `subject` with "no responders". Right after a
 * replica is killed, NATS may still route a request to the dead process's subscription for a
 * moment (seen here: a raw request timing out 3 s after SIGKILL, once in six tries), and a
 * request sent then waits for its timeout; this waits until the broker has dropped it.
 */
export async function waitUntilNobodyServes(subject: string, servers = '127.0.0.1:4222'): Promise<void> {
  const connection = await connect({ servers });
  try {
    await waitFor(() =>
      connection.request(subject, new Uint8Array(), { timeout: 250 }).then(
        () => false,
        (error: { code?: string }) => error.code === ErrorCode.NoResponders,
      ),
    );
  } finally {
    await connection.close();
  }
}
