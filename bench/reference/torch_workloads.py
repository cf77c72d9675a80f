#!/usr/bin/python3
"""PyTorch on the workloads of bench/workloads/models.ts, for the reference columns of the benchmark.

The same shapes and step contents as the library's model workloads (time-major inputs [T, B, .],
inputs uniform in [-1, 1), PyTorch's default initialisation):

  W1     RNN(32 -> 128, tanh) -> Linear(1) on the last step, MSE, Adam(1e-3); B=32 T=100
  W2     LSTM(32 -> 128), the same head, loss and optimizer
  W2b    LSTM(32 -> 512), likewise
  W3     GRU(32 -> 256), likewise
  W4     Embedding(65, 64) -> LSTM(256) -> Linear(65) on every step, cross-entropy, Adam; B=32 T=100
  LM512  W4 with LSTM(512): the language-model benchmark's model
  W5     LSTM(32 -> 256) inference, batch 1, one step per call, the state (h, c) carried
  W6     LSTM(32 -> 256) forward under no_grad, B=64 T=100

A train step is zero_grad (set to None), forward, backward, Adam step. Timing policy of
bench/main.ts: 10 warm-up steps, then at least max(7, --samples) timed steps (W5: at least 201),
the median reported (the mean of the two middle ones for an even count).

The Debian torch links libblas.so.3, which is the reference BLAS unless OpenBLAS is installed.
--openblas DIR puts DIR (which holds OpenBLAS's libblas.so.3) first on LD_LIBRARY_PATH and runs the
script again in a fresh interpreter, with OPENBLAS_CORETYPE (by default SkylakeX, OpenBLAS's
AVX-512 kernels, where /proc/cpuinfo lists avx512f, else Haswell, its AVX2 + FMA kernels) and OPENBLAS_NUM_THREADS set by --layout (both also with --openblas none). The default,
--openblas auto, is bench/out/cache/openblas, fetched there on first use by
`apt-get download libopenblas0-pthread` and `dpkg -x` (no root needed); --openblas none keeps the
system BLAS. The BLAS actually loaded is read back from /proc/self/maps and OpenBLAS's own
openblas_get_config, and reported in every line.

--threads N is the number of cores PyTorch may use; --layout says which of its two thread pools
gets them (they are the same for N = 1):
  torch  (default) torch.set_num_threads(N), OPENBLAS_NUM_THREADS=1, as bench/lm.ts runs it:
         torch's own intra-op threads (OpenMP), each GEMM on one thread, with
         OMP_WAIT_POLICY=PASSIVE unless set: OpenMP's spinning threads, preempted on a busy
         machine, made W3 1.6 s a step here against 0.13 s passive.
  blas   torch.set_num_threads(1), OPENBLAS_NUM_THREADS=N: the GEMMs split over N threads, the
         elementwise ops on one. On two cores here as fast as torch on W1, W2, W4-W6 and 5-10 %
         slower on W2b, W3 and LM512 (three alternating runs of each).
Two pools of N spinning threads each oversubscribe the cores, so the two are never both N.

One JSON object per workload on stdout:
  {"workload", "backend": "torch", "threads", "samples", "median_ms", "min_ms", "max_ms", "layout",
   "torch_threads", "omp_wait_policy", "blas", "torch"}

--export-onnx DIR writes W5 (one step: inputs x [1, 1, 32], h0 and c0 [1, 1, 256]; outputs y, hn,
cn) and W6 (x [100, 64, 32] -> y [100, 64, 256]) as ONNX files w5.onnx and w6.onnx into DIR and
times nothing; bench/reference/onnxruntime.ts runs them.

  /usr/bin/python3 bench/reference/torch_workloads.py --workloads W1,W2,W6 --threads 1 --samples 7
"""
import argparse, ctypes, json, os, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.join(HERE, '..', 'out', 'cache', 'openblas')
LIBDIR = os.path.join('usr', 'lib', 'x86_64-linux-gnu', 'openblas-pthread')
WORKLOADS = ['W1', 'W2', 'W2b', 'W3', 'W4', 'W5', 'W6', 'LM512']


def fail(message):
    print(f'bench/reference/torch_workloads.py: {message}', file=sys.stderr)
    sys.exit(2)


def default_coretype():
    """OpenBLAS's AVX-512 kernels where the processor has them, else its AVX2 + FMA ones."""
    try:
        with open('/proc/cpuinfo') as f:
            flags = f.read()
    except OSError:
        return 'Haswell'
    return 'SkylakeX' if ' avx512f' in flags else 'Haswell'


