import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Seq2Seq, seq2seqShapes, type Seq2SeqOptions } from './model.js';
import { beamSearch, greedySearch, lengthNormalizer, type StepDecoder } from './beam-search.js';
import { Generator } from '../../random/generator.js';
import { crossEntropy } from '../../losses/cross-entropy.js';
import { gradcheck } from '../../../test/helpers/gradcheck.js';
import { ValueError } from '../../errors.js';

const BOS = 2, EOS = 3;

function tiny(o: Partial<Seq2SeqOptions> = {}, seed = 1): Seq2Seq {
  return new Seq2Seq({ srcVocabSize: 11, tgtVocabSize: 9, embeddingDim: 4, hiddenSize: 5, attention: 'additive', generator: new Generator(seed), ...o });
}

/** Random ids ≥ 4 (no specials), padded with 0 after each length. */
function batch(B: number, S: number, lengths: number[], V: number, g: Generator): Int32Array {
  const ids = new Int32Array(B * S);
  for (let b = 0; b < B; b++) for (let s = 0; s < lengths[b]; s++) ids[b * S + s] = 4 + Math.floor(g.uniform() * (V - 4));
  return ids;
}

test('Seq2Seq: parameter shapes match the allocated module, for every cell, score and direction', () => {
  for (const cell of ['gru', 'lstm', 'rnn'] as const) {
    for (const attention of ['dot', 'general', 'additive'] as const) {
      for (const bidirectional of [false, true]) {
        if (attention === 'dot' && bidirectional) continue;
        const o = { cell, attention, bidirectional, numLayers: 2 };
        const m = tiny(o);
        const shapes = seq2seqShapes({ srcVocabSize: 11, tgtVocabSize: 9, embeddingDim: 4, hiddenSize: 5, ...o });
        const got = Object.fromEntries([...m.namedParameters()].map(([k, p]) => [k, [...p.shape]]));
        assert.deepEqual(got, shapes, `${cell} ${attention} bi=${bidirectional}`);
      }
    }
  }
  assert.throws(() => tiny({ attention: 'dot', bidirectional: true }), (e) => e instanceof ValueError && /bidirectional/.test(e.message));
});

test('Seq2Seq: gradients of the loss match finite differences (float64, bidirectional LSTM, padded source)', () => {
  const g = new Generator(4);
  const m = tiny({ cell: 'lstm', bidirectional: true, attention: 'general', dtype: 'float64', numLayers: 1 }, 3);
  const B = 2, S = 4, T = 3;
  const src = batch(B, S, [4, 2], 11, g), lengths = [4, 2];
  const tgtIn = Int32Array.from([BOS, 5, 6, BOS, 7, 0]);
  const tgtOut = Int32Array.from([5, 6, EOS, 7, EOS, -100]);
  // check the parameters the attention path adds (the layers below have their own checks)
  const checked = ['bridge.weight', 'bridgeCell.weight', 'attention.weight', 'combine.weight', 'head.bias', 'decoder.weight_hh_l0'];
  const params = [...m.namedParameters()].filter(([k]) => checked.includes(k)).map(([, p]) => p);
  assert.equal(params.length, checked.length);
  gradcheck(() => crossEntropy(m.forward(src, [B, S], lengths, tgtIn, [B, T]).logits, tgtOut), params, { atol: 1e-6, rtol: 1e-4 });
});

