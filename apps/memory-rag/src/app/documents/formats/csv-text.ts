import { parse } from 'csv-parse/sync';
import { decodeText } from './plain-text';

/**
 * A CSV file with a header row as readable text: each row's cells as `header: value` lines
 * (empty cells left out), rows apart by a blank line.
 */
export function csvToText(data: Uint8Array): string {
  const text = decodeText(data);
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (error) {
    throw new Error(`is not valid CSV (${(error as Error).message})`);
  }
  const [header = [], ...records] = rows;
  if (records.length === 0) return header.join(', ');
  return records
    .map((record) =>
      record
        .flatMap((cell, index) => (cell === '' ? [] : [`${header[index] || `column ${index + 1}`}: ${cell}`]))
        .join('\n'),
    )
    .filter((text) => text.length > 0)
    .join('\n\n');
}
