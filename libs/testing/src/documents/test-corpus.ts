/**
 * Made-up facts (invented names, places and numbers, so that lexical search can find them),
 * each with the question it answers; the answer is the exact sentence the document holds.
 */
export interface CorpusFact {
  question: string;
  answer: string;
}

/** A document of prose: the facts, each in a paragraph of filler, among paragraphs of filler. */
export interface ProseDocument {
  name: string;
  title: string;
  seed: number;
  facts: CorpusFact[];
}

export const PROSE_DOCUMENTS: ProseDocument[] = [
  {
    name: 'geography.pdf',
    title: 'A Short Geography of Zorbia',
    seed: 11,
    facts: [
      { question: 'What is the capital of Zorbia?', answer: 'The capital of Zorbia is Plimsk.' },
      { question: 'How long is the river Quonn?', answer: 'The river Quonn is 312 kilometres long.' },
      { question: 'What is the highest mountain in Zorbia?', answer: 'The highest mountain in Zorbia is Mount Vellar, which rises 4127 metres.' },
      { question: 'What currency is used in Zorbia?', answer: 'Zorbia pays with a currency called the brindle.' },
      { question: 'How many people live in Plimsk?', answer: 'Plimsk is home to 1,840,000 people.' },
    ],
  },
  {
    name: 'history.docx',
    title: 'The Kingdom of Tarvel',
    seed: 23,
    facts: [
      { question: 'Who founded the Kingdom of Tarvel?', answer: 'Queen Osmira founded the Kingdom of Tarvel in 1187.' },
      { question: 'When was the Battle of Greywick fought?', answer: 'The Battle of Greywick was fought in the spring of 1402.' },
      { question: 'Which treaty ended the Salt War?', answer: 'The Salt War ended with the Treaty of Lunmoor.' },
      { question: 'Who was the last king of Tarvel?', answer: 'The last king of Tarvel was Edrin the Patient.' },
      { question: 'What was the old capital of Tarvel?', answer: 'The old capital of Tarvel was the river town of Caskfold.' },
    ],
  },
  {
    name: 'wildlife.txt',
    title: 'Animals of the Northern Marshes',
    seed: 37,
    facts: [
      { question: 'What does the glimmerfox eat?', answer: 'The glimmerfox eats mostly frostberries and beetles.' },
      { question: 'How long does a glimmerfox live?', answer: 'A glimmerfox can live for 17 years in the wild.' },
      { question: 'Where does the marsh drake nest?', answer: 'The marsh drake builds its nest in the reed beds of Lake Ombry.' },
      { question: 'How many eggs does the marsh drake lay?', answer: 'The marsh drake lays exactly 3 blue eggs each season.' },
      { question: 'What colour is the winter coat of the tundra hare?', answer: 'The winter coat of the tundra hare is silver with black tips.' },
    ],
  },
  {
    name: 'astronomy.md',
    title: 'The Kestrin System',
    seed: 41,
    facts: [
      { question: 'How long is a year on Kestrin?', answer: 'The planet Kestrin orbits its star Valdor once every 412 days.' },
      { question: 'How many moons does Kestrin have?', answer: 'Kestrin has three moons named Ipsa, Dorr and Telva.' },
      { question: 'Who discovered Kestrin?', answer: 'Kestrin was discovered by the astronomer Hallie Brunswold in 2031.' },
      { question: 'What is the largest moon of Kestrin?', answer: 'Dorr is the largest moon of Kestrin.' },
      { question: 'How far is Valdor from Earth?', answer: 'The star Valdor lies 88 light years from Earth.' },
    ],
  },
  {
    name: 'cuisine.html',
    title: 'Dishes of the Vistramoor Coast',
    seed: 53,
    facts: [
      { question: 'What is the main ingredient of plumwick stew?', answer: 'The main ingredient of plumwick stew is smoked turnip.' },
      { question: 'How long must plumwick stew simmer?', answer: 'Plumwick stew must simmer for 5 hours.' },
      { question: 'What gives nettlecake its green colour?', answer: 'Nettlecake gets its green colour from powdered sorrelseed.' },
      { question: 'Where was tamberloaf invented?', answer: 'Tamberloaf was invented in the harbour town of Vistramoor.' },
      { question: 'At what temperature is tamberloaf baked?', answer: 'Tamberloaf is baked at 215 degrees for 40 minutes.' },
    ],
  },
  {
    name: 'sports.htm',
    title: 'Skyball and the Gorvish Cup',
    seed: 67,
    facts: [
      { question: 'Who won the 2019 Gorvish Cup?', answer: 'The Hallow Ravens won the 2019 Gorvish Cup.' },
      { question: 'What was the score of the 2019 Gorvish Cup final?', answer: 'The 2019 Gorvish Cup final ended with a score of 4 to 2.' },
      { question: 'Where is the Gorvish Cup final played?', answer: 'The Gorvish Cup final is always played at Brackenfield Stadium.' },
      { question: 'Who is the top scorer of the Hallow Ravens?', answer: 'Tobiah Marrens is the top scorer in the history of the Hallow Ravens.' },
      { question: 'How many players does a skyball team field?', answer: 'A skyball team fields 9 players at a time.' },
    ],
  },
];

