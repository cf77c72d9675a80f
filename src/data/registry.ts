/**
 * The known public data sets `loadDataset` can fetch by name. An explicit object, not an
 * import-time registry: every entry is a raw file at a pinned commit, with the SHA-256 and
 * size of that exact file, so a download is verified byte for byte.
 *
 * Left out on purpose: the sentiment-labelled sentences (upstream is a zip, not a text file)
 * and the Tatoeba eng-fra pairs and chesterton-ball.txt (the shared copies are trimmed, so no
 * upstream file has their checksum).
 */

/** One downloadable file. */
export interface DatasetEntry {
  /** Where the file is fetched from (a pinned commit, so the bytes never change). */
  readonly url: string;
  /** Lower-case hex SHA-256 of the file. */
  readonly sha256: string;
  /** Name of the file in the cache directory. */
  readonly filename: string;
  /** Size in bytes. */
  readonly size: number;
  /** One line on content and license. */
  readonly description: string;
}

const NLTK_GUTENBERG = 'https://raw.githubusercontent.com/nltk/nltk/4dc39fbf6965509f7b74316eff239bd110a03b49/nltk_data/corpora/gutenberg/';
const WIKITEXT2 = 'https://raw.githubusercontent.com/pytorch/examples/77f55b912142e11fcfdf5b530231fb9c52f181e8/word_language_model/data/wikitext-2/';

function gutenberg(file: string, sha256: string, size: number): DatasetEntry {
  return {
    url: NLTK_GUTENBERG + file,
    sha256,
    filename: `gutenberg-${file}`,
    size,
    description: `Project Gutenberg selection ${file} as shipped by NLTK; public domain`,
  };
}

/**
 * Name → file. Names are stable; pass one to `loadDataset`.
 *
 * @example
 * KNOWN_DATASETS['tiny-shakespeare'].sha256; // '86c4e6aa…'
 */
export const KNOWN_DATASETS = {
  'tiny-shakespeare': {
    url: 'https://raw.githubusercontent.com/karpathy/char-rnn/6f9487a6fe5b420b7ca9afb0d7c078e37c1d1b4e/data/tinyshakespeare/input.txt',
    sha256: '86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed',
    filename: 'tiny-shakespeare.txt',
    size: 1_115_394,
    description: 'Karpathy char-rnn tiny-shakespeare, 1,115,394 ASCII chars, 65 distinct; repo MIT, text public domain',
  },
  'wikitext-2-valid': {
    url: WIKITEXT2 + 'valid.txt',
    sha256: 'f0737ed31fc1329026e95cb8b98e19c2a182c39c240ab909dc31abf2f8af58e8',
    filename: 'wikitext-2-valid.txt',
    size: 1_121_681,
    description: 'WikiText-2 validation split (tokenised, with <unk>), pytorch/examples copy; CC BY-SA',
  },
  'wikitext-2-test': {
    url: WIKITEXT2 + 'test.txt',
    sha256: 'd790b833ef8cf03a90db7bf1271b7520b83c45ce07ba3c1a9699df81e239eca0',
    filename: 'wikitext-2-test.txt',
    size: 1_256_449,
    description: 'WikiText-2 test split (tokenised, with <unk>), pytorch/examples copy; CC BY-SA',
  },
  'gutenberg-austen-emma': gutenberg('austen-emma.txt', '71b0923d75fcf2f1faa897b22da8de8e2476d7478a2b22388eb58a3420e00215', 887_071),
  'gutenberg-austen-persuasion': gutenberg('austen-persuasion.txt', 'cec097657cbfeb62aafe178973f514fa07ab66a5e28ea025ebd5d51ca870e40f', 466_292),
  'gutenberg-austen-sense': gutenberg('austen-sense.txt', '57b169c7cfa502896dee25bd66616f61cc1d21084caf31f015176ee46fda9718', 673_022),
  'gutenberg-blake-poems': gutenberg('blake-poems.txt', '840897a66e23a47dd1fd56b864f421b2be0af074dc081244f7995bf26939eee9', 38_153),
  'gutenberg-chesterton-brown': gutenberg('chesterton-brown.txt', '67027976205b4b30e367c704807f56c8ffac3e8ea6037d993e57ab1fe28447ec', 406_629),
  'gutenberg-chesterton-thursday': gutenberg('chesterton-thursday.txt', '8b431a2a8db84089cd6f83fa66610c3b12c04114609df6e90137c0c58f2c5493', 320_525),
  'gutenberg-melville-moby-dick': gutenberg('melville-moby_dick.txt', 'dc2466ee3c2e6e2ea1f86233d142e4b5578fdc1d6f0ca657bee7572202a980c7', 1_242_990),
  'gutenberg-milton-paradise': gutenberg('milton-paradise.txt', '49028a77c557de1459e96c026edbe72997be2d9015925f7baefb793cd6fe706f', 468_220),
  'gutenberg-shakespeare-caesar': gutenberg('shakespeare-caesar.txt', '7c46bd32fc84d9596bcad55b61ec3c1a390239acb190b286422855aafc2774b3', 112_310),
  'gutenberg-shakespeare-hamlet': gutenberg('shakespeare-hamlet.txt', '1eceab7027ad7e0cc25c6b6aadcb2e6bb070395cb2085f775ac732d63d5db240', 162_881),
  'gutenberg-shakespeare-macbeth': gutenberg('shakespeare-macbeth.txt', 'd4a204352cfe5924cbae76f764225d120e9f7617d39cb8c949dedd3f306353ac', 100_351),
  'gutenberg-whitman-leaves': gutenberg('whitman-leaves.txt', '93ebaf1dccc8f1514b4b1c2f52e64e81829113fc58cff63fb51ada0c72f99c3e', 711_215),
} as const satisfies Record<string, DatasetEntry>;

/** A name in {@link KNOWN_DATASETS}. */
export type KnownDatasetName = keyof typeof KNOWN_DATASETS;

/** Whether `name` is a key of {@link KNOWN_DATASETS}. */
export function isKnownDataset(name: string): name is KnownDatasetName {
  return Object.prototype.hasOwnProperty.call(KNOWN_DATASETS, name);
}
