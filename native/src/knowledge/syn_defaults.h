/*
 * syn_defaults.h - documented defaults and ranges of the TCP SYN attack
 * protection values, per OS. Rows live in syn_defaults.c, each with its
 * source. A row that no source settles says so (has_default = false):
 * the check then reports the default as unknown instead of guessing.
 */
#ifndef CR_SYN_DEFAULTS_H
#define CR_SYN_DEFAULTS_H

#include <stdbool.h>
#include <stdint.h>

#include "os.h"

typedef enum cr_syn_effect {
  CR_SYN_USED = 0,  /* TCP/IP reads the value on this OS */
  CR_SYN_IGNORED    /* the OS ignores it (Vista / Server 2008 and later) */
} cr_syn_effect;

typedef struct cr_syn_row {
  const char *value;          /* registry value name */
  unsigned major, minor;      /* OS version the row covers (exact) ... */
  bool and_later;             /* ... or that version and every later one */
  int role;                   /* 0 any, 1 workstation, 2 server or DC */
  int sp_min, sp_max;         /* service-pack range, -1 = any */
  cr_syn_effect effect;
  bool has_default;
  uint32_t def;
  bool has_range;
  uint32_t min, max;
  const char *source;         /* where the default and range come from */
} cr_syn_row;

extern const cr_syn_row cr_syn_rows[];
extern const size_t cr_syn_row_count;

/* The four values, in display order. */
extern const char *const cr_syn_values[4];

/* The row for `value` on `os`, or NULL when no source covers that OS. */
const cr_syn_row *cr_syn_lookup(const char *value, const cr_os *os);

#endif
