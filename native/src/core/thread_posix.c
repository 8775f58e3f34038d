/*
 * thread_posix.c - thread.h with POSIX threads (every platform but
 * Windows; src/win32/thread_win32.c there).
 */
#include "thread.h"

#ifndef _WIN32

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct job {
  void (*fn)(void *);
  void *arg;
} job;

static void *trampoline(void *p)
{
  job *j = p;
  j->fn(j->arg);
  return NULL;
}

void cr_threads_run(void (*fn)(void *), void **args, size_t n)
{
  pthread_t *t = n > 1 ? calloc(n, sizeof *t) : NULL;
  job *jobs = n > 1 ? calloc(n, sizeof *jobs) : NULL;
  unsigned char *started = n > 1 ? calloc(n, 1) : NULL;
  size_t i;
  if (!t || !jobs || !started) { /* one worker, or no memory: in line */
    for (i = 0; i < n; i++)
      fn(args[i]);
    free(t);
    free(jobs);
    free(started);
    return;
  }
  for (i = 1; i < n; i++) {
    jobs[i].fn = fn;
    jobs[i].arg = args[i];
    started[i] = pthread_create(&t[i], NULL, trampoline, &jobs[i]) == 0;
  }
  fn(args[0]);
  for (i = 1; i < n; i++) {
    if (started[i])
      pthread_join(t[i], NULL);
    else
      fn(args[i]);
  }
  free(t);
  free(jobs);
  free(started);
}

unsigned cr_cpu_count(void)
{
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (unsigned)n : 1u;
}

#else /* _WIN32 */

/* ISO C forbids an empty translation unit. */
typedef int cr_thread_posix_unused;

#endif
