// See pool.h.

#include "pool.h"

#include <chrono>
#include <climits>
#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#else
#include <condition_variable>
#include <mutex>
#endif
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace {

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#elif defined(__aarch64__) || defined(__arm__)
  asm volatile("yield");
#endif
}

/** Pauses in about 1.5 µs on this processor (a pause is 10 to 140 cycles depending on the core). */
int spin_budget() {
  static const int budget = [] {
    const int probe = 2000;
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < probe; i++) cpu_relax();
    const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
    const double per = ns / probe > 0.1 ? ns / probe : 0.1;
    const double n = 1500.0 / per;
    return n < 16 ? 16 : n > 20000 ? 20000 : (int)n;
  }();
  return budget;
}

#if !defined(__linux__)
std::mutex& sleep_mutex() {
  static std::mutex m;
  return m;
}
std::condition_variable& sleep_cv() {
  static std::condition_variable cv;
  return cv;
}
#endif

}  // namespace

void WaitWord::wait_while(uint32_t old, int spins) {
  for (int i = 0; i < spins; i++) {
    if (value.load(std::memory_order_acquire) != old) return;
    cpu_relax();
  }
  // seq_cst on sleepers_ and value pairs with wake_all: either the waker sees a sleeper, or the
  // sleeper sees the new value before it sleeps.
  sleepers_.fetch_add(1, std::memory_order_seq_cst);
  while (value.load(std::memory_order_seq_cst) == old) {
#if defined(__linux__)
    syscall(SYS_futex, reinterpret_cast<uint32_t*>(&value), FUTEX_WAIT_PRIVATE, old, nullptr, nullptr, 0);
#else
    std::unique_lock<std::mutex> lock(sleep_mutex());
    if (value.load(std::memory_order_seq_cst) != old) break;
    sleep_cv().wait(lock);
#endif
  }
  sleepers_.fetch_sub(1, std::memory_order_seq_cst);
}

void WaitWord::wake_all() {
  if (sleepers_.load(std::memory_order_seq_cst) == 0) return;
#if defined(__linux__)
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(&value), FUTEX_WAKE_PRIVATE, INT_MAX, nullptr, nullptr, 0);
#else
  std::lock_guard<std::mutex> lock(sleep_mutex());
  sleep_cv().notify_all();
#endif
}

Pool::Pool(int threads) {
  spin_budget();
  const int n = threads < 1 ? 0 : threads > 255 ? 254 : threads - 1;
  workers_.reserve(n);
  for (int t = 1; t <= n; t++) workers_.emplace_back(&Pool::worker, this, t);
}

Pool::~Pool() { stop(); }

void Pool::stop() {
  if (workers_.empty()) return;
  stopping_.store(true, std::memory_order_seq_cst);
  job_.value.fetch_add(256, std::memory_order_seq_cst);
  job_.wake_all();
  for (auto& w : workers_) w.join();
  workers_.clear();
}

void Pool::barrier_of(void* team) { static_cast<Pool*>(team)->barrier(); }

void Pool::barrier() {
  const uint32_t gen = bar_gen_.value.load(std::memory_order_acquire);
  if (arrived_.fetch_add(1, std::memory_order_acq_rel) + 1 == nt_) {
    arrived_.store(0, std::memory_order_relaxed);
    bar_gen_.value.store(gen + 1, std::memory_order_seq_cst);
    bar_gen_.wake_all();
  } else {
    // Inside a call the others are computing the same step: spin ~100 µs before sleeping, since
    // a futex wake-up costs tens of microseconds, more than a whole recurrent step's share.
    bar_gen_.wait_while(gen, 64 * spin_budget());
  }
}

void Pool::run(void (*fn)(void*, const RkSync*), void* ctx, int nt) {
  if (nt > threads()) nt = threads();
  if (nt <= 1) {
    const RkSync sync = {0, 1, barrier_of, this};
    fn(ctx, &sync);
    return;
  }
  fn_ = fn;
  ctx_ = ctx;
  nt_ = nt;
  arrived_.store(0, std::memory_order_relaxed);
  pending_.value.store((uint32_t)(nt - 1), std::memory_order_relaxed);
  const uint32_t word = job_.value.load(std::memory_order_relaxed);
  job_.value.store(((word >> 8) + 1) << 8 | (uint32_t)nt, std::memory_order_seq_cst);
  job_.wake_all();
  const RkSync sync = {0, nt, barrier_of, this};
  fn(ctx, &sync);
  for (;;) {
    const uint32_t left = pending_.value.load(std::memory_order_acquire);
    if (left == 0) break;
    pending_.wait_while(left, 64 * spin_budget());
  }
}

void Pool::worker(int tid) {
  // The word as it was before any call (a worker may start after the first call was posted).
  uint32_t seen = 0;
  for (;;) {
    job_.wait_while(seen, 32 * spin_budget());  // ~50 µs: the JavaScript between two kernels
    seen = job_.value.load(std::memory_order_acquire);
    if (stopping_.load(std::memory_order_acquire)) return;
    if (tid >= (int)(seen & 255)) continue;
    const RkSync sync = {tid, (int)(seen & 255), barrier_of, this};
    fn_(ctx_, &sync);
    if (pending_.value.fetch_sub(1, std::memory_order_acq_rel) == 1) pending_.wake_all();
  }
}
