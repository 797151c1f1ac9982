import { Controller, Get, HttpCode, Inject, Optional, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrismaService } from '@lamini/persistence';
import { TransportHealth, withTimeout } from '@lamini/transport';
import { PUBLIC_ROUTE } from './public-route';

/** `/healthz`: the process answers. `/readyz`: it can reach what it needs (database, broker). */
@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    @Optional() @Inject(PrismaService) private readonly prisma?: PrismaService,
    @Optional() @Inject(TransportHealth) private readonly transport?: TransportHealth,
  ) {}

  @Get('healthz')
  @PUBLIC_ROUTE()
  healthz() {
    return { status: 'ok' };
  }

  @Get('readyz')
  @HttpCode(200)
  @PUBLIC_ROUTE()
  async readyz() {
    const checks = {
      database: this.prisma ? () => withTimeout(this.prisma!.$queryRaw`SELECT 1`, 2000, 'database did not answer') : null,
      transport: this.transport ? () => this.transport!.check() : null,
    };
    const results: Record<string, string> = {};
    for (const [name, check] of Object.entries(checks)) {
      if (!check) continue;
      results[name] = await check().then(
        () => 'ok',
        (error: Error) => error.message,
      );
    }
    if (Object.values(results).some((result) => result !== 'ok')) throw new ServiceUnavailableException({ detail: results });
    return { status: 'ok', checks: results };
  }
}
