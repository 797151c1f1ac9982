import { convert, type SelectorDefinition } from 'html-to-text';
import { decodeText } from './plain-text';

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } }));

// Text as written: no hard wrapping, no upper-cased headings, no URLs or image names in it.
const SELECTORS: SelectorDefinition[] = [
  ...HEADINGS,
  { selector: 'a', options: { ignoreHref: true } },
  { selector: 'img', format: 'skip' },
  { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false, maxColumnWidth: 10_000 } },
];

export function htmlToText(data: Uint8Array): string {
  const html = decodeText(data);
  // The caller bounds the file's size; html-to-text would silently cut longer input.
  return convert(html, { wordwrap: false, selectors: SELECTORS, limits: { maxInputLength: html.length + 1 } });
}
