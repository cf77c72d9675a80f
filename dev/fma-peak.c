/* The FMA peak of one core with nothing from memory: 12 independent AVX-512 FMA chains held in
 * registers. Run one copy, then one copy pinned on each vCPU at once; if the two vCPUs share a
 * physical core the per-copy rate halves, if they do not it stays put.
 *
 *   gcc -O3 -march=native dev/fma-peak.c -o /tmp/fma-peak && /tmp/fma-peak
 *   (taskset -c 0 /tmp/fma-peak & taskset -c 1 /tmp/fma-peak; wait)
 */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

int main(void) {
  enum { CHAINS = 12 };
  const long steps = 200000000;
  __m512 acc[CHAINS];
  for (int i = 0; i < CHAINS; i++) acc[i] = _mm512_set1_ps((float)i * 1e-3f);
  const __m512 b = _mm512_set1_ps(0.999f), c = _mm512_set1_ps(1e-4f);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long n = 0; n < steps; n++)
    for (int i = 0; i < CHAINS; i++) acc[i] = _mm512_fmadd_ps(acc[i], b, c);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  float sum = 0; /* keeps the chains live */
  for (int i = 0; i < CHAINS; i++) sum += _mm512_reduce_add_ps(acc[i]);
  const double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
  printf("%.3f s  %.1f GFLOP/s  (checksum %g)\n", s, (double)steps * CHAINS * 32 / s / 1e9, sum);
  return 0;
}
