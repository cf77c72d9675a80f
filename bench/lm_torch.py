#!/usr/bin/python3
"""The PyTorch side of bench/lm.ts: the same character language model, data split, batching,
optimizer, schedule and time budget as recurrent's LanguageModel, on the same text.

  text       first 90 % of the characters train, the last 10 % validate
  vocabulary the training characters plus <unk> (unseen validation characters map to it)
  model      Embedding(V, E) -> LSTM(E, H, L, dropout) -> dropout -> Linear(H, V), PyTorch's init
  batching   B contiguous streams (word_language_model's batchify), chunks of T, time-major,
             the state carried across chunks and detached, reset at each pass
  training   Adam(lr), cross-entropy mean per chunk, global gradient norm clipped to clip,
             lr cosine from lr to lr/10 over the training seconds (or constant)
  validation every validate_every steps and at the end: the whole held-out stream as B streams,
             state carried, mean nats per character; its time is not counted in the budget

Run with /usr/bin/python3 (PyTorch 1.13). One JSON object per line on stdout: a 'setup' line,
one 'validation' line per validation, and a last 'result' line.

  OPENBLAS_CORETYPE=Haswell /usr/bin/python3 bench/lm_torch.py --file ../shared/data/tiny-shakespeare/input.txt \
      --minutes 5 --threads 2 --hidden-size 256
"""
import argparse, json, math, os, sys, time

import torch
import torch.nn as nn
import torch.nn.functional as F


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--file', required=True)
    p.add_argument('--minutes', type=float, default=5)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--embedding-size', type=int, default=64)
    p.add_argument('--hidden-size', type=int, default=256)
    p.add_argument('--num-layers', type=int, default=1)
    p.add_argument('--dropout', type=float, default=0.0)
    p.add_argument('--batch-size', type=int, default=32)
    p.add_argument('--steps', type=int, default=100)
    p.add_argument('--lr', type=float, default=2e-3)
    p.add_argument('--schedule', choices=['cosine', 'constant'], default='cosine')
    p.add_argument('--clip-norm', type=float, default=1.0)
    p.add_argument('--validation-fraction', type=float, default=0.1)
    p.add_argument('--validate-every', type=int, default=100)
    p.add_argument('--seed', type=int, default=0)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    t0 = time.perf_counter()

    text = open(a.file, encoding='utf-8').read()
    cut = math.floor(len(text) * (1 - a.validation_fraction))
    train_text, val_text = text[:cut], text[cut:]
    counts = {}
    for ch in train_text:
        counts[ch] = counts.get(ch, 0) + 1
    tokens = ['<unk>'] + [c for c, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    ids = {t: i for i, t in enumerate(tokens)}
    V = len(tokens)
    encode = lambda s: torch.tensor([ids.get(c, 0) for c in s], dtype=torch.long)

    def batchify(x, B):
        n = x.numel() // B
        return x[: n * B].view(B, n).t().contiguous()  # [N, B]: column b is stream b

    train = batchify(encode(train_text), a.batch_size)
    val = batchify(encode(val_text), a.batch_size)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.embedding = nn.Embedding(V, a.embedding_size)
            self.rnn = nn.LSTM(a.embedding_size, a.hidden_size, a.num_layers, dropout=a.dropout if a.num_layers > 1 else 0.0)
            self.drop = nn.Dropout(a.dropout)
            self.head = nn.Linear(a.hidden_size, V)

        def forward(self, x, state):
            out, state = self.rnn(self.embedding(x), state)  # x [T, B] -> [T, B, H]
            return self.head(self.drop(out)), state  # [T, B, V]

    net = Net()
    opt = torch.optim.Adam(net.parameters(), lr=a.lr)
    budget = a.minutes * 60
    emit = lambda o: print(json.dumps(o), flush=True)
    emit({'event': 'setup', 'side': 'pytorch', 'torch': torch.__version__, 'threads': a.threads, 'openblas_coretype': os.environ.get('OPENBLAS_CORETYPE'),
          'vocab': V, 'train_tokens': len(train_text), 'validation_tokens': len(val_text), 'params': sum(p.numel() for p in net.parameters()),
          'seconds_to_setup': time.perf_counter() - t0})

    def chunks(data):
        for i in range(0, data.size(0) - 1, a.steps):
            T = min(a.steps, data.size(0) - 1 - i)
            yield data[i:i + T], data[i + 1:i + 1 + T]

    def validate():
        net.eval()
        total, count, state = 0.0, 0, None
        with torch.no_grad():
            for x, y in chunks(val):
                logits, state = net(x, state)
                total += F.cross_entropy(logits.view(-1, V), y.reshape(-1), reduction='sum').item()
                count += y.numel()
        net.train()
        return total / count

    def lr_at(progress):
        if a.schedule == 'constant':
            return a.lr
        q = min(1.0, max(0.0, progress))
        return a.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * q)))

    start = time.perf_counter()
    val_seconds = 0.0
    step, since, since_n, curve = 0, 0.0, 0, []
    train_seconds = lambda: time.perf_counter() - start - val_seconds
    done = False
    lr = a.lr
    while not done:
        state = None
        for x, y in chunks(train):
            logits, state = net(x, state)
            state = tuple(s.detach() for s in state)
            loss = F.cross_entropy(logits.view(-1, V), y.reshape(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), a.clip_norm)
            opt.step()
            step += 1
            since += loss.item()
            since_n += 1
            elapsed = train_seconds()
            over = elapsed >= budget
            for g in opt.param_groups:
                g['lr'] = lr_at(elapsed / budget)
            if step % a.validate_every == 0 or over:
                v0 = time.perf_counter()
                v = validate()
                val_seconds += time.perf_counter() - v0
                point = {'event': 'validation', 'step': step, 'seconds': elapsed, 'trainLoss': since / since_n, 'loss': v, 'perplexity': math.exp(v), 'lr': lr}
                curve.append(point)
                emit(point)
                since, since_n = 0.0, 0
            lr = opt.param_groups[0]['lr']
            if over:
                done = True
                break
    last = curve[-1]
    emit({'event': 'result', 'side': 'pytorch', 'threads': a.threads, 'steps': step, 'train_seconds': train_seconds(), 'seconds_per_step': train_seconds() / step,
          'validation': {'loss': last['loss'], 'perplexity': last['perplexity']}, 'best_loss': min(p['loss'] for p in curve)})


if __name__ == '__main__':
    main()
