/*
 * model.h - what one machine will actually negotiate: each protocol per
 * role with its state and the reason, and the ordered cipher suites it
 * offers (client) and accepts (server) per protocol version, after the
 * policy list, the algorithm switches and version applicability.
 */
#ifndef CR_TLS_MODEL_H
#define CR_TLS_MODEL_H

#include "../knowledge/os.h"
#include "../certs/server_cert.h"
#include "../knowledge/tls_defaults.h"
#include "suites.h"

typedef enum cr_proto_state {
  CR_PSTATE_UNKNOWN = 0,          /* OS default unknown and not configured */
  CR_PSTATE_ENABLED,
  CR_PSTATE_DISABLED_BY_DEFAULT,  /* only if an application asks for it */
  CR_PSTATE_DISABLED,
  CR_PSTATE_NOT_SUPPORTED         /* the OS cannot speak it */
} cr_proto_state;

typedef struct cr_proto_setting {
  cr_proto_state state;
  cr_proto_default os_default;
  bool has_enabled, has_dbd;      /* values present in the registry */
  uint32_t enabled, dbd;
  bool key_present;               /* Protocols\<P>\<Role> exists */
  char reason[200];
} cr_proto_setting;

/* Where the suite list came from. */
typedef enum cr_suite_source {
  CR_SRC_UNKNOWN = 0,   /* nothing configured and no default for this OS */
  CR_SRC_OS_DEFAULT,    /* Microsoft's default list for this OS */
  CR_SRC_LOCAL,         /* Local\SSL\00010002 Functions (REG_MULTI_SZ) */
  CR_SRC_POLICY         /* Policies\...\SSL\00010002 Functions (REG_SZ) */
} cr_suite_source;

/* One entry of the configured list, after normalisation. */
typedef struct cr_list_entry {
  char *written;          /* as in the registry */
  const cr_suite *suite;  /* NULL when the name is unknown */
  unsigned curve;         /* 256/384/521 when a curve suffix was stripped */
  bool os_knows;          /* the OS supports it (enabled or not), when known */
  bool beyond_limit;      /* past the 1,023-character policy limit */
  const char *blocked_by; /* "Ciphers\\Triple DES 168" etc., or NULL */
  const char *fips_why;   /* why the FIPS policy rules it out, or NULL */
  bool usable;            /* in the effective list */
} cr_list_entry;

/* An algorithm switch under SCHANNEL\Ciphers|Hashes|KeyExchangeAlgorithms. */
typedef struct cr_switch {
  const char *group;      /* "Ciphers" */
  char *name;             /* "Triple DES 168" */
  uint32_t enabled;       /* the Enabled value */
  bool disables;          /* Enabled == 0 */
} cr_switch;

typedef struct cr_netfx {
  const char *key;        /* registry key */
  const char *label;      /* "v4.0.30319 (64-bit)" */
  bool present;           /* the key exists: that Framework is installed */
  bool has_strong, has_system_default;
  uint32_t strong, system_default;
} cr_netfx;

typedef struct cr_tls_machine {
  int refs;                            /* cr_machine handles and matches */
  cr_os os;
  char *name;                          /* hostname or snapshot file */
  cr_proto_setting proto[2][CR_PROTO_COUNT]; /* [client/server][proto] */
  cr_suite_source suite_source;
  cr_list_entry *list;                 /* the configured list, in order */
  size_t nlist;
  size_t policy_chars;                 /* length of the policy value */
  bool has_policy, has_local;
  const cr_default_suites_row *defaults; /* for this OS, or NULL */
  /* The OS's suites resolved once: default-enabled, then the rest it
   * supports (NULL entries for names outside the IANA registry). */
  const cr_suite **os_suites;
  size_t nos_enabled, nos_suites;
  /* The effective list: usable suites in priority order. */
  const cr_suite **effective;
  size_t neffective;
  cr_name_list curves;                 /* EccCurves, in order */
  const char *curves_source;           /* "policy", "local" or NULL */
  cr_switch *switches;
  size_t nswitches;
  cr_netfx netfx[4];
  bool has_winhttp, has_winhttp_wow;
  uint32_t winhttp, winhttp_wow;
  /* The FIPS algorithm policy (knowledge/fips.c): on, and the value that
   * says so (NULL when absent: off, the documented default). */
  bool fips;
  uint32_t fips_value;
  const char *fips_key, *fips_name;
  cr_server_cert cert;                 /* the certificate it serves with */
  cr_dhe_fix_state dhe_fix;
  const cr_dhe_fix_row *dhe_fix_row;
} cr_tls_machine;

int cr_tls_machine_read(cr_tls_machine **out, const cr_snapshot *snap,
                        const cr_os *os);
/* Drops one reference; the last one frees. */
void cr_tls_machine_free(cr_tls_machine *m);

/* Can this machine use `proto` in `role` (state enabled)? */
bool cr_tls_proto_usable(const cr_tls_machine *m, int role, cr_tls_proto p);
/* Is suite `s` in the effective list and usable with `p`? */
bool cr_tls_suite_usable(const cr_tls_machine *m, const cr_suite *s,
                         cr_tls_proto p);
/* Does the OS support suite `s` at all (default-enabled or not)? 0 no,
 * 1 yes, -1 unknown. */
int cr_tls_os_supports(const cr_tls_machine *m, const cr_suite *s);

const char *cr_proto_state_name(cr_proto_state s);
const char *cr_suite_source_name(cr_suite_source s);

/* The SCHANNEL switch that governs a suite's cipher, hash or key exchange
 * (names as SChannelDsc and IIS Crypto write them). */
void cr_tls_suite_switches(const cr_suite *s, const char **cipher,
                           const char **hash, const char **kea);

/* Is suite `s` turned off by one of the machine's SCHANNEL switches? When
 * so and `buf` is given, names it there ("Ciphers\\Triple DES 168"). */
bool cr_tls_blocking_switch(char *buf, size_t size, const cr_tls_machine *m,
                            const cr_suite *s);

/* Renders the machine as JSON members / text (for reports). */
struct cr_json;
void cr_tls_machine_json(const cr_tls_machine *m, struct cr_json *j);
void cr_tls_machine_text(const cr_tls_machine *m, cr_buf *out);

/* plans.c: the .NET Framework SchUseStrongCrypto and SystemDefaultTlsVersions
 * values under all four keys (v4.0.30319 and v2.0.50727, both registry
 * views): each "enabled" (1), "disabled" (0), "default" (deleted) or NULL
 * (left alone). Values already so are left out. */
int cr_tls_netfx_plan(cr_change **out, const cr_snapshot *snap,
                      const char *strong_crypto, const char *system_default);

#endif
