/*
 * tls_defaults.h - what Schannel does when nothing is configured, per
 * Windows version: protocol defaults per role, the cipher suites enabled by
 * default (in priority order) and those supported but not enabled, and the
 * builds that carry the DHE leading-zero fix (KB4557473). Rows live in
 * tls_defaults.c, each with its source. Where no source covers an OS the
 * lookups return NULL or CR_PDEF_UNKNOWN: callers report "unknown".
 */
#ifndef CR_TLS_DEFAULTS_H
#define CR_TLS_DEFAULTS_H

#include <stdbool.h>
#include <stddef.h>

#include "os.h"

/* Protocols in Schannel's registry order (the key names are in
 * cr_tls_proto_key). */
typedef enum cr_tls_proto {
  CR_PROTO_SSL2 = 0,
  CR_PROTO_SSL3,
  CR_PROTO_TLS10,
  CR_PROTO_TLS11,
  CR_PROTO_TLS12,
  CR_PROTO_TLS13,
  CR_PROTO_DTLS10,
  CR_PROTO_DTLS12,
  CR_PROTO_COUNT
} cr_tls_proto;

extern const char *const cr_tls_proto_key[CR_PROTO_COUNT];  /* "TLS 1.2" */
extern const char *const cr_tls_proto_id[CR_PROTO_COUNT];   /* "tls1.2" */

typedef enum cr_proto_default {
  CR_PDEF_UNKNOWN = 0,   /* no source covers this OS */
  CR_PDEF_ENABLED,       /* used unless configured otherwise */
  CR_PDEF_DISABLED,      /* supported, off unless enabled: the state
                            "disabled by default" (tls/model.c) */
  CR_PDEF_NOT_SUPPORTED  /* this OS cannot speak it at all */
} cr_proto_default;

enum { CR_TLS_CLIENT = 0, CR_TLS_SERVER = 1 }; /* Schannel roles */

/* An OS range a row applies to. major.minor must match; builds are
 * inclusive (0 = no bound); role 0 any, 1 workstation, 2 server/DC. */
typedef struct cr_os_match {
  unsigned major, minor;
  unsigned build_min, build_max;
  int role;
} cr_os_match;

typedef struct cr_proto_defaults_row {
  const char *label;                    /* "Windows Server 2012 R2" */
  cr_os_match os;
  cr_proto_default def[2][CR_PROTO_COUNT]; /* [client/server][proto] */
  const char *source;
} cr_proto_defaults_row;

typedef struct cr_default_suites_row {
  const char *label;
  cr_os_match os;
  const char *const *enabled;  /* Schannel names, priority order */
  size_t nenabled;
  const char *const *supported_not_enabled; /* supported, off by default */
  size_t nsupported;
  const char *source;
} cr_default_suites_row;

/* The DHE leading-zero fix (KB4557473): builds >= fixed_ubr of `build`
 * carry it; `fixed_in_release` means every UBR of that build has it. */
typedef struct cr_dhe_fix_row {
  const char *label;
  unsigned major, minor, build;
  bool fixed_in_release;
  unsigned fixed_ubr;
  const char *source;
} cr_dhe_fix_row;

const cr_proto_defaults_row *cr_tls_proto_defaults(const cr_os *os);
const cr_default_suites_row *cr_tls_default_suites(const cr_os *os);

typedef enum cr_dhe_fix_state {
  CR_DHE_FIX_UNKNOWN = 0,
  CR_DHE_FIX_PRESENT,
  CR_DHE_FIX_MISSING
} cr_dhe_fix_state;
/* Whether `os` carries the fix, with the row that decided (may be NULL). */
cr_dhe_fix_state cr_tls_dhe_fix(const cr_os *os, const cr_dhe_fix_row **row);

extern const cr_proto_defaults_row cr_proto_defaults_rows[];
extern const size_t cr_proto_defaults_row_count;
extern const cr_default_suites_row cr_default_suites_rows[];
extern const size_t cr_default_suites_row_count;
extern const cr_dhe_fix_row cr_dhe_fix_rows[];
extern const size_t cr_dhe_fix_row_count;

#endif
