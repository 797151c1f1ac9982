import { fillerSentences, seededRandom } from './filler-text';
import { FESTIVAL_FACTS, STAFF_FACTS } from './test-corpus';

const FIRST_NAMES = ['Aldo', 'Brina', 'Corwin', 'Delia', 'Emrys', 'Faye', 'Galen', 'Hesper'];
const LAST_NAMES = ['Ashby', 'Brook', 'Coil', 'Dunning', 'Elder', 'Frayne'];
const ROLES = ['clerk', 'driver', 'packer', 'cook', 'porter'];
const OFFICES = ['Eastfield', 'Westbrook', 'Northvale'];

/** staff.csv: filler people, with the fact rows among them; notes hold commas and quotes. */
export function renderStaffCsv(): string {
  const random = seededRandom(71);
  const rows: string[][] = [['id', 'name', 'role', 'office', 'started', 'note']];
  let factIndex = 0;
  for (let i = 0; i < 40; i++) {
    const fact = i % 8 === 3 ? STAFF_FACTS[factIndex++] : undefined;
    const note = fact ? `${fact.answer} ${fillerSentences(random, 1)[0]}` : `"Quiet, careful." ${fillerSentences(random, 2).join(' ')}`;
    rows.push(
      fact
        ? [String(i + 1), fact.name, fact.role, fact.office, String(fact.started), note]
        : [String(i + 1), `${FIRST_NAMES[i % 8]} ${LAST_NAMES[i % 6]}`, ROLES[i % 5], OFFICES[i % 3], String(2000 + i), note],
    );
  }
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** festivals.jsonl: nested records, the fact festivals among filler ones, one blank line. */
export function renderFestivalsJsonl(): string {
  const random = seededRandom(83);
  const lines: string[] = [];
  let factIndex = 0;
  for (let i = 0; i < 25; i++) {
    const fact = i % 5 === 2 ? FESTIVAL_FACTS[factIndex++] : undefined;
    const festival = fact ? { name: fact.festival, city: fact.city, month: fact.month } : { name: `Gathering number ${i + 1}`, city: 'a small town', month: 'spring' };
    const summary = [...(fact ? [fact.answer] : []), ...fillerSentences(random, 3)].join(' ');
    lines.push(JSON.stringify({ id: i + 1, festival, tags: ['music', 'food'], attendance: null, summary }));
    if (i === 10) lines.push('');
  }
  return lines.join('\n') + '\n';
}
