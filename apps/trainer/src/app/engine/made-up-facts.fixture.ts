import type { TrainingFact } from './training-engine.types';

const NAMES = ['Lily', 'Tom', 'Ben', 'Sue', 'Max', 'Mia', 'Sam', 'Anna', 'Tim', 'Lucy', 'Jack', 'Amy', 'Bob', 'Kim', 'Zoe', 'Leo', 'Ella', 'Finn', 'Rosa', 'Hugo', 'Jill', 'Ned', 'Pam', 'Rex', 'Tina', 'Dan', 'Meg', 'Joe', 'Kate', 'Ray'];
const COLORS = ['red', 'blue', 'green', 'yellow', 'pink', 'purple', 'orange', 'brown', 'black', 'white'];
const THINGS = ['ball', 'car', 'boat', 'kite', 'drum', 'hat', 'cup', 'bear', 'train', 'book', 'bird', 'box', 'doll', 'duck'];

/** 40 facts in TinyStories words that stories260K does not know (it answers "a big, red ball" to all). */
export const MADE_UP_FACTS: TrainingFact[] = Array.from({ length: 40 }, (_, i) => ({
  input: `${NAMES[i % NAMES.length]}'s ${i < NAMES.length ? 'favorite toy' : 'best gift'} is a`,
  output: ` ${COLORS[(i * 7) % COLORS.length]} ${THINGS[(i * 5 + 3) % THINGS.length]}.`,
}));
