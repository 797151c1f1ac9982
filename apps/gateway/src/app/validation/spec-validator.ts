import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import {
  type JsonSchema,
  type OpenApiDocument,
  type OpenApiOperation,
  type OutputTypeSpec,
  SERVED_SPEC,
  type ValidationIssue,
  listSpecOperations,
  outputTypeIssues,
} from '@lamini/contracts';
import { toValidationIssues } from './ajv-issues';
import { dropOptionalNulls } from './optional-nulls';
import { boundIntegers } from './safe-integers';
import { unstorableTextIssues } from './storable-text';

export interface RequestParts {
  body: unknown;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  /** Whether the request carried a body at all (an empty POST differs from `{}`). */
  hasBody: boolean;
}

type Location = 'path' | 'query';

interface OperationValidator {
  body?: ValidateFunction;
  bodySchema?: JsonSchema;
  bodyRequired: boolean;
  parameters: Record<Location, ValidateFunction | undefined>;
}

const SPEC_ID = 'lamini-spec';

/**
 * Validates requests against the spec's own schemas, compiled once per operation. Bodies are
 * checked as sent, with `null` on an optional field taken as absent and defaults filled in;
 * path and query values, which arrive as strings, are coerced to their declared types as
 * FastAPI does. Beyond the spec: integers must be exact in JavaScript, and no string may hold
 * what the database cannot store.
 */
export class SpecValidator {
  private readonly operations = new Map<string, OperationValidator>();
  private readonly schemas: Record<string, JsonSchema>;

  constructor(served: OpenApiDocument = SERVED_SPEC) {
    const spec = boundIntegers(structuredClone(served));
    this.schemas = spec.components.schemas;
    const strictBodies = new Ajv2020({ strict: false, allErrors: true, useDefaults: true, verbose: true });
    const coercing = new Ajv2020({ strict: false, allErrors: true, useDefaults: true, coerceTypes: true, verbose: true });
    for (const ajv of [strictBodies, coercing]) {
      addFormats(ajv);
      ajv.addSchema({ $id: SPEC_ID, components: spec.components, paths: spec.paths });
    }
    for (const { method, path, operation } of listSpecOperations(spec)) {
      const pointer = `${SPEC_ID}#/paths/${escapePointer(path)}/${method}`;
      const jsonBody = operation.requestBody?.content['application/json'];
      const bodySchema = jsonBody?.schema && Object.keys(jsonBody.schema).length ? jsonBody.schema : undefined;
      this.operations.set(operation.operationId, {
        body: bodySchema
          ? strictBodies.compile({ $ref: `${pointer}/requestBody/content/application~1json/schema` })
          : undefined,
        bodySchema,
        bodyRequired: operation.requestBody?.required ?? false,
        parameters: {
          path: compileParameters(coercing, operation.parameters, 'path'),
          query: compileParameters(coercing, operation.parameters, 'query'),
        },
      });
    }
  }

  has(operationId: string): boolean {
    return this.operations.has(operationId);
  }

  /** Every problem with the request, in FastAPI's shape; empty when it is valid. */
  validate(operationId: string, request: RequestParts): ValidationIssue[] {
    const op = this.operations.get(operationId);
    if (!op) throw new Error(`Unknown operation ${operationId}`);
    const issues: ValidationIssue[] = [];
    for (const location of ['path', 'query'] as const) {
      const validate = op.parameters[location];
      const values = location === 'path' ? request.params : request.query;
      issues.push(...unstorableTextIssues(values, location));
      if (validate && !validate(values)) issues.push(...toValidationIssues(validate.errors, location, values));
    }
    if (!request.hasBody) {
      if (op.bodyRequired) issues.push({ type: 'missing', loc: ['body'], msg: 'Field required', input: null });
    } else {
      issues.push(...unstorableTextIssues(request.body, 'body'));
      if (op.body) {
        dropOptionalNulls(request.body, op.bodySchema, (ref) => this.resolve(ref));
        if (!op.body(request.body)) issues.push(...toValidationIssues(op.body.errors, 'body', request.body));
      }
    }
    return issues.length ? issues : rulesInWords(request.body);
  }

  private resolve(ref: string): JsonSchema | undefined {
    return ref.startsWith(COMPONENT_REF) ? this.schemas[ref.slice(COMPONENT_REF.length)] : undefined;
  }
}

const COMPONENT_REF = '#/components/schemas/';

/** What the spec says only in prose: `output_type` values are 'str', 'int', 'float' or 'bool'. */
function rulesInWords(body: unknown): ValidationIssue[] {
  const outputType = (body as { output_type?: OutputTypeSpec } | undefined)?.output_type;
  return outputType && typeof outputType === 'object' ? outputTypeIssues(outputType) : [];
}

function compileParameters(ajv: Ajv2020, parameters: OpenApiOperation['parameters'], location: Location) {
  const declared = (parameters ?? []).filter((p) => p.in === location);
  if (!declared.length) return undefined;
  return ajv.compile({
    type: 'object',
    properties: Object.fromEntries(declared.map((p) => [p.name, p.schema ?? {}])),
    required: declared.filter((p) => p.required).map((p) => p.name),
  });
}

function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}