def parse():
    p = argparse.ArgumentParser(description='PyTorch on the benchmark workloads W1-W6 and LM512')
    p.add_argument('--workloads', default=','.join(WORKLOADS), help='comma-separated, of ' + ','.join(WORKLOADS))
    p.add_argument('--threads', type=int, default=1, help='cores PyTorch may use')
    p.add_argument('--layout', choices=['torch', 'blas'], default='torch', help='which thread pool gets the threads: torch.set_num_threads (torch) or OpenBLAS (blas)')
    p.add_argument('--samples', type=int, default=7, help='at least this many timed steps (at least 7; W5 at least 201)')
    p.add_argument('--openblas', default='auto', help='folder holding OpenBLAS libblas.so.3, "auto" (bench/out/cache/openblas, fetched on first use) or "none"')
    p.add_argument('--coretype', default=default_coretype(), help='OPENBLAS_CORETYPE (default: SkylakeX with AVX-512, else Haswell)')
    p.add_argument('--export-onnx', metavar='DIR', help='write w5.onnx and w6.onnx into DIR and exit')
    p.add_argument('--seed', type=int, default=0)
    a = p.parse_args()
    a.workloads = [w for w in a.workloads.split(',') if w]
    for w in a.workloads:
        if w not in WORKLOADS:
            fail(f'--workloads {w}: expected one of {", ".join(WORKLOADS)}')
    if a.threads < 1 or a.samples < 1:
        fail('--threads and --samples must be positive integers')
    a.torch_threads = a.threads if a.layout == 'torch' else 1
    a.openblas_threads = 1 if a.layout == 'torch' else a.threads
    return a


