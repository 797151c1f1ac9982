import { type ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { OwnerContext } from '@lamini/contracts';

export const OWNER_KEY = 'laminiOwner';

/** The owner of the API key that authenticated the request. */
export const CurrentOwner = createParamDecorator(
  (_: unknown, context: ExecutionContext): OwnerContext => context.switchToHttp().getRequest()[OWNER_KEY],
);
