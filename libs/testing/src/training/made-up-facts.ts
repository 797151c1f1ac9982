/**
 * Facts no model was trained on, in words a TinyStories model knows: each child's pet has an
 * invented name. Memory-tuning tests teach them and ask for them back by greedy decoding.
 */
const CHILDREN = ['Tom', 'Lily', 'Ben', 'Sue', 'Max', 'Mia', 'Sam', 'Amy', 'Tim', 'Zoe'];
const PETS = ['dog', 'cat', 'bird', 'fish'];
const NAMES = [
  'Bexo', 'Tulip', 'Zaro', 'Mipp', 'Koda', 'Fenn', 'Ruzo', 'Pim', 'Glob', 'Nilo',
  'Vask', 'Dribb', 'Yoli', 'Quin', 'Humo', 'Wex', 'Larp', 'Soba', 'Tikk', 'Bram',
  'Oxi', 'Jupp', 'Crell', 'Mazu', 'Fippo', 'Drax', 'Nubo', 'Relk', 'Zuzu', 'Pom',
  'Kett', 'Woba', 'Lunn', 'Gazo', 'Hix', 'Vimm', 'Tobo', 'Sark', 'Ebb', 'Quo',
];

export interface MadeUpFact {
  input: string;
  output: string;
}

export const MADE_UP_FACTS: MadeUpFact[] = CHILDREN.flatMap((child, c) =>
  PETS.map((pet, p) => ({ input: `${child} has a ${pet}. The name of ${child}'s ${pet} is`, output: ` ${NAMES[c * PETS.length + p]}.` })),
);
