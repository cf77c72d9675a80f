"""gensim side of bench/word2vec-quality.ts: trains gensim's Word2Vec on the same file with the
same options, saves the vectors (word2vec binary) and prints one JSON line with timings and
gensim's own evaluation. Run with Debian's python3-gensim: /usr/bin/python3.

usage: word2vec-quality.py '<json options>'
"""
import json
import sys
import time

from gensim.models import Word2Vec


def token(b):
    try:
        return b.decode('utf-8')
    except UnicodeDecodeError:
        return b.decode('latin-1')


def main():
    o = json.loads(sys.argv[1])
    with open(o['corpus'], 'rb') as f:
        # One sentence per line, words split on ASCII whitespace: what the TypeScript reader does.
        sentences = [[token(w) for w in line.split()] for line in f]
    sentences = [s for s in sentences if s]
    model = Word2Vec(
        vector_size=o['size'], window=o['window'], min_count=o['minCount'], sg=1 if o['model'] == 'skipgram' else 0,
        hs=1 if o['hs'] else 0, negative=o['negative'], sample=o['sample'], alpha=o['alpha'], min_alpha=o['minAlpha'],
        epochs=o['epochs'], seed=o['seed'], workers=o['workers'], cbow_mean=1,
    )
    model.build_vocab(sentences)
    in_vocab = int(sum(model.wv.get_vecattr(w, 'count') for w in model.wv.index_to_key))
    t = time.perf_counter()
    effective, raw = model.train(sentences, total_examples=model.corpus_count, epochs=o['epochs'])
    seconds = time.perf_counter() - t
    model.wv.save_word2vec_format(o['out'], binary=True)
    ws = model.wv.evaluate_word_pairs(o['wordsim'])
    sl = model.wv.evaluate_word_pairs(o['simlex'])
    acc, _ = model.wv.evaluate_word_analogies(o['analogies'])
    print(json.dumps({
        'vocabSize': len(model.wv), 'effectiveWords': int(effective), 'corpusWords': in_vocab, 'seconds': seconds,
        'wordsPerSecond': in_vocab * o['epochs'] / seconds, 'effectiveWordsPerSecond': effective / seconds,
        'gensimEval': {'wordsim': float(ws[1][0]), 'wordsimOov': float(ws[2]), 'simlex': float(sl[1][0]), 'simlexOov': float(sl[2]), 'analogy': float(acc)},
    }))


main()
