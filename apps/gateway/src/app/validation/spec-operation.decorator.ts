import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';

export const SPEC_OPERATION = 'lamini:spec-operation';

/** Binds a route to its operation in the spec: the request is validated against that operation. */
export const SpecOperation = (operationId: string) =>
  applyDecorators(SetMetadata(SPEC_OPERATION, operationId), ApiOperation({ operationId }));
