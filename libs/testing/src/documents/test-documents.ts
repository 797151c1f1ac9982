import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { proseSections } from './prose';
import { renderDocx } from './render-docx';
import { renderHtml, renderMarkdown, renderText } from './render-markup';
import { renderPdf } from './render-pdf';
import { renderFestivalsJsonl, renderStaffCsv } from './render-structured';
import { FESTIVAL_FACTS, PROSE_DOCUMENTS, type ProseDocument, STAFF_FACTS } from './test-corpus';

export interface TestQuestion {
  question: string;
  /** The file name of the document that answers it. */
  document: string;
  /** The exact sentence in that document's text that answers it. */
  answer: string;
}

export interface TestDocuments {
  /** The paths of the documents written, one per format. */
  files: string[];
  questions: TestQuestion[];
}

/** Every question of the test corpus, with its document and answer sentence. */
export const TEST_QUESTIONS: TestQuestion[] = [
  ...PROSE_DOCUMENTS.flatMap((document) => document.facts.map((fact) => ({ ...fact, document: document.name }))),
  ...STAFF_FACTS.map(({ question, answer }) => ({ question, answer, document: 'staff.csv' })),
  ...FESTIVAL_FACTS.map(({ question, answer }) => ({ question, answer, document: 'festivals.jsonl' })),
];

/**
 * Writes the test corpus into `dir`: made-up facts in .pdf, .docx, .txt, .md, .html, .htm, .csv
 * and .jsonl documents, each long enough to span several chunks. The same every run (but for
 * the time stamps inside the .docx).
 */
export async function writeTestDocuments(dir: string): Promise<TestDocuments> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  const write = async (name: string, content: string | Uint8Array) => {
    const path = join(dir, name);
    await writeFile(path, content);
    files.push(path);
  };
  for (const document of PROSE_DOCUMENTS) await write(document.name, await renderProse(document));
  await write('staff.csv', renderStaffCsv());
  await write('festivals.jsonl', renderFestivalsJsonl());
  return { files, questions: TEST_QUESTIONS };
}

async function renderProse(document: ProseDocument): Promise<string | Uint8Array> {
  const sections = proseSections(document);
  const extension = document.name.slice(document.name.lastIndexOf('.'));
  switch (extension) {
    case '.pdf':
      return renderPdf(document.title, sections);
    case '.docx':
      return renderDocx(document.title, sections);
    case '.md':
      return renderMarkdown(document.title, sections);
    case '.html':
    case '.htm':
      return renderHtml(document.title, sections);
    default:
      return renderText(document.title, sections);
  }
}

/** Writes a PDF cut short (its first bytes only), which no PDF reader can read, to `path`. */
export async function writeUnreadablePdf(path: string): Promise<void> {
  const bytes = await renderPdf('Truncated', proseSections(PROSE_DOCUMENTS[0]));
  await writeFile(path, bytes.subarray(0, Math.min(400, bytes.length >> 3)));
}
