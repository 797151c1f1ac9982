import { decodeText } from './plain-text';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * Each line's JSON as readable text, one `key: value` line per field (nested keys joined by
 * dots, arrays of plain values by commas), records apart by a blank line. Blank lines are
 * skipped; a line that is not JSON is an error naming it.
 */
export function jsonlToText(data: Uint8Array): string {
  const records: string[] = [];
  decodeText(data)
    .split(/\r?\n/)
    .forEach((line, index) => {
      if (line.trim() === '') return;
      let value: Json;
      try {
        value = JSON.parse(line) as Json;
      } catch (error) {
        throw new Error(`line ${index + 1} is not valid JSON (${(error as Error).message})`);
      }
      const text = flatten(value, '').join('\n');
      if (text) records.push(text);
    });
  return records.join('\n\n');
}

export function flatten(value: Json, path: string): string[] {
  if (value === null || value === '') return [];
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== 'object')) {
      return field(path, value.filter((item) => item !== null && item !== '').join(', '));
    }
    return value.flatMap((item, index) => flatten(item, `${path}[${index}]`));
  }
  if (typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => flatten(item, path ? `${path}.${key}` : key));
  }
  return field(path, String(value));
}

function field(path: string, text: string): string[] {
  if (text === '') return [];
  return [path ? `${path}: ${text}` : text];
}
