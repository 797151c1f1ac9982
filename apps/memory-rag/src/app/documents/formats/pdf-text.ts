interface PdfTextItem {
  str: string;
  /** The text matrix; [5] is the baseline's height on the page. */
  transform: number[];
  height: number;
  hasEOL: boolean;
}

/**
 * A PDF's text, page by page, stopping once it passes `maxChars`. Lines a paragraph wraps over
 * are joined by a space (so a sentence survives the layout); a wider vertical gap or a new
 * page starts a paragraph.
 */
export async function pdfToText(data: Uint8Array, maxChars: number): Promise<string> {
  const { getDocumentProxy } = await import('unpdf');
  // pdf.js wants a plain Uint8Array (not a Buffer), which it may take over.
  const pdf = await getDocumentProxy(new Uint8Array(data), { verbosity: 0 });
  try {
    const pages: string[] = [];
    let length = 0;
    for (let number = 1; number <= pdf.numPages && length <= maxChars; number++) {
      const page = await pdf.getPage(number);
      const { items } = await page.getTextContent();
      const text = pageText(items.flatMap((item) => ('str' in item ? [item] : [])));
      page.cleanup();
      if (text) pages.push(text);
      length += text.length + 2;
    }
    return pages.join('\n\n');
  } finally {
    await pdf.loadingTask.destroy();
  }
}

function pageText(items: PdfTextItem[]): string {
  const paragraphs: string[][] = [[]];
  let line = '';
  let previousY: number | undefined;
  let previousHeight = 0;
  for (const item of items) {
    if (line === '' && item.str.trim() !== '') {
      const y = item.transform[5];
      // Lines sit about 1.2 heights apart; a paragraph leaves more, a heading changes the size.
      const gap = previousY === undefined ? 0 : previousY - y;
      if (gap > 1.6 * previousHeight || (gap > 0 && Math.abs(item.height - previousHeight) > 0.5)) paragraphs.push([]);
      previousY = y;
      previousHeight = item.height;
    }
    if (line !== '' || item.str.trim() !== '') line += item.str;
    if (item.hasEOL && line.trim() !== '') {
      paragraphs[paragraphs.length - 1].push(line.trim());
      line = '';
    }
  }
  if (line.trim() !== '') paragraphs[paragraphs.length - 1].push(line.trim());
  return paragraphs
    .map((lines) => lines.join(' '))
    .filter((paragraph) => paragraph.length > 0)
    .join('\n\n');
}