test('Seq2Seq: padding the source never changes the logits, the attention or a translation', () => {
  const g = new Generator(2);
  for (const o of [{ bidirectional: true, cell: 'gru' as const }, { bidirectional: false, cell: 'lstm' as const, attention: 'dot' as const }]) {
    const m = tiny(o, 5);
    m.eval();
    const S = 3;
    const one = batch(1, S, [S], 11, g);
    const alone = m.forward(one, [1, S], [S], Int32Array.from([BOS, 5]), [1, 2]);
    // the same sentence padded to 7 steps, next to a longer one
    const P = 7;
    const padded = new Int32Array(2 * P);
    padded.set(one, 0);
    padded.set(batch(1, P, [P], 11, g), P);
    const both = m.forward(padded, [2, P], [S, P], Int32Array.from([BOS, 5, BOS, 6]), [2, 2]);
    const V = 9;
    for (let i = 0; i < 2 * V; i++) assert.ok(Math.abs(both.logits.data[i] - alone.logits.data[i]) < 1e-5, `logit ${i}`);
    for (let t = 0; t < 2; t++) {
      for (let s = 0; s < P; s++) {
        const w = both.weights.data[t * P + s];
        if (s >= S) assert.equal(w, 0);
        else assert.ok(Math.abs(w - alone.weights.data[t * S + s]) < 1e-6);
      }
    }
    const opts = { bos: BOS, eos: EOS, maxLength: 8 };
    const a = beamSearch(m.stepDecoder(one, [1, S], [S]), 1, 3, opts).best[0];
    const b = beamSearch(m.stepDecoder(padded, [2, P], [S, P]), 2, 3, opts).best[0];
    assert.deepEqual(b.tokens, a.tokens);
    assert.ok(Math.abs(b.score - a.score) < 1e-5);
  }
});

test('beam search of width 1 equals greedy decoding (α = 0: tokens, scores and attention; α > 0: never a worse score)', () => {
  const g = new Generator(8);
  for (const o of [{ cell: 'lstm' as const, bidirectional: true }, { cell: 'gru' as const, numLayers: 2 }]) {
    const m = tiny(o, 11);
    m.eval();
    const B = 5, S = 6, lengths = [6, 3, 1, 5, 2];
    const src = batch(B, S, lengths, 11, g);
    for (const lengthPenalty of [0, 0.6]) {
      const opts = { bos: BOS, eos: EOS, maxLength: lengths.map((L) => 2 * L + 2), lengthPenalty, minLength: 1 };
      const greedy = greedySearch(m.stepDecoder(src, [B, S], lengths), B, opts);
      const beam = beamSearch(m.stepDecoder(src, [B, S], lengths), B, 1, opts).best;
      if (lengthPenalty > 0) {
        // width 1 follows greedy's path and keeps its output unless a better-scoring one turns up
        for (let b = 0; b < B; b++) assert.ok(beam[b].score >= greedy[b].score, `sentence ${b}: ${beam[b].score} < ${greedy[b].score}`);
        continue;
      }
      for (let b = 0; b < B; b++) {
        assert.deepEqual(beam[b].tokens, greedy[b].tokens, `sentence ${b}`);
        assert.equal(beam[b].score, greedy[b].score);
        assert.equal(beam[b].finished, greedy[b].finished);
        assert.equal(beam[b].attention.length, greedy[b].attention.length);
        assert.deepEqual(Array.from(beam[b].attention.at(-1)!), Array.from(greedy[b].attention.at(-1)!));
      }
    }
  }
});

/**
 * A decoder whose next-token log-probabilities depend only on the prefix (a fixed table looked
 * up by prefix), so the best sequences can be worked out by hand. It also records how many
 * hypotheses of each sentence are live at every step.
 */
class TableDecoder implements StepDecoder {
  readonly vocabSize = 4;
  readonly sourceLength = 1;
  prefixes: number[][];
  sentences: number[];
  liveCounts: number[][] = [];
  constructor(private readonly table: (prefix: number[]) => number[], batch: number) {
    this.prefixes = Array.from({ length: batch }, () => []);
    this.sentences = Array.from({ length: batch }, (_, b) => b);
  }
  step(tokens: Int32Array) {
    this.prefixes = this.prefixes.map((p, i) => [...p, tokens[i]]);
    const counts = new Map<number, number>();
    for (const s of this.sentences) counts.set(s, (counts.get(s) ?? 0) + 1);
    this.liveCounts.push([...counts.values()]);
    const logProbs: number[] = [];
    for (const p of this.prefixes) logProbs.push(...this.table(p.slice(1)).map(Math.log));
    return { logProbs, attention: new Float32Array(tokens.length).fill(1) };
  }
  select(rows: Int32Array, sentences: Int32Array) {
    this.prefixes = Array.from(rows, (r) => this.prefixes[r]);
    this.sentences = Array.from(sentences);
  }
}

