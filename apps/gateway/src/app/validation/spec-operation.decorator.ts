import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { SERVED_SPEC, listSpecOperations } from '@lamini/contracts';

export const SPEC_OPERATION = 'lamini:spec-operation';

const SPEC_OPERATIONS = new Map(listSpecOperations(SERVED_SPEC).map(({ operation }) => [operation.operationId, operation]));

/**
 * Binds a route to its operation in the spec: the request is validated against that operation,
 * and the generated OpenAPI document carries the operation's id, summary, description and body
 * schema (the served spec's, so routes whose payload is an interface are documented as well).
 */
export const SpecOperation = (operationId: string) => {
  const { summary, description, requestBody } = SPEC_OPERATIONS.get(operationId) ?? {};
  const bodySchema = requestBody?.content?.['application/json']?.schema;
  const decorators = [SetMetadata(SPEC_OPERATION, operationId), ApiOperation({ operationId, summary, description })];
  if (bodySchema) decorators.push(ApiBody({ schema: bodySchema as SchemaObject, required: requestBody?.required ?? false }));
  return applyDecorators(...decorators);
};
