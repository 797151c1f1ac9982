import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { ProseSection } from './prose';

/** A real Word document: a title, headings, and paragraphs (each sentence its own run). */
export async function renderDocx(title: string, sections: ProseSection[]): Promise<Uint8Array> {
  const children = [
    new Paragraph({ text: title, heading: HeadingLevel.TITLE }),
    ...sections.flatMap((section) => [
      new Paragraph({ text: section.heading, heading: HeadingLevel.HEADING_1 }),
      ...section.paragraphs.map(
        (paragraph) => new Paragraph({ children: paragraph.split(/(?<=\.) /).map((sentence, i) => new TextRun(i === 0 ? sentence : ` ${sentence}`)) }),
      ),
    ]),
  ];
  const document = new Document({ creator: 'lamini tests', title, sections: [{ children }] });
  return Packer.toBuffer(document);
}
