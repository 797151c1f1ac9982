import type { ValidationIssue } from '@lamini/contracts';

type Location = 'body' | 'path' | 'query';

/**
 * Strings that no service could keep: PostgreSQL refuses the NUL character in text and jsonb,
 * and a lone UTF-16 surrogate is not Unicode at all (jsonb refuses its escape; UTF-8 cannot
 * encode it). Every string of the request is checked, object keys included, so a prompt that
 * ends up in a job row is refused here instead of failing on insert. Other control characters
 * are stored as they are.
 */
export function unstorableTextIssues(value: unknown, location: Location): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const stack: Array<[unknown, Array<string | number>]> = [[value, []]];
  while (stack.length) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) issues.push({ type: 'string_unstorable', loc: [location, ...path], msg: problem, input: current });
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => stack.push([item, [...path, index]]));
    } else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        const problem = textProblem(key);
        if (problem) issues.push({ type: 'string_unstorable', loc: [location, ...path, key], msg: `Field name: ${problem}`, input: key });
        stack.push([child, [...path, key]]);
      }
    }
  }
  return issues.reverse();
}

function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'Input should not contain the NUL character (\\u0000)';
  if (!text.isWellFormed()) return 'Input should be valid Unicode (it contains an unpaired surrogate)';
  return null;
}
