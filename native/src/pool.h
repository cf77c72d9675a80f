// The thread pool of one handle: threads − 1 workers that run a kernel call's tids 1..nt−1 while
// the calling thread runs tid 0, and the barrier the kernels meet at (RkSync::barrier).
//
// Waiting spins (pause on x86, yield on arm) and then sleeps (futex on Linux, a condition
// variable elsewhere): about 100 µs at a barrier inside a call, where the other threads are
// computing the same step and a futex wake-up (tens of µs) would cost more than the step's share
// (spinning 1.5 µs there held two threads to 1.0–1.35× one on W3, W4 and W6; 100 µs gives
// 1.4–1.75×), about 50 µs between calls, then sleep, so an idle pool costs nothing.
#ifndef RECURRENT_NATIVE_POOL_H
#define RECURRENT_NATIVE_POOL_H

#include <stdint.h>
#include <atomic>
#include <thread>
#include <vector>
#include "kernels.h"

/** A 32-bit word threads wait on until it changes (spin, then sleep). */
class WaitWord {
 public:
  std::atomic<uint32_t> value{0};
  /** Return once value ≠ old; spin for `spins` pauses before sleeping. */
  void wait_while(uint32_t old, int spins);
  /** Wake every thread sleeping on the word (after it was changed). */
  void wake_all();

 private:
  std::atomic<int> sleepers_{0};
};

class Pool {
 public:
  /** A pool for calls of up to `threads` threads (threads − 1 workers are started). */
  explicit Pool(int threads);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  /** Threads a call can use now: 1 after stop(). */
  int threads() const { return (int)workers_.size() + 1; }
  /** Run fn(ctx, sync) for tids 0..nt−1 (nt clamped to threads()), tid 0 on this thread; returns when all are done. */
  void run(void (*fn)(void* ctx, const RkSync* sync), void* ctx, int nt);
  /** Stop and join the workers (idempotent); later calls run on the calling thread. */
  void stop();

 private:
  static void barrier_of(void* team);
  void barrier();
  void worker(int tid);

  std::vector<std::thread> workers_;
  // A call: low 8 bits nt, the rest a sequence number; workers wait on it between calls.
  WaitWord job_;
  void (*fn_)(void*, const RkSync*) = nullptr;
  void* ctx_ = nullptr;
  std::atomic<bool> stopping_{false};
  // Workers of the current call still running; the caller waits on it.
  WaitWord pending_;
  // Generation-counter barrier of the current call.
  std::atomic<int> arrived_{0};
  WaitWord bar_gen_;
  int nt_ = 1;
};

#endif
