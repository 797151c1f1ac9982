import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { SERVED_SPEC, listSpecOperations } from '@lamini/contracts';

export const SPEC_OPERATION = 'lamini:spec-operation';

const SPEC_OPERATIONS = new Map(listSpecOperations(SERVED_SPEC).map(({ operation }) => [operation.operationId, operation]));

/**
 * Binds a route to its operation in the spec: the request is validated against that operation,
 * and the generated OpenAPI document carries the operation's id, summary and description.
 */
export const SpecOperation = (operationId: string) => {
  const { summary, description } = SPEC_OPERATIONS.get(operationId) ?? {};
  return applyDecorators(SetMetadata(SPEC_OPERATION, operationId), ApiOperation({ operationId, summary, description }));
};
