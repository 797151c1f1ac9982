import { InvalidInputError, PayloadTooLargeError } from '@lamini/contracts';
import type { ClassifierLimits } from '../classifier.config';

export interface LabelledExample {
  label: string;
  text: string;
}

/** The form a dataset keeps a text in once per label: NFKC, lower case, whitespace collapsed. */
export function textKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** A slash or backslash (a path), or a control character. */
function hasPathOrControlCharacter(name: string): boolean {
  return [...name].some((char) => char === '/' || char === '\\' || char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
}

/** Project and dataset names travel in URL paths and name the file the SDK writes: one path segment. */
export function checkResourceName(name: string, loc: Array<string | number>, maxChars = 128): string {
  if (!name.trim() || name.length > maxChars || hasPathOrControlCharacter(name)) {
    throw InvalidInputError.at(loc, `must be 1 to ${maxChars} characters with no slash, backslash or control character`);
  }
  return name;
}

export function checkClassName(name: string, loc: Array<string | number>, limits: ClassifierLimits): string {
  if (!name.trim() || name.length > limits.maxClassNameChars) {
    throw InvalidInputError.at(loc, `A class name must be 1 to ${limits.maxClassNameChars} characters and not blank`);
  }
  return name;
}

/**
 * `{class: example | [examples]}`, the shape of `initialize`'s `examples` and of `add`'s `data`,
 * as rows. Every text is checked; rows past the project's bound are refused as a whole.
 */
export function labelledExamples(value: Record<string, unknown>, field: string, limits: ClassifierLimits): LabelledExample[] {
  const rows: LabelledExample[] = [];
  for (const [label, examples] of Object.entries(value)) {
    checkClassName(label, [field, label], limits);
    const texts = typeof examples === 'string' ? [examples] : examples;
    if (!Array.isArray(texts)) throw InvalidInputError.at([field, label], 'must be an example or a list of examples (strings)');
    texts.forEach((text, index) => {
      if (typeof text !== 'string') throw InvalidInputError.at([field, label, index], 'an example must be a string');
      if (!text.trim()) throw InvalidInputError.at([field, label, index], 'an example must not be blank');
      if (text.length > limits.maxExampleChars) {
        throw InvalidInputError.at([field, label, index], `an example is at most ${limits.maxExampleChars} characters`);
      }
      rows.push({ label, text });
    });
    if (rows.length > limits.maxProjectRows) throw tooManyRows(limits);
  }
  return rows;
}

export function tooManyRows(limits: ClassifierLimits): PayloadTooLargeError {
  return new PayloadTooLargeError(`A classifier project holds at most ${limits.maxProjectRows} rows (CLASSIFIER_MAX_PROJECT_ROWS)`);
}
