/** A file whose extension names no format we read; the message names the file. */
export class UnsupportedDocumentError extends Error {
  override readonly name = 'UnsupportedDocumentError';

  constructor(readonly fileName: string) {
    super(`${fileName}: unsupported document type; send .txt, .md, .html, .htm, .pdf, .docx, .jsonl or .csv`);
  }
}

/** A file its format's reader cannot read, or that holds no text or too much; the message names the file. */
export class UnreadableDocumentError extends Error {
  override readonly name = 'UnreadableDocumentError';

  constructor(
    readonly fileName: string,
    reason: string,
  ) {
    super(`${fileName}: ${reason}`);
  }
}