test('beam search finds the best sequence that greedy misses, sets <eos> hypotheses aside, never exceeds the width', () => {
  // tokens: 0 = bos, 1 = eos, 2 = a, 3 = b. After the empty prefix: a 0.5, b 0.4, eos 0.1.
  // After "a": eos 0.3, a 0.35, b 0.35 (flat: no good ending); after "b": eos 0.9.
  // Greedy: a (0.5), then a 0.35 … ; the best ending is "b <eos>": 0.4·0.9 = 0.36 > "a <eos>" 0.15.
  const table = (p: number[]): number[] => {
    if (p.length === 0) return [1e-9, 0.1, 0.5, 0.4];
    if (p.at(-1) === 3) return [1e-9, 0.9, 0.05, 0.05];
    return [1e-9, 0.3, 0.35, 0.35];
  };
  const opts = { bos: 0, eos: 1, maxLength: 6 };
  const greedy = greedySearch(new TableDecoder(table, 1), 1, opts)[0];
  assert.deepEqual(greedy.tokens, [2, 2, 2, 2, 2, 2]); // "a" forever, stopped by the limit
  assert.equal(greedy.finished, false);
  for (const K of [2, 3]) {
    const dec = new TableDecoder(table, 2);
    const r = beamSearch(dec, 2, K, opts);
    for (let b = 0; b < 2; b++) {
      assert.deepEqual(r.best[b].tokens, [3]);
      assert.ok(r.best[b].finished);
      assert.ok(Math.abs(r.best[b].logProb - Math.log(0.4 * 0.9)) < 1e-9);
      assert.ok(r.finished[b].length <= K);
      for (let i = 1; i < r.finished[b].length; i++) assert.ok(r.finished[b][i - 1].score >= r.finished[b][i].score);
    }
    for (const counts of dec.liveCounts) for (const c of counts) assert.ok(c <= K, `live ${c} > width ${K}`);
  }
});

test('beam search: the length penalty favours longer outputs as α grows; limits are kept', () => {
  // After the empty prefix: eos 0.4, a 0.6; after "a": eos 0.5, a 0.5 … always. With K = 2:
  // "<eos>" (log 0.4 = −0.916) and "a <eos>" (log 0.3 = −1.204) finish first. α = 0 keeps the
  // empty output; α = 2 divides by lp(1) = 1 and lp(2) = (7/6)² = 1.361: −0.916 vs −0.885 → "a".
  const table = (p: number[]): number[] => (p.length === 0 ? [1e-9, 0.4, 0.6, 1e-9] : [1e-9, 0.5, 0.5, 1e-9]);
  const short = beamSearch(new TableDecoder(table, 1), 1, 2, { bos: 0, eos: 1, maxLength: 10, lengthPenalty: 0 }).best[0];
  assert.deepEqual(short.tokens, []);
  const long = beamSearch(new TableDecoder(table, 1), 1, 2, { bos: 0, eos: 1, maxLength: 10, lengthPenalty: 2 }).best[0];
  assert.deepEqual(long.tokens, [2]);
  assert.ok(Math.abs(long.score - long.logProb / lengthNormalizer(long.tokens.length + 1, 2)) < 1e-12);
  const capped = beamSearch(new TableDecoder(() => [1e-9, 1e-9, 0.6, 0.4], 1), 1, 3, { bos: 0, eos: 1, maxLength: [4] }).best[0];
  assert.equal(capped.tokens.length, 4);
  assert.equal(capped.finished, false);
  // minLength 1 forbids the empty output that α = 0 preferred, in both searches
  const atLeastOne = { bos: 0, eos: 1, maxLength: 10, minLength: 1 };
  assert.deepEqual(beamSearch(new TableDecoder(table, 1), 1, 2, atLeastOne).best[0].tokens, [2]);
  assert.deepEqual(greedySearch(new TableDecoder(table, 1), 1, atLeastOne)[0].tokens, [2]);
  assert.deepEqual(beamSearch(new TableDecoder(table, 1), 1, 1, atLeastOne).best[0], greedySearch(new TableDecoder(table, 1), 1, atLeastOne)[0]);
  assert.throws(() => beamSearch(new TableDecoder(table, 1), 1, 0, { bos: 0, eos: 1, maxLength: 3 }), ValueError);
  assert.throws(() => greedySearch(new TableDecoder(table, 1), 1, { bos: 0, eos: 1, maxLength: 0 }), ValueError);
});
