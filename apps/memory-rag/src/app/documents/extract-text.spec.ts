import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type TestDocuments, writeTestDocuments, writeUnreadablePdf } from '@lamini/testing';
import { UnreadableDocumentError, UnsupportedDocumentError } from './document-errors';
import { extractText } from './extract-text';

describe('extractText', () => {
  let dir: string;
  let corpus: TestDocuments;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'extract-text-'));
    corpus = await writeTestDocuments(join(dir, 'corpus'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const file = async (name: string, content: string | Uint8Array) => {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  };
  const rejection = (promise: Promise<unknown>) => promise.then(() => undefined, (error: Error) => error);

  it('reads every format of the test corpus, and finds each answer sentence in its document', async () => {
    expect(corpus.files.map((path) => basename(path)).sort()).toEqual(
      ['astronomy.md', 'cuisine.html', 'festivals.jsonl', 'geography.pdf', 'history.docx', 'sports.htm', 'staff.csv', 'wildlife.txt'],
    );
    for (const path of corpus.files) {
      const name = basename(path);
      const text = await extractText(name, path);
      const questions = corpus.questions.filter((question) => question.document === name);
      expect(questions.length).toBeGreaterThanOrEqual(5);
      for (const { answer } of questions) expect({ name, found: text.includes(answer) }).toEqual({ name, found: true });
    }
  });

  it('keeps markup out of the text of HTML', async () => {
    const text = await extractText('cuisine.html', join(dir, 'corpus/cuisine.html'));
    expect(text).toContain('Dishes of the Vistramoor Coast');
    expect(text).not.toMatch(/script text|example\.invalid|banner|<p>|margin/);
    expect(text).not.toContain('DISHES');
  });

  it('joins the lines a PDF paragraph wraps over, and keeps paragraphs apart', async () => {
    const text = await extractText('geography.pdf', join(dir, 'corpus/geography.pdf'));
    expect(text.startsWith('A Short Geography of Zorbia\n\nPart 1\n\n')).toBe(true);
    expect(text.split('\n\n').length).toBeGreaterThan(15);
  });

  it('writes JSONL records and CSV rows as key: value lines', async () => {
    const festivals = await extractText('festivals.jsonl', join(dir, 'corpus/festivals.jsonl'));
    expect(festivals).toContain('id: 3\nfestival.name: Lantern Fair\nfestival.city: Ostravel\nfestival.month: October\ntags: music, food\nsummary: The Lantern Fair');
    const staff = await extractText('staff.csv', join(dir, 'corpus/staff.csv'));
    expect(staff).toContain('id: 4\nname: Marla Quintrell\nrole: buyer\noffice: Dunmere\nstarted: 2011\nnote: Marla Quintrell works');
    expect(staff).toContain('note: "Quiet, careful." ');
    const nested = await file('nested.jsonl', '{"a":{"b":[{"c":1},{"c":true}]},"d":"x"}\n"plain"\n');
    expect(await extractText('nested.jsonl', nested)).toBe('a.b[0].c: 1\na.b[1].c: true\nd: x\n\nplain');
  });

  it('picks the format by the extension of the file name, in any case, and never opens that name', async () => {
    const text = await extractText('../../Some Folder/GEOGRAPHY.PDF', join(dir, 'corpus/geography.pdf'));
    expect(text).toContain('The capital of Zorbia is Plimsk.');
    const staged = await file('0123abcd', 'Plain words.');
    expect(await extractText('/etc/passwd.TXT', staged)).toBe('Plain words.');
  });

  it.each(['notes.xyz', 'archive.tar.gz', 'README', 'report.doc', '.txt.exe'])('refuses %s as unsupported, naming it', async (name) => {
    const path = await file('unsupported', 'words');
    const error = await rejection(extractText(name, path));
    expect(error).toBeInstanceOf(UnsupportedDocumentError);
    expect(error?.message).toContain(name);
  });

  it.each<[string, string | Uint8Array | 'truncated-pdf']>([
    ['broken.pdf', 'truncated-pdf'],
    ['fake.pdf', 'this is not a PDF at all'],
    ['empty.pdf', ''],
    ['broken.docx', 'PK\u0003\u0004 not really a zip'],
    ['empty.txt', ''],
    ['blank.md', ' \n\t\r\n  \n'],
    ['blank.html', '<html><body><p>  </p><script>var x = 1;</script></body></html>'],
    ['binary.txt', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00])],
    ['latin1.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9])],
    ['quote.csv', 'a,b\n"unclosed,1\n'],
    ['empty.jsonl', '\n\n'],
  ])('refuses %s as unreadable, naming it', async (name, content) => {
    const path = join(dir, `unreadable-${name}`);
    if (content === 'truncated-pdf') await writeUnreadablePdf(path);
    else await writeFile(path, content);
    const error = await rejection(extractText(name, path));
    expect(error).toBeInstanceOf(UnreadableDocumentError);
    expect(error?.message.startsWith(`${name}: `)).toBe(true);
  });

  it('names the line of a JSONL file that is not JSON', async () => {
    const path = await file('bad.jsonl', '{"a": 1}\n\n{"a": 2,}\n');
    const error = await rejection(extractText('events.jsonl', path));
    expect(error).toBeInstanceOf(UnreadableDocumentError);
    expect(error?.message).toMatch(/^events\.jsonl: line 3 is not valid JSON/);
  });

  it('refuses text beyond maxChars, and files beyond maxBytes unread', async () => {
    const path = await file('long.txt', 'word '.repeat(1000));
    await expect(extractText('long.txt', path, { maxChars: 4999 })).resolves.toHaveLength(4999);
    await expect(extractText('long.txt', path, { maxChars: 4998 })).rejects.toThrow(/^long\.txt: has more than 4998 characters/);
    await expect(extractText('long.txt', path, { maxBytes: 4999 })).rejects.toThrow(UnreadableDocumentError);
    await expect(extractText('geography.pdf', join(dir, 'corpus/geography.pdf'), { maxChars: 1000 })).rejects.toThrow(UnreadableDocumentError);
  });

  it('normalizes newlines, control characters and blank lines', async () => {
    const path = await file('messy.txt', '\uFEFFone  \r\ntwo\u0007\r\n\r\n\r\n\r\nthree\n');
    expect(await extractText('messy.txt', path)).toBe('one\ntwo\n\nthree');
  });

  it('reads the same file under a name with a different extension as that format', async () => {
    const copy = join(dir, 'copy');
    await copyFile(join(dir, 'corpus/history.docx'), copy);
    await expect(extractText('History.Docx', copy)).resolves.toContain('The Salt War ended with the Treaty of Lunmoor.');
    await expect(extractText('history.txt', copy)).rejects.toThrow(UnreadableDocumentError);
  });
});
