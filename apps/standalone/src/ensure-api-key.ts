import { Logger } from '@nestjs/common';
import type { ApiKeyStore } from '@lamini/persistence';

export const DEFAULT_OWNER = 'default';

/**
 * Embedded mode needs a key before its first request: the one in LAMINI_API_KEY if given,
 * otherwise a new one, created on the first start only and printed that once.
 */
export async function ensureApiKey(keys: ApiKeyStore, givenKey: string | undefined): Promise<string | null> {
  if (givenKey) {
    if (!(await keys.exists(givenKey))) await keys.issue(DEFAULT_OWNER, { key: givenKey, label: 'LAMINI_API_KEY' });
    return givenKey;
  }
  if ((await keys.countLive()) > 0) return null;
  const issued = await keys.issue(DEFAULT_OWNER, { label: 'first start' });
  Logger.log(`Created API key (shown once, keep it): ${issued.key}`, 'Standalone');
  return issued.key;
}
