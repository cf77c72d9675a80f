// The recurrent step GEMM [M, K] · [K, N] (h · W_hhᵀ, W packed once) of the AVX-512 build on one
// thread, and on two threads at once split three ways: by rows, each thread M/2 rows against all
// of W from a packed copy of its own (as forward_rows does), or from one packed copy both read;
// and by column panels (each thread all M rows against its half of W, as the split by hidden
// units does). Also M/2 rows on one thread alone, which shows what halving the rows costs a core
// without a second one running.
//
//   g++ -O3 -ffp-contract=off -mavx512f -mavx512vl -mavx512dq -mavx512bw -mfma -mavx2 -std=c++17 \
//     -pthread dev/native-gemm-split.cc -o /tmp/gemm-split
//   /tmp/gemm-split 32 2048 512 400    # W2b / LM512's LSTM-512 step, B = 32 (W packed: 4 MiB)
//   /tmp/gemm-split 64 1024 256 2000   # W6's LSTM-256 step, B = 64 (1 MiB)
#include "../native/src/gemm.cc"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

using namespace RK_NS;

static double now_us() {
  return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

int main(int argc, char** argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: gemm-split M N K reps\n");
    return 2;
  }
  const int M = atoi(argv[1]), N = atoi(argv[2]), K = atoi(argv[3]), reps = atoi(argv[4]);
  const int np = (N + NR - 1) / NR;
  std::vector<float> w((size_t)N * K), a((size_t)M * K), c((size_t)M * N);
  for (auto& x : w) x = (float)(rand() % 100) / 100.0f - 0.5f;
  for (auto& x : a) x = (float)(rand() % 100) / 100.0f - 0.5f;
  std::vector<float> packed(packed_b_floats(K, N));
  pack_b(true, K, N, w.data(), K, packed.data(), 0, np);
  std::vector<float> packed2 = packed;
  std::vector<float> ap0(a_pack_floats()), ap1(a_pack_floats());
  auto product = [&](const float* pb, int r0, int r1, int j0, int j1, float* ap) {
    gemm_packed(false, r1 - r0, N, K, 1.0f, a.data() + (size_t)r0 * K, K, pb, 1.0f, c.data() + (size_t)r0 * N, N, ap, j0, j1);
  };
  auto one = [&](int rows) {
    const double t0 = now_us();
    for (int i = 0; i < reps; i++) product(packed.data(), 0, rows, 0, np, ap0.data());
    return (now_us() - t0) / reps;
  };
  // how: 0 rows with a packed copy each, 1 rows sharing one packed copy, 2 columns.
  auto two = [&](int how) {
    std::atomic<int> go{0};
    double us[2];
    auto body = [&](int id) {
      while (!go.load()) {
      }
      const double t0 = now_us();
      for (int i = 0; i < reps; i++) {
        if (how < 2) product(id && how == 0 ? packed2.data() : packed.data(), id * M / 2, (id + 1) * M / 2, 0, np, id ? ap1.data() : ap0.data());
        else product(packed.data(), 0, M, id * np / 2, (id + 1) * np / 2, id ? ap1.data() : ap0.data());
      }
      us[id] = (now_us() - t0) / reps;
    };
    std::thread t0(body, 0), t1(body, 1);
    go = 1;
    t0.join();
    t1.join();
    return std::max(us[0], us[1]);
  };
  for (int round = 0; round < 3; round++) {
    const double full = one(M), half = one(M / 2), rows = two(0), shared = two(1), cols = two(2);
    printf("M %d N %d K %d: one thread %.1f us (%.0f GFLOP/s), M/2 rows alone %.1f; two threads by rows %.1f (x%.2f), "
      "by rows sharing one packed W %.1f (x%.2f), by columns %.1f (x%.2f)\n",
      M, N, K, full, 2.0 * M * N * K / full / 1e3, half, rows, full / rows, shared, full / shared, cols, full / cols);
  }
  return 0;
}
