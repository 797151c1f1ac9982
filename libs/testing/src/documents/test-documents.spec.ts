import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { TEST_QUESTIONS, writeTestDocuments, writeUnreadablePdf } from './test-documents';

describe('writeTestDocuments', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'test-documents-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes the same documents every time (but for the .docx time stamps)', async () => {
    const first = await writeTestDocuments(join(dir, 'a'));
    const second = await writeTestDocuments(join(dir, 'b'));
    expect(first.files.map((file) => basename(file))).toEqual(second.files.map((file) => basename(file)));
    for (const [index, file] of first.files.entries()) {
      if (file.endsWith('.docx')) continue;
      expect(await readFile(file)).toEqual(await readFile(second.files[index]));
    }
    expect(first.questions).toEqual(TEST_QUESTIONS);
  });

  it('asks distinct questions with distinct answers, each written once in a plain-text document', async () => {
    const { files, questions } = await writeTestDocuments(join(dir, 'c'));
    expect(questions.length).toBeGreaterThanOrEqual(30);
    expect(new Set(questions.map((q) => q.question)).size).toBe(questions.length);
    expect(new Set(questions.map((q) => q.answer)).size).toBe(questions.length);
    for (const question of questions) expect(files.map((file) => basename(file))).toContain(question.document);
    for (const file of files.filter((path) => /\.(txt|md|html?|csv|jsonl)$/.test(path))) {
      const content = await readFile(file, 'utf8');
      for (const { answer } of questions.filter((q) => q.document === basename(file))) expect(content.split(answer)).toHaveLength(2);
    }
  });

  it('writes a PDF cut short', async () => {
    const path = join(dir, 'broken.pdf');
    await writeUnreadablePdf(path);
    const bytes = await readFile(path);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1')).not.toContain('%%EOF');
  });
});
