import { PDFDocument, type PDFFont, StandardFonts } from 'pdf-lib';
import type { ProseSection } from './prose';

const PAGE = { width: 595, height: 842, margin: 56 };
const SIZE = 11;
const LEADING = SIZE * 1.25;

/** A real PDF (A4, Helvetica) whose paragraphs wrap over lines and pages. */
export async function renderPdf(title: string, sections: ProseSection[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const width = PAGE.width - 2 * PAGE.margin;
  let page = pdf.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - PAGE.margin;
  const write = (lines: string[], lineFont: PDFFont, size: number) => {
    for (const line of lines) {
      if (y < PAGE.margin) {
        page = pdf.addPage([PAGE.width, PAGE.height]);
        y = PAGE.height - PAGE.margin;
      }
      page.drawText(line, { x: PAGE.margin, y, size, font: lineFont });
      y -= size * 1.25;
    }
    y -= LEADING; // a blank line after each paragraph
  };
  write([title], bold, 16);
  for (const section of sections) {
    write([section.heading], bold, 13);
    for (const paragraph of section.paragraphs) write(wrap(paragraph, font, width), font, SIZE);
  }
  return pdf.save();
}

function wrap(text: string, font: PDFFont, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(candidate, SIZE) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}
