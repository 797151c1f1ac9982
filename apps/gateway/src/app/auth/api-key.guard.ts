import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { type OwnerContext, UnauthorizedError } from '@lamini/contracts';
import { ApiKeyStore } from '@lamini/persistence';
import { IS_PUBLIC_ROUTE } from '@lamini/runtime';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { OWNER_KEY } from './current-owner.decorator';

/**
 * `Authorization: Bearer <key>` on every route not marked public. Answers are cached for a few
 * seconds so a burst of requests costs one database lookup; a revoked key stops working
 * within that time.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly cache = new Map<string, { owner: OwnerContext | null; expires: number }>();

  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyStore,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_ROUTE, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<Request & Record<string, unknown>>();
    const key = bearerToken(request.headers.authorization);
    if (!key) throw new UnauthorizedError('Missing API key: send Authorization: Bearer <key>');
    const owner = await this.lookup(key);
    if (!owner) throw new UnauthorizedError('Invalid API key');
    request[OWNER_KEY] = owner;
    return true;
  }

  private async lookup(key: string): Promise<OwnerContext | null> {
    const now = Date.now();
    const cached = this.cache.get(key);
    if (cached && cached.expires > now) return cached.owner;
    const owner = await this.keys.authenticate(key);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { owner, expires: now + this.config.authCacheMs });
    return owner;
  }
}

function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match ? match[1] : null;
}
