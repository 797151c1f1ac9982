import type { ErrorObject } from 'ajv';
import type { ValidationIssue } from '@lamini/contracts';

/** Pydantic's words for a value of the wrong type, which FastAPI clients show to users. */
const TYPE_ISSUES: Record<string, { type: string; msg: string }> = {
  string: { type: 'string_type', msg: 'Input should be a valid string' },
  integer: { type: 'int_type', msg: 'Input should be a valid integer' },
  number: { type: 'float_type', msg: 'Input should be a valid number' },
  boolean: { type: 'bool_type', msg: 'Input should be a valid boolean' },
  array: { type: 'list_type', msg: 'Input should be a valid list' },
  object: { type: 'dict_type', msg: 'Input should be a valid dictionary' },
  null: { type: 'none_required', msg: 'Input should be None' },
};

/**
 * Turns Ajv's errors into FastAPI's `{loc, msg, type}` list: one entry per problem, a missing
 * field located at the field itself, and one entry for a value that matches no branch of an
 * `anyOf` instead of one per branch.
 */
export function toValidationIssues(
  errors: ErrorObject[] | null | undefined,
  location: 'body' | 'path' | 'query',
  root: unknown,
): ValidationIssue[] {
  const all = errors ?? [];
  const unions = all.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const insideUnion = (e: ErrorObject) =>
    unions.some((u) => u !== e && e.schemaPath.startsWith(`${u.schemaPath}/`) && e.instancePath.startsWith(u.instancePath));
  const issues = all.filter((e) => !insideUnion(e)).map((e) => toIssue(e, location, root));
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = JSON.stringify([issue.loc, issue.type]);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function toIssue(error: ErrorObject, location: string, root: unknown): ValidationIssue {
  const path = pointerToLoc(error.instancePath);
  const input = valueAt(root, path);
  switch (error.keyword) {
    case 'required': {
      const field = (error.params as { missingProperty: string }).missingProperty;
      return { type: 'missing', loc: [location, ...path, field], msg: 'Field required', input };
    }
    case 'type': {
      const expected = String((error.params as { type: string }).type).split(',')[0];
      const known = TYPE_ISSUES[expected] ?? { type: `${expected}_type`, msg: `Input should be a valid ${expected}` };
      return { ...known, loc: [location, ...path], input };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map((v) => `'${v}'`);
      const list = allowed.length > 1 ? `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}` : allowed[0];
      return { type: 'enum', loc: [location, ...path], msg: `Input should be ${list}`, input };
    }
    case 'maximum':
    case 'minimum': {
      const { comparison, limit } = error.params as { comparison: string; limit: number };
      const [type, words] = comparison === '<=' ? ['less_than_equal', 'less than or equal to'] : ['greater_than_equal', 'greater than or equal to'];
      return { type, loc: [location, ...path], msg: `Input should be ${words} ${limit}`, input };
    }
    case 'pattern': {
      const { pattern } = error.params as { pattern: string };
      return { type: 'string_pattern_mismatch', loc: [location, ...path], msg: `String should match pattern '${pattern}'`, input };
    }
    case 'anyOf':
    case 'oneOf': {
      const branches = ((error.schema as Array<{ type?: string }> | undefined) ?? []).map((branch) => branch.type ?? 'value');
      const expected = [...new Set(branches)].map((t) => TYPE_ISSUES[t]?.msg.replace('Input should be ', '') ?? t);
      const msg = expected.length ? `Input should be ${expected.join(' or ')}` : 'Input does not match any allowed form';
      return { type: 'union_type', loc: [location, ...path], msg, input };
    }
    default:
      return { type: error.keyword, loc: [location, ...path], msg: `Input ${error.message ?? 'is invalid'}`, input };
  }
}

function pointerToLoc(pointer: string): Array<string | number> {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function valueAt(root: unknown, path: Array<string | number>): unknown {
  return path.reduce<unknown>((value, key) => (value as Record<string | number, unknown> | undefined)?.[key], root);
}