def fetch_openblas():
    """libopenblas0-pthread's .deb unpacked into bench/out/cache/openblas; its library folder."""
    lib = os.path.join(CACHE, LIBDIR)
    if os.path.exists(os.path.join(lib, 'libblas.so.3')):
        return lib
    os.makedirs(CACHE, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        try:
            subprocess.run(['apt-get', 'download', 'libopenblas0-pthread'], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
            deb = next(f for f in os.listdir(tmp) if f.endswith('.deb'))
            subprocess.run(['dpkg', '-x', os.path.join(tmp, deb), CACHE], check=True)
        except (OSError, subprocess.CalledProcessError, StopIteration) as e:
            fail(f'could not fetch OpenBLAS ({e}). Fix: `apt-get download libopenblas0-pthread && dpkg -x libopenblas0-pthread_*.deb ob`, '
                 f'then pass --openblas ob/{LIBDIR}, or --openblas none for the system BLAS')
    if not os.path.exists(os.path.join(lib, 'libblas.so.3')):
        fail(f'the libopenblas0-pthread package unpacked into {CACHE} has no {LIBDIR}/libblas.so.3')
    return lib


def use_openblas(a):
    """Run this script again with OpenBLAS first on the library path (the loader reads it at start only)."""
    if a.openblas == 'none' or os.environ.get('RECURRENT_REFERENCE_BLAS') == 'set':
        return
    lib = fetch_openblas() if a.openblas == 'auto' else os.path.abspath(a.openblas)
    if not os.path.exists(os.path.join(lib, 'libblas.so.3')):
        fail(f'--openblas {a.openblas}: no libblas.so.3 in {lib}; expected the openblas-pthread folder of libopenblas0-pthread ({LIBDIR})')
    env = dict(os.environ, RECURRENT_REFERENCE_BLAS='set', LD_LIBRARY_PATH=lib + (':' + os.environ['LD_LIBRARY_PATH'] if os.environ.get('LD_LIBRARY_PATH') else ''))
    os.execve(sys.executable, [sys.executable, os.path.abspath(__file__)] + sys.argv[1:], env)


def blas_in_use():
    """The libblas.so.3 this process loaded, and OpenBLAS's configuration and core when it is OpenBLAS."""
    paths = set()
    with open('/proc/self/maps') as f:
        for line in f:
            path = line.split()[-1]
            if 'libblas' in path or 'openblas' in path:
                paths.add(path)
    blas = next((p for p in sorted(paths) if os.path.basename(p).startswith('libblas')), None)
    if blas is None:
        return 'unknown (no libblas mapped)'
    try:
        lib = ctypes.CDLL(blas)
        lib.openblas_get_config.restype = ctypes.c_char_p
        lib.openblas_get_corename.restype = ctypes.c_char_p
        return f'{lib.openblas_get_config().decode()} core {lib.openblas_get_corename().decode()} threads {lib.openblas_get_num_threads()} ({blas})'
    except AttributeError:
        return f'not OpenBLAS ({os.path.realpath(blas)})'


def main():
    a = parse()
    # read by OpenBLAS and libgomp when torch loads them
    os.environ.update(OPENBLAS_CORETYPE=a.coretype, OPENBLAS_NUM_THREADS=str(a.openblas_threads))
    if a.layout == 'torch':
        os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')
    if a.export_onnx is None:
        use_openblas(a)
    try:
        import torch
        import torch.nn as nn
        import torch.nn.functional as F
    except ImportError:
        fail(f'{sys.executable} has no torch. Fix: run with /usr/bin/python3 (Debian python3-torch), or `apt-get install python3-torch`')
    torch.set_num_threads(a.torch_threads)
    torch.manual_seed(a.seed)
    rand = lambda *shape: torch.rand(*shape) * 2 - 1  # uniform in [-1, 1), as rand() in models.ts
    T, B, I = 100, 32, 32

    def regression(cell, H):
        rnn = {'rnn': nn.RNN, 'lstm': nn.LSTM, 'gru': nn.GRU}[cell](I, H)
        head = nn.Linear(H, 1)
        opt = torch.optim.Adam([*rnn.parameters(), *head.parameters()], lr=1e-3)
        x, target = rand(T, B, I), rand(B, 1)  # [T, B, I], [B, 1]

        def step():
            opt.zero_grad(set_to_none=True)
            out, _ = rnn(x)  # [T, B, H]
            F.mse_loss(head(out[T - 1]), target).backward()
            opt.step()
        return step

    def char_lm(H, V=65, E=64):
        emb, lstm, head = nn.Embedding(V, E), nn.LSTM(E, H), nn.Linear(H, V)
        opt = torch.optim.Adam([*emb.parameters(), *lstm.parameters(), *head.parameters()], lr=1e-3)
        ids = torch.randint(0, V, (T, B))  # [T, B]
        targets = torch.randint(0, V, (T * B,))

        def step():
            opt.zero_grad(set_to_none=True)
            out, _ = lstm(emb(ids))  # [T, B, H]
            F.cross_entropy(head(out.reshape(T * B, H)), targets).backward()
            opt.step()
        return step

    def streaming(H=256):
        lstm = nn.LSTM(I, H).eval()
        x = rand(1, 1, I)  # [T=1, B=1, I]
        state = [(torch.zeros(1, 1, H), torch.zeros(1, 1, H))]  # (h, c) [L=1, B=1, H], carried across calls

        def step():
            with torch.no_grad():
                _, state[0] = lstm(x, state[0])
        return step

    def inference(H=256, B=64):
        lstm = nn.LSTM(I, H)
        x = rand(T, B, I)  # [T, B=64, I]

        def step():
            with torch.no_grad():
                lstm(x)
        return step

    if a.export_onnx is not None:
        export_onnx(torch, nn, a.export_onnx)
        return

    builders = {'W1': lambda: regression('rnn', 128), 'W2': lambda: regression('lstm', 128), 'W2b': lambda: regression('lstm', 512),
                'W3': lambda: regression('gru', 256), 'W4': lambda: char_lm(256), 'LM512': lambda: char_lm(512),
                'W5': streaming, 'W6': inference}
    blas = blas_in_use()
    if a.openblas != 'none' and not blas.startswith('OpenBLAS'):
        fail(f'--openblas {a.openblas}: torch runs on {blas}, not OpenBLAS; does {sys.executable}\'s torch link libblas.so.3?')
    for name in a.workloads:
        step = builders[name]()
        for _ in range(10):
            step()
        want = max(a.samples, 201 if name == 'W5' else 7)
        ms = []
        for _ in range(want):
            t0 = time.perf_counter()
            step()
            ms.append((time.perf_counter() - t0) * 1000)
        ms.sort()
        n = len(ms)
        median = ms[(n - 1) // 2] if n % 2 else (ms[n // 2 - 1] + ms[n // 2]) / 2
        print(json.dumps({'workload': name, 'backend': 'torch', 'threads': a.threads, 'samples': n, 'median_ms': median, 'min_ms': ms[0], 'max_ms': ms[-1],
                          'layout': a.layout, 'torch_threads': torch.get_num_threads(), 'omp_wait_policy': os.environ.get('OMP_WAIT_POLICY'), 'blas': blas, 'torch': torch.__version__}), flush=True)


def export_onnx(torch, nn, folder):
    """W5 as one LSTM step with its state as inputs and outputs; W6 as the whole T=100, B=64 forward."""
    import warnings
    os.makedirs(folder, exist_ok=True)
    I, H = 32, 256

    class Sequence(nn.Module):
        """The output sequence only, so the exported graph has no unused state outputs."""
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(I, H)

        def forward(self, x):
            return self.lstm(x)[0]

    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter('ignore')  # torch 1.13's exporter warns about shape inference of constants
        step = nn.LSTM(I, H).eval()
        zeros = torch.zeros(1, 1, H)
        torch.onnx.export(step, (torch.zeros(1, 1, I), (zeros, zeros)), os.path.join(folder, 'w5.onnx'), opset_version=14,
                          input_names=['x', 'h0', 'c0'], output_names=['y', 'hn', 'cn'])
        torch.onnx.export(Sequence().eval(), (torch.zeros(100, 64, I),), os.path.join(folder, 'w6.onnx'), opset_version=14,
                          input_names=['x'], output_names=['y'])
    print(json.dumps({'exported': [os.path.join(folder, 'w5.onnx'), os.path.join(folder, 'w6.onnx')], 'torch': torch.__version__}), flush=True)


if __name__ == '__main__':
    main()
