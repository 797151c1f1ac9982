import type { ValidationIssue } from '../errors/http-error-shapes';

/**
 * `output_type` as the Lamini API defines it: a field name → type map, e.g.
 * `{"answer": "str", "score": "int"}`. Values are one of the four type names; the spec's list
 * forms are a one-element list of a type name (a list of that type, `["str"]`) or a list of
 * allowed values (strings or integers, `["yes", "no"]`).
 */
export type OutputTypeSpec = Record<string, string | number[] | string[]>;

export const OUTPUT_SCALAR_TYPES = ['str', 'int', 'float', 'bool'] as const;
export type OutputScalarType = (typeof OUTPUT_SCALAR_TYPES)[number];

export type OutputField =
  | { name: string; kind: 'scalar'; type: OutputScalarType }
  | { name: string; kind: 'list'; type: OutputScalarType }
  | { name: string; kind: 'choice'; values: Array<string | number> };

const isScalar = (value: unknown): value is OutputScalarType => OUTPUT_SCALAR_TYPES.includes(value as OutputScalarType);

/** Every problem with an output_type, located at its field; empty when it is usable. */
export function outputTypeIssues(outputType: OutputTypeSpec): ValidationIssue[] {
  const loc = (field?: string) => (field === undefined ? ['body', 'output_type'] : ['body', 'output_type', field]);
  if (Object.keys(outputType).length === 0) {
    return [{ type: 'value_error', loc: loc(), msg: 'Value error, output_type must name at least one field', input: outputType }];
  }
  return Object.entries(outputType).flatMap(([field, value]): ValidationIssue[] => {
    if (typeof value === 'string') {
      return isScalar(value)
        ? []
        : [{ type: 'value_error', loc: loc(field), msg: `Value error, unknown type '${value}': use 'str', 'int', 'float' or 'bool'`, input: value }];
    }
    if (value.length === 0) return [{ type: 'value_error', loc: loc(field), msg: 'Value error, a list type needs at least one entry', input: value }];
    return [];
  });
}

/** The fields in order; call only on an output_type without issues. */
export function parseOutputType(outputType: OutputTypeSpec): OutputField[] {
  return Object.entries(outputType).map(([name, value]): OutputField => {
    if (typeof value === 'string') return { name, kind: 'scalar', type: value as OutputScalarType };
    if (value.length === 1 && isScalar(value[0])) return { name, kind: 'list', type: value[0] };
    return { name, kind: 'choice', values: value };
  });
}