/** staff.csv: one row per person; the facts are the `note` cells of some rows. */
export const STAFF_FACTS: Array<CorpusFact & { name: string; role: string; office: string; started: number }> = [
  { name: 'Marla Quintrell', role: 'buyer', office: 'Dunmere', started: 2011, question: 'Which office does Marla Quintrell work in?', answer: 'Marla Quintrell works in the Dunmere office.' },
  { name: 'Osric Pellingham', role: 'chief glassblower', office: 'Harrowgate', started: 2008, question: "What is Osric Pellingham's role?", answer: 'Osric Pellingham is the chief glassblower.' },
  { name: 'Fenna Drubbel', role: 'accountant', office: 'Dunmere', started: 2014, question: 'When did Fenna Drubbel join the company?', answer: 'Fenna Drubbel joined the company in 2014.' },
  { name: 'Gideon Vaskell', role: 'warehouse manager', office: 'Saltreach', started: 2019, question: 'Who manages the Saltreach warehouse?', answer: 'Gideon Vaskell manages the Saltreach warehouse.' },
  { name: 'Ysolde Karrow', role: 'toolmaker', office: 'Harrowgate', started: 2016, question: 'Which tool does Ysolde Karrow prefer?', answer: 'Ysolde Karrow prefers the copper lathe.' },
];

/** festivals.jsonl: one record per festival; the facts are the summaries' first sentences. */
export const FESTIVAL_FACTS: Array<CorpusFact & { festival: string; city: string; month: string }> = [
  { festival: 'Lantern Fair', city: 'Ostravel', month: 'October', question: 'When is the Lantern Fair of Ostravel held?', answer: 'The Lantern Fair of Ostravel is held every October.' },
  { festival: 'Festival of Quills', city: 'Penmarrow', month: 'May', question: 'What do people throw at the Festival of Quills?', answer: 'At the Festival of Quills people throw paper birds into the sea.' },
  { festival: 'Harvest of Brimholt', city: 'Brimholt', month: 'September', question: 'How many days does the Harvest of Brimholt last?', answer: 'The Harvest of Brimholt lasts 11 days.' },
  { festival: 'Moonrake Parade', city: 'Selvary', month: 'March', question: 'Which city hosts the Moonrake Parade?', answer: 'The Moonrake Parade takes place in the city of Selvary.' },
  { festival: 'Cheese Roll', city: 'Dunwater', month: 'June', question: 'What is the prize at the Cheese Roll of Dunwater?', answer: 'The winner of the Cheese Roll of Dunwater receives a silver ladle.' },
];
