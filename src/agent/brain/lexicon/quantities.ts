/** Number words up to twenty, and the tens, as people write counts. */
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ['zero', 0], ['one', 1], ['two', 2], ['three', 3], ['four', 4], ['five', 5], ['six', 6], ['seven', 7], ['eight', 8],
  ['nine', 9], ['ten', 10], ['eleven', 11], ['twelve', 12], ['thirteen', 13], ['fourteen', 14], ['fifteen', 15],
  ['sixteen', 16], ['seventeen', 17], ['eighteen', 18], ['nineteen', 19], ['twenty', 20], ['thirty', 30], ['forty', 40],
  ['fifty', 50], ['single', 1], ['pair', 2], ['couple', 2], ['dozen', 12],
]);

/** Quantity phrases that stand for a count, longest first, with a note when the reading is a convention. */
export const QUANTITY_PHRASES: readonly (readonly [phrase: string, value: number, note?: string])[] = [
  ['half a dozen', 6], ['a couple of', 2, "'a couple' read as 2"], ['a couple', 2, "'a couple' read as 2"],
  ['couple of', 2, "'a couple' read as 2"], ['a pair of', 2], ['a few', 3, "'a few' read as 3"], ['a dozen', 12],
  ['a single', 1], ['just one', 1], ['only one', 1],
];

/** Words that ask for an unknown number of things: the brain asks how many instead of guessing. */
export const VAGUE_QUANTITIES: ReadonlySet<string> = new Set(['several', 'some', 'multiple', 'many', 'bunch', 'lots', 'few']);

/** Size units and how many GiB one of them is. */
export const SIZE_UNITS: ReadonlyMap<string, number> = new Map([
  ['gb', 1], ['gib', 1], ['g', 1], ['gig', 1], ['gigs', 1], ['gigabyte', 1], ['gigabytes', 1], ['gibibytes', 1],
  ['tb', 1024], ['tib', 1024], ['t', 1024], ['tera', 1024], ['terabyte', 1024], ['terabytes', 1024], ['tebibytes', 1024],
]);

/** EBS volume types people name, with the words that stand for them. */
export const VOLUME_TYPE_WORDS: ReadonlyMap<string, string> = new Map([
  ['gp2', 'gp2'], ['gp3', 'gp3'], ['io1', 'io1'], ['io2', 'io2'], ['st1', 'st1'], ['sc1', 'sc1'], ['magnetic', 'standard'],
  ['ssd', 'gp3'], ['hdd', 'st1'], ['provisioned-iops', 'io2'], ['cold', 'sc1'], ['throughput-optimized', 'st1'],
]);

/** Instance size adjectives and the size suffix they stand for ("a small VM" → t3.small). */
export const SIZE_ADJECTIVES: ReadonlyMap<string, string> = new Map([
  ['nano', 'nano'], ['micro', 'micro'], ['tiny', 'micro'], ['small', 'small'], ['medium', 'medium'], ['large', 'large'],
  ['xlarge', 'xlarge'], ['2xlarge', '2xlarge'], ['huge', '2xlarge'],
]);

/** The ladder of sizes within a family, smallest first, for "bigger" and "smaller". */
export const SIZE_LADDER: readonly string[] = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge'];

