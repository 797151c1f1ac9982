// Bland sentences without names or numbers to pad the test documents out to several chunks,
// chosen by a seeded generator so that every run writes the same documents.
const SUBJECTS = [
  'The committee', 'A visiting scholar', 'The local council', 'Most travellers', 'The old archive',
  'A small group of farmers', 'The morning market', 'Several merchants', 'The annual report', 'A quiet village',
  'The ferry crew', 'An elderly weaver', 'The school teachers', 'A wandering poet', 'The harbour office',
];
const VERBS = [
  'described', 'recorded', 'questioned', 'celebrated', 'ignored', 'revisited', 'compared', 'praised',
  'documented', 'debated', 'measured', 'remembered', 'criticised', 'studied', 'summarised',
];
const OBJECTS = [
  'the changing seasons', 'the price of grain', 'the condition of the roads', 'the patterns of rainfall',
  'the habits of migrating birds', 'the shape of the coastline', 'the tradition of evening songs',
  'the design of wooden bridges', 'the quality of the wool', 'the height of the spring floods',
  'the colour of the autumn leaves', 'the noise of the workshops', 'the repair of the city walls',
  'the taste of the well water', 'the length of the winter nights',
];
const TAILS = [
  'in great detail', 'with some reluctance', 'during the long winter', 'for many years', 'without reaching agreement',
  'after careful study', 'in a series of letters', 'at every public meeting', 'with obvious pride', 'more than once',
  'before the first snow', 'on a rainy afternoon', 'as their parents had done', 'to anyone who would listen', 'in a hurry',
];

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function fillerSentence(random: () => number): string {
  const pick = (words: string[]) => words[Math.floor(random() * words.length)];
  return `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(TAILS)}.`;
}

export function fillerSentences(random: () => number, count: number): string[] {
  return Array.from({ length: count }, () => fillerSentence(random));
}
