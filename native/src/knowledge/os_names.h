/*
 * os_names.h - the Windows names a user may give for a snapshot that does
 * not say which Windows it is (connreset --os / --client-os / --server-os,
 * cr_snapshot_set_os), with the version each stands for. Rows live in
 * os_names.c, each with its source; they are the OS ranges the knowledge
 * tables (tls_defaults.c, syn_defaults.c) are keyed on, and
 * tests/c/test_tls_defaults.c checks that each resolves in them.
 */
#ifndef CR_OS_NAMES_H
#define CR_OS_NAMES_H

#include <stddef.h>

typedef struct cr_os_name_row {
  const char *name;          /* "Windows Server 2016" */
  unsigned major, minor;
  unsigned build;            /* 0: the name covers every build */
  int role;                  /* 1 workstation, 2 server */
  int service_packs;         /* 1: the release had service packs (SPn) */
  const char *source;
} cr_os_name_row;

extern const cr_os_name_row cr_os_name_rows[];
extern const size_t cr_os_name_row_count;

#endif
