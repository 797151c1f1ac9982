import fc from 'fast-check';

/**
 * Characters a careless server trips on, all of which PostgreSQL and the engines can take:
 * controls, bidi and zero-width marks, non-characters, quotes, escapes and path syntax.
 */
const NASTY_CHARS = [
  '\u0001', '\u0007', '\u001b', '\u007f', '\u0085', '\u2028', '\u200b', '\u202e', '\ufeff', '\uffff',
  '😀', '\\', '"', "'", '%', '/', '..', '\n', '\r', '\t', '{', '[', '<|endoftext|>', '</s>',
];

/** What no service can keep: NUL (PostgreSQL refuses it) and lone surrogates (not Unicode). */
const UNSTORABLE_CHARS = ['\u0000', '\ud800', '\udfff'];

const textUnit = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789.,-_'.split('')) },
  { weight: 1, arbitrary: fc.constantFrom(...NASTY_CHARS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);

const storableString = (maxLength: number) => fc.string({ unit: textUnit, maxLength });

/** A string of ordinary and hostile characters; about one in twenty holds one the database cannot store. */
export const hostileString = (maxLength = 40) =>
  fc.oneof(
    { weight: 19, arbitrary: storableString(maxLength) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(storableString(maxLength / 2), fc.constantFrom(...UNSTORABLE_CHARS), storableString(maxLength / 2))
        .map(([before, bad, after]) => before + bad + after),
    },
  );

/** Numbers at and past the edges of what JSON, JavaScript and PostgreSQL hold. */
export const edgeNumber = fc.constantFrom(0, -0, -1, 1.5, 2 ** 31, 2 ** 53, 2 ** 63, -(2 ** 63), 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER);

/** Any JSON value, of any type, a few levels deep. */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    edgeNumber,
    fc.integer(),
    hostileString(),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(hostileString(8), tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** A string that would be a long text, without making every case slow. */
export const longText = fc.integer({ min: 1_000, max: 60_000 }).map((n) => 'Once upon a time '.repeat(Math.ceil(n / 17)).slice(0, n));
