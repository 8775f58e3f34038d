/*
 * bench.h - what the benchmarks share: a seeded xorshift64 (the same fleet
 * every run) and the wall clock.
 */
#ifndef CR_BENCH_H
#define CR_BENCH_H

#include <time.h>

static unsigned long long bench_rng = 88172645463325252ULL;

static unsigned next_rand(void)
{
  bench_rng ^= bench_rng << 13;
  bench_rng ^= bench_rng >> 7;
  bench_rng ^= bench_rng << 17;
  return (unsigned)(bench_rng >> 11);
}

static double now(void)
{
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

#endif
