/**
 * Labelled sentences for the classifier's tests and bench: each class draws its words from a
 * vocabulary of its own (common English words, one WordPiece token each in all-MiniLM-L6-v2's
 * tokenizer) mixed with shared function words, so classes are told apart by vocabulary alone.
 * Same seed, same corpus.
 */
import { seededRandom } from '../documents/filler-text';

export const TOPIC_VOCABULARIES: Record<string, { description: string; words: string[] }> = {
  sports: {
    description: 'Games, teams, players and matches.',
    words: ['team', 'goal', 'match', 'player', 'coach', 'score', 'season', 'league', 'ball', 'win', 'referee', 'stadium', 'fans', 'championship', 'defense', 'pitch', 'tournament', 'captain', 'foul', 'sprint'],
  },
  cooking: {
    description: 'Recipes, kitchens, food and ingredients.',
    words: ['recipe', 'oven', 'flour', 'sugar', 'butter', 'bake', 'salt', 'pepper', 'garlic', 'onion', 'soup', 'kitchen', 'dough', 'cheese', 'sauce', 'boil', 'spoon', 'bread', 'dinner', 'chef'],
  },
  weather: {
    description: 'Rain, wind, temperature and forecasts.',
    words: ['rain', 'storm', 'wind', 'cloud', 'forecast', 'snow', 'thunder', 'sunny', 'temperature', 'cold', 'warm', 'humid', 'fog', 'breeze', 'weather', 'frost', 'lightning', 'drizzle', 'heat', 'sky'],
  },
  finance: {
    description: 'Money, markets, banks and investment.',
    words: ['bank', 'money', 'stock', 'market', 'loan', 'interest', 'price', 'profit', 'tax', 'budget', 'invest', 'credit', 'debt', 'fund', 'dollar', 'trade', 'economy', 'income', 'shares', 'payment'],
  },
  music: {
    description: 'Songs, instruments, bands and concerts.',
    words: ['song', 'guitar', 'piano', 'band', 'concert', 'melody', 'drum', 'singer', 'album', 'rhythm', 'violin', 'chorus', 'lyrics', 'orchestra', 'jazz', 'tune', 'music', 'stage', 'bass', 'note'],
  },
};

const FUNCTION_WORDS = ['the', 'a', 'and', 'of', 'with', 'for', 'after', 'before', 'very', 'our', 'this', 'that', 'was', 'is'];

export interface TopicCorpus {
  /** `{class: description}`, as `initialize` takes it. */
  classes: Record<string, string>;
  /** `{class: [sentences]}`, as `initialize`'s `examples` and `add`'s `data` take it. */
  examples: Record<string, string[]>;
}

export function topicSentence(topic: string, random: () => number): string {
  const { words } = TOPIC_VOCABULARIES[topic];
  const length = 6 + Math.floor(random() * 5);
  return Array.from({ length }, (_, i) =>
    i % 3 === 1 ? FUNCTION_WORDS[Math.floor(random() * FUNCTION_WORDS.length)] : words[Math.floor(random() * words.length)],
  ).join(' ');
}

export function topicCorpus(options: { topics?: string[]; perClass: number; seed?: number }): TopicCorpus {
  const random = seededRandom(options.seed ?? 7);
  const topics = options.topics ?? Object.keys(TOPIC_VOCABULARIES);
  const corpus: TopicCorpus = { classes: {}, examples: {} };
  for (const topic of topics) {
    corpus.classes[topic] = TOPIC_VOCABULARIES[topic].description;
    const seen = new Set<string>();
    while (seen.size < options.perClass) seen.add(topicSentence(topic, random));
    corpus.examples[topic] = [...seen];
  }
  return corpus;
}
