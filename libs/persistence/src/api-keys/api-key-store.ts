import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { OwnerContext } from '@lamini/contracts';
import { PrismaService } from '../database/prisma.service';

export interface IssuedKey {
  key: string;
  prefix: string;
  owner: OwnerContext;
}

const KEY_PREFIX = 'lmn_';

/** Keys are random 32-byte secrets, so a plain sha256 is enough: there is nothing to brute-force. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

@Injectable()
export class ApiKeyStore {
  constructor(private readonly prisma: PrismaService) {}

  /** Creates the owner if needed and issues a key for it; `key` lets an operator bring their own. */
  async issue(ownerName: string, options: { key?: string; label?: string } = {}): Promise<IssuedKey> {
    const key = options.key ?? `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const owner = await this.prisma.owner.upsert({
      where: { name: ownerName },
      create: { id: randomUUID(), name: ownerName },
      update: {},
    });
    const prefix = key.slice(0, KEY_PREFIX.length + 6);
    await this.prisma.apiKey.create({
      data: { id: randomUUID(), ownerId: owner.id, keyHash: hashApiKey(key), prefix, label: options.label },
    });
    return { key, prefix, owner: { id: owner.id, name: owner.name } };
  }

  /** The owner of a live key, or null for an unknown or revoked one. */
  async authenticate(key: string): Promise<OwnerContext | null> {
    const found = await this.prisma.apiKey.findUnique({ where: { keyHash: hashApiKey(key) }, include: { owner: true } });
    if (!found || found.revokedAt) return null;
    return { id: found.owner.id, name: found.owner.name };
  }

  async exists(key: string): Promise<boolean> {
    return (await this.prisma.apiKey.count({ where: { keyHash: hashApiKey(key) } })) > 0;
  }

  async countLive(): Promise<number> {
    return this.prisma.apiKey.count({ where: { revokedAt: null } });
  }

  /** Revokes by the full key or by its printed prefix; returns how many keys were revoked. */
  async revoke(keyOrPrefix: string): Promise<number> {
    const { count } = await this.prisma.apiKey.updateMany({
      where: { revokedAt: null, OR: [{ keyHash: hashApiKey(keyOrPrefix) }, { prefix: keyOrPrefix }] },
      data: { revokedAt: new Date() },
    });
    return count;
  }
}
