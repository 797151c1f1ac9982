import type { OutputField } from '@lamini/contracts';

export type JsonValue = string | number | boolean | Array<string | number | boolean>;

/**
 * The value a field's grammar-constrained text stands for. Text cut short by the token budget
 * or the time limit is still made into a value of the field's type (a string is closed, a
 * number keeps its digits), so the assembled object always parses and has every key.
 */
export function valueOf(field: OutputField, text: string): { value: JsonValue; complete: boolean } {
  const parsed = tryParse(text);
  if (parsed !== undefined && fits(field, parsed)) return { value: parsed, complete: true };
  return { value: repair(field, text.trim()), complete: false };
}

function tryParse(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

function fits(field: OutputField, value: unknown): boolean {
  if (field.kind === 'choice') return field.values.includes(value as string | number);
  const scalarFits = (v: unknown) => {
    switch (field.type) {
      case 'str':
        return typeof v === 'string';
      case 'int':
        return Number.isInteger(v);
      case 'float':
        return typeof v === 'number';
      case 'bool':
        return typeof v === 'boolean';
    }
  };
  return field.kind === 'list' ? Array.isArray(value) && value.every(scalarFits) : scalarFits(value);
}

function repair(field: OutputField, text: string): JsonValue {
  if (field.kind === 'choice') {
    return field.values.find((v) => JSON.stringify(v).startsWith(text)) ?? field.values[0];
  }
  if (field.kind === 'list') {
    for (let end = text.length; end > 0; end--) {
      const candidate = tryParse(`${text.slice(0, end).replace(/,\s*$/, '')}]`);
      if (Array.isArray(candidate) && fits(field, candidate)) return candidate;
    }
    return [];
  }
  switch (field.type) {
    case 'str':
      return closeString(text);
    case 'int':
      return Number.parseInt(text, 10) || 0;
    case 'float':
      return Number.parseFloat(text) || 0;
    case 'bool':
      return text.startsWith('t');
  }
}

function closeString(text: string): string {
  for (let end = text.length; end >= 0; end--) {
    const candidate = tryParse(`${text.slice(0, end)}"`);
    if (typeof candidate === 'string') return candidate;
  }
  return '';
}
