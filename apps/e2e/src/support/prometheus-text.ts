import parsePrometheusTextFormat from 'parse-prometheus-text-format';

const SAMPLE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

export interface Scrape {
  text: string;
  /** The metric families, as parse-prometheus-text-format reads them (it throws on a malformed line). */
  families: ReturnType<typeof parsePrometheusTextFormat>;
  /**
   * The sum of the samples named `name` (`lamini_embedding_batch_size_count`, say) whose labels
   * include `labels`; 0 when there is none. Read from the lines: the parser folds a labelled
   * histogram's samples into one.
   */
  value(name: string, labels?: Record<string, string>): number;
}

/** GETs a `/metrics` URL and parses the answer, which must be Prometheus text. */
export async function scrape(url: string): Promise<Scrape> {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  const contentType = res.headers.get('content-type') ?? '';
  if (!/^text\/plain;.*version=0\.0\.4/.test(contentType)) throw new Error(`${url} answered ${contentType}`);
  return readScrape(await res.text());
}

export function readScrape(text: string): Scrape {
  const families = parsePrometheusTextFormat(text);
  const samples = text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = SAMPLE.exec(line);
      if (!match) throw new Error(`not a Prometheus sample: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(LABEL)].map(([, key, value]) => [key, value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c))]));
      const value = parseValue(match[3]);
      if (value === undefined) throw new Error(`not a Prometheus value: ${line}`);
      return { name: match[1], labels, value };
    });
  return {
    text,
    families,
    value: (name, labels = {}) =>
      samples
        .filter((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value))
        .reduce((sum, s) => sum + s.value, 0),
  };
}

/** A sample's value as Prometheus reads it (Go's ParseFloat: `NaN`, `+Inf` in any case; prom-client writes `Nan`). */
function parseValue(text: string): number | undefined {
  if (/^nan$/i.test(text)) return NaN;
  if (/^[+-]?inf$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  const value = Number(text);
  return Number.isNaN(value) ? undefined : value;
}
