/**
 * Work-around for `Intl.Segmenter` in V8 (Node 20), whose iteration slows down quadratically
 * with the length of the string (80 k characters: ~1.5 s; 1 MB: minutes). Long texts are cut
 * into chunks of about `CHUNK` characters, each cut placed just before a white-space character,
 * where Unicode word and grapheme boundaries (UAX #29) always fall, and never inside CR LF.
 */

/** Target chunk length in UTF-16 units; measured to keep segmentation linear. */
const CHUNK = 2048;
const SPACE = /\s/u;

/** Segments `text` as `segmenter.segment(text)` would, in linear time. */
export function* segmentLinear(segmenter: Intl.Segmenter, text: string): Generator<Intl.SegmentData> {
  for (const chunk of chunks(text)) yield* segmenter.segment(chunk);
}

/** Cuts `text` into pieces whose concatenation is `text`, each cut before a white space. */
export function* chunks(text: string, size = CHUNK): Generator<string> {
  let start = 0;
  while (text.length - start > size) {
    let cut = -1;
    for (let i = start + size; i > start; i--) if (canCut(text, i)) { cut = i; break; }
    if (cut < 0) for (let i = start + size + 1; i < text.length; i++) if (canCut(text, i)) { cut = i; break; }
    if (cut < 0) break;
    yield text.slice(start, cut);
    start = cut;
  }
  if (start < text.length) yield text.slice(start);
}

function canCut(text: string, i: number): boolean {
  return SPACE.test(text[i]) && !(text[i] === '\n' && text[i - 1] === '\r');
}
