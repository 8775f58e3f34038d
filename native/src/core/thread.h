/*
 * thread.h - running a few workers in parallel and waiting for them all
 * (the fleet reads thousands of snapshots). POSIX threads in
 * thread_posix.c, Win32 threads in src/win32/thread_win32.c; the core never
 * includes windows.h.
 */
#ifndef CR_THREAD_H
#define CR_THREAD_H

#include <stddef.h>

/* Runs fn(args[i]) for i < n, in up to n threads at once, and returns when
 * all have returned. When a thread cannot be started, its work runs on the
 * calling thread, so every fn runs exactly once. */
void cr_threads_run(void (*fn)(void *), void **args, size_t n);

/* Logical processors available, at least 1. */
unsigned cr_cpu_count(void);

#endif
