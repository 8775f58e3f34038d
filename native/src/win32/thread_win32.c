/*
 * thread_win32.c - thread.h with Win32 threads.
 */
#include "../core/thread.h"

#include <process.h>
#include <stdlib.h>
#include <windows.h>

typedef struct job {
  void (*fn)(void *);
  void *arg;
} job;

static unsigned __stdcall trampoline(void *p)
{
  job *j = p;
  j->fn(j->arg);
  return 0;
}

void cr_threads_run(void (*fn)(void *), void **args, size_t n)
{
  HANDLE *t = n > 1 ? calloc(n, sizeof *t) : NULL;
  job *jobs = n > 1 ? calloc(n, sizeof *jobs) : NULL;
  size_t i;
  if (!t || !jobs) { /* one worker, or no memory: in line */
    for (i = 0; i < n; i++)
      fn(args[i]);
    free(t);
    free(jobs);
    return;
  }
  for (i = 1; i < n; i++) {
    jobs[i].fn = fn;
    jobs[i].arg = args[i];
    t[i] = (HANDLE)_beginthreadex(NULL, 0, trampoline, &jobs[i], 0, NULL);
  }
  fn(args[0]);
  for (i = 1; i < n; i++) {
    if (t[i]) {
      WaitForSingleObject(t[i], INFINITE);
      CloseHandle(t[i]);
    } else {
      fn(args[i]);
    }
  }
  free(t);
  free(jobs);
}

unsigned cr_cpu_count(void)
{
  SYSTEM_INFO si;
  GetSystemInfo(&si);
  return si.dwNumberOfProcessors ? (unsigned)si.dwNumberOfProcessors : 1u;
}
