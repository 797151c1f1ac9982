import type { ProseSection } from './prose';

export function renderText(title: string, sections: ProseSection[]): string {
  return [title, ...sections.flatMap((section) => section.paragraphs)].join('\n\n') + '\n';
}

export function renderMarkdown(title: string, sections: ProseSection[]): string {
  const body = sections.flatMap((section, index) => [
    `## ${section.heading}`,
    ...section.paragraphs,
    ...(index === 0 ? ['- first note of the list\n- second note of the list'] : []),
  ]);
  return [`# ${title}`, ...body].join('\n\n') + '\n';
}

/** A whole page, with markup that must not reach the text: a script, a style, an image, links. */
export function renderHtml(title: string, sections: ProseSection[]): string {
  const body = sections.flatMap((section) => [`<h2>${section.heading}</h2>`, ...section.paragraphs.map((p) => `<p>${p}</p>`)]);
  return [
    '<!DOCTYPE html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${title}</title>`,
    '<style>p { margin: 0 }</style><script>console.log("script text never shows");</script></head>',
    `<body><h1>${title}</h1>`,
    '<nav><a href="https://example.invalid/home">Home</a> &amp; <a href="https://example.invalid/about">About</a></nav>',
    '<img src="banner.png" alt="banner">',
    ...body,
    '<table><tr><th>Column</th><th>Value</th></tr><tr><td>first row</td><td>one</td></tr></table>',
    '</body></html>',
    '',
  ].join('\n');
}
