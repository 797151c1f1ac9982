import type { NestExpressApplication } from '@nestjs/platform-express';
import { createStandaloneApp } from '@lamini/app-standalone';
import { freePort, pgliteInMemory, setEnv } from '@lamini/testing';

export interface EmbeddedPlatform {
  app: NestExpressApplication;
  baseUrl: string;
  stop(): Promise<void>;
}

/** The platform as `npm start` runs it, on a free port with an in-memory database; `env` is set until it stops. */
export async function startEmbeddedPlatform(apiKey: string, env: Record<string, string>): Promise<EmbeddedPlatform> {
  const restoreEnv = setEnv(env);
  try {
    const { app } = await createStandaloneApp({ database: pgliteInMemory(), apiKey, logger: false });
    const port = await freePort();
    await app.listen(port, '127.0.0.1');
    return {
      app,
      baseUrl: `http://127.0.0.1:${port}`,
      stop: async () => {
        await app.close();
        restoreEnv();
      },
    };
  } catch (error) {
    restoreEnv();
    throw error;
  }
}
