// The training benchmark's data: TinyStories-like sentences from a fixed sequence, laid out once
// as llama-finetune's text file and once as our engine's facts, so both train on the same words
// and on exactly the same number of tokens per datapoint.
import type { LlamaModel } from 'node-llama-cpp';

const NAMES = ['Tom', 'Lily', 'Ben', 'Sue', 'Max', 'Mia', 'Sam', 'Amy', 'Tim', 'Zoe'];
const THINGS = ['ball', 'kite', 'cake', 'box', 'toy car', 'red hat', 'big tree', 'little boat', 'blue cup', 'flower'];
const PLACES = ['the park', 'the garden', 'the beach', 'the forest', 'the house', 'the pond', 'the school', 'the shop'];
const FEELINGS = ['happy', 'sad', 'scared', 'excited', 'tired', 'proud', 'angry', 'surprised'];
const ACTIONS = ['played with', 'looked at', 'found', 'shared', 'lost', 'painted', 'carried', 'hid'];

/** Sentence `i` of an endless deterministic story. */
export function storySentence(i: number): string {
  const a = NAMES[i % NAMES.length];
  const b = NAMES[(i * 3 + 1) % NAMES.length];
  const thing = THINGS[(i * 7) % THINGS.length];
  const place = PLACES[(i * 5 + 2) % PLACES.length];
  const feeling = FEELINGS[(i * 11 + 3) % FEELINGS.length];
  const action = ACTIONS[(i * 13 + 5) % ACTIONS.length];
  switch (i % 4) {
    case 0:
      return `One day, ${a} went to ${place} and ${action} a ${thing}.`;
    case 1:
      return `${a} was ${feeling}, so ${a} said to ${b}, "Look at my ${thing}!"`;
    case 2:
      return `${b} smiled and they ${action} the ${thing} together in ${place}.`;
    default:
      return `At the end of the day, ${a} and ${b} went home and felt ${feeling}.`;
  }
}

export interface TrainingData {
  /** llama-finetune's -f file: exactly `windows` windows of `ctx` tokens at stride ctx/2. */
  text: string;
  /** Tokens llama-finetune makes of `text` (BOS included). */
  textTokens: number;
  /** Our engine's facts: input + output tokenize (BOS included) to exactly `ctx` tokens. */
  facts: Array<{ input: string; output: string }>;
}

/**
 * Builds the data with the model's own tokenizer (node-llama-cpp, vocabulary only; run it in a
 * process of its own, away from the engine). llama-finetune cuts (tokens - ctx - 1) / (ctx / 2)
 * windows (common_opt_dataset_init); each fact is a sentence as the input and the story going on
 * as the output, tokenizing like inference's prompt then answer, ctx tokens in all.
 */
export function buildTrainingData(model: LlamaModel, windows: number, ctx: number, factCount: number): TrainingData {
  const bos = model.tokens.shouldPrependBosToken ? 1 : 0;
  const count = (text: string) => model.tokenize(text).length + bos;

  const sentences: string[] = [];
  let textTokens = 0;
  while (textTokens < ctx + 1 + (ctx / 2) * windows) {
    sentences.push(storySentence(sentences.length));
    textTokens = count(sentences.join(' '));
  }
  const text = sentences.join(' ');

  const facts: TrainingData['facts'] = [];
  let next = 0;
  while (facts.length < factCount) {
    const input = storySentence(next++);
    const words: string[] = [];
    let sentence = next;
    const full = () => count(input + ' ' + words.join(' '));
    while (full() < ctx) words.push(...storySentence(sentence++).split(' '));
    while (words.length > 0 && full() > ctx) words.pop();
    // Single-token filler closes the last gap ("▁a" is one token in these vocabularies).
    while (full() < ctx) words.push('a');
    const output = ' ' + words.join(' ');
    const inputTokens = model.tokenize(input);
    const fullTokens = model.tokenize(input + output);
    const prefix = inputTokens.every((t, i) => fullTokens[i] === t);
    if (full() === ctx && prefix) facts.push({ input, output });
    if (next > factCount * 20) throw new Error(`could not lay out facts of exactly ${ctx} tokens`);
  }
  return { text, textTokens, facts };
}
