import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { UnreadableDocumentError, UnsupportedDocumentError } from './document-errors';
import { csvToText } from './formats/csv-text';
import { docxToText } from './formats/docx-text';
import { htmlToText } from './formats/html-text';
import { jsonlToText } from './formats/jsonl-text';
import { pdfToText } from './formats/pdf-text';
import { decodeText } from './formats/plain-text';

export interface ExtractOptions {
  /** Longer text is refused as unreadable (default DEFAULT_MAX_CHARS). */
  maxChars?: number;
  /** Larger files are refused unread (default DEFAULT_MAX_BYTES). */
  maxBytes?: number;
}

export const DEFAULT_MAX_CHARS = 5_000_000;
export const DEFAULT_MAX_BYTES = 100 * 2 ** 20;

type Reader = (data: Uint8Array, maxChars: number) => string | Promise<string>;

const READERS: Record<string, Reader> = {
  '.txt': decodeText,
  '.md': decodeText,
  '.html': htmlToText,
  '.htm': htmlToText,
  '.pdf': pdfToText,
  '.docx': docxToText,
  '.jsonl': jsonlToText,
  '.csv': csvToText,
};

export const SUPPORTED_EXTENSIONS = Object.keys(READERS);

/**
 * The text of the document at `path`. `fileName` is the client's name for it: metadata that
 * picks the format by its extension and names the file in errors, never a path to open.
 */
export async function extractText(fileName: string, path: string, options: ExtractOptions = {}): Promise<string> {
  const { maxChars = DEFAULT_MAX_CHARS, maxBytes = DEFAULT_MAX_BYTES } = options;
  const reader = READERS[extname(fileName).toLowerCase()];
  if (!reader) throw new UnsupportedDocumentError(fileName);
  const { size } = await stat(path);
  if (size > maxBytes) throw new UnreadableDocumentError(fileName, `is ${size} bytes, more than the ${maxBytes} allowed`);
  let text: string;
  try {
    text = normalizeText(await reader(await readFile(path), maxChars));
  } catch (error) {
    throw new UnreadableDocumentError(fileName, reason(error));
  }
  if (text.length === 0) throw new UnreadableDocumentError(fileName, 'contains no text');
  if (text.length > maxChars) throw new UnreadableDocumentError(fileName, `has more than ${maxChars} characters of text`);
  return text;
}

/** One newline convention, no control characters or trailing spaces, at most one blank line in a row. */
export function normalizeText(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .replace(/[ \t\u00A0]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Our readers' reasons read after the file name ("is not UTF-8 text"); libraries' do not.
  return /^(is|line|has|contains) /.test(message) ? message : `cannot be read (${message})`;
}
