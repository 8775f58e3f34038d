/*
 * store.h - the one function table behind which a registry lives: the live
 * Win32 registry (src/win32/registry.c) or a snapshot in memory
 * (src/core/store_snapshot.c). Snapshots are filled through `read_key` and
 * changes are applied through the write operations, so checks and the
 * change engine never know which one they talk to (as curl's TLS backends).
 */
#ifndef CR_STORE_H
#define CR_STORE_H

#include "snapshot.h"

typedef struct cr_store cr_store;

typedef struct cr_store_ops {
  const char *name;
  /* Does key_exists see every key (the live registry), or only what was
   * collected (a snapshot)? A partial store cannot say that a parent key is
   * absent, so undo never deletes above the key a change creates. */
  bool sees_all_keys;
  /* Copies `key` (values, and subkeys when recursive) into `into`. A
   * missing key is not an error: nothing is added and 0 is returned. */
  int (*read_key)(cr_store *st, const char *key, bool recursive,
                  cr_snapshot *into);
  /* 1 if the key exists, 0 if not, negative on failure. */
  int (*key_exists)(cr_store *st, const char *key);
  /* Creates the key (and its parents) when missing, then sets the value. */
  int (*set_value)(cr_store *st, const char *key, const char *name,
                   uint32_t type, const void *data, size_t len);
  /* Absent values are fine. */
  int (*delete_value)(cr_store *st, const char *key, const char *name);
  /* Creates the key when missing. */
  int (*create_key)(cr_store *st, const char *key);
  /* Deletes the key with its subtree; absent is fine. */
  int (*delete_key)(cr_store *st, const char *key);
  void (*close)(cr_store *st);
} cr_store_ops;

struct cr_store {
  const cr_store_ops *ops;
};

/* The in-memory store over a snapshot the caller keeps owning. */
int cr_store_snapshot_open(cr_store **out, cr_snapshot *snap);
/* The live registry; CR_ENOTSUP where there is none (src/win32/ or
 * src/core/live_none.c provides it). */
int cr_store_live_open(cr_store **out);
void cr_store_close(cr_store *st);

/* Syscall tables, one per backend, searched by cr_syscall_*(). */
typedef struct cr_syscall {
  const char *name;
  cr_syscall_ptr current;
  cr_syscall_ptr def;
} cr_syscall;

extern cr_syscall cr_snapshot_syscalls[];
extern const size_t cr_snapshot_syscall_count;
extern cr_syscall cr_live_syscalls[];
extern const size_t cr_live_syscall_count;
/* The live certificate store's crypt32 calls (src/win32/certstore_crypt32.c,
 * src/certs/certstore_none.c). */
extern cr_syscall cr_certstore_syscalls[];
extern const size_t cr_certstore_syscall_count;

#endif
