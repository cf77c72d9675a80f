// Two cores multiplying their own 32 rows of h by one shared packed W_hhᵀ, against each core
// multiplying by a copy of its own: the recurrent step GEMM of W6 (LSTM-256, B = 64 split by
// rows over two threads: [32, 256] · [256, 1024]), the AVX-512 build's gemm_packed, 3000 times
// on each thread at once. Modes: bit 0 gives thread 1 its own packed copy of W, bit 1 its own
// A and C arrays. This is why forward_rows and backward_steps_rows pack the weights per thread.
//
//   g++ -O3 -ffp-contract=off -mavx512f -mavx512vl -mavx512dq -mavx512bw -mfma -mavx2 -std=c++17 \
//     -pthread dev/native-shared-pack.cc -o /tmp/shared-pack && /tmp/shared-pack
#include "../native/src/gemm.cc"

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

int main() {
  const int M = 64, N = 1024, K = 256, reps = 3000;
  std::vector<float> w((size_t)N * K), a((size_t)M * K), c((size_t)M * N), c2((size_t)M * N);
  for (auto& x : w) x = (float)(rand() % 100) / 100.0f - 0.5f;
  for (auto& x : a) x = (float)(rand() % 100) / 100.0f - 0.5f;
  std::vector<float> a2 = a;
  std::vector<float> packed(packed_b_floats(K, N));
  pack_b(true, K, N, w.data(), K, packed.data(), 0, N / NR);
  std::vector<float> packed2 = packed;
  std::vector<float> ap0(a_pack_floats()), ap1(a_pack_floats());
  for (int round = 0; round < 2; round++) {
    for (int mode = 0; mode < 4; mode++) {
      std::atomic<int> go{0};
      double us[2];
      auto thread = [&](int id) {
        const float* pb = (mode & 1) && id ? packed2.data() : packed.data();
        const float* pa = (mode & 2) && id ? a2.data() : a.data();
        float* pc = (mode & 2) && id ? c2.data() : c.data();
        while (!go.load()) {
        }
        const double t0 = now_us();
        for (int i = 0; i < reps; i++) {
          gemm_packed(false, 32, N, K, 1.0f, pa + (size_t)id * 32 * K, K, pb, 1.0f, pc + (size_t)id * 32 * N, N,
            id ? ap1.data() : ap0.data(), 0, N / NR);
        }
        us[id] = (now_us() - t0) / reps;
      };
      std::thread t0(thread, 0), t1(thread, 1);
      go = 1;
      t0.join();
      t1.join();
      printf("own packed W %d, own A and C %d: %.1f / %.1f us a product\n", mode & 1, (mode >> 1) & 1, us[0], us[1]);
    }
  }
  return 0;
}
