/*
 * match_internal.h - the match's result, shared by the two files that make
 * it: match.c decides it (negotiation, fixes, pair findings) and
 * match_result.c reports it (accessors, JSON, text, the canonical decision
 * the fleet compares). Private to native/src/tls.
 */
#ifndef CR_TLS_MATCH_INTERNAL_H
#define CR_TLS_MATCH_INTERNAL_H

#include "match.h"

typedef struct cr_fix {
  char side[8];        /* "server" or "client" */
  char summary[300];
  char cmdlet[300];
  char cli[300];
  cr_setting setting;  /* what it changes (kind NONE: no registry setting) */
  char gpo[120];       /* the policy that pushes it, named by the Group
                        * Policy layer (cr_match_set_fix_gpo), or "" */
} cr_fix;

/* Something the snapshots do not say that the outcome depends on. */
typedef struct cr_missing {
  char side[8];        /* "client" or "server" */
  const char *what;    /* "os", "protocol-defaults", "suite-defaults",
                        * "dhe-fix" */
  char detail[400];
  char supply[400];
} cr_missing;

/* Whether a version is common to both (cr_match.common). */
enum { T_NO = 0, T_YES = 1, T_UNKNOWN = 2 };

/* Why a combination's outcome is unknown (bits). */
enum {
  UNK_CLIENT_SUITES = 1, UNK_SERVER_SUITES = 2,
  UNK_CLIENT_DHE = 4, UNK_SERVER_DHE = 8
};

struct cr_match {
  cr_tls_machine *client, *server;
  cr_server_key key;
  const char *key_source;        /* "certificate", "parameter" or "assumed" */
  char key_why[420];
  const cr_suite *choice[CR_PROTO_COUNT]; /* per possibly common version */
  unsigned char choice_unknown[CR_PROTO_COUNT]; /* UNK_*_SUITES bits */
  signed char common[CR_PROTO_COUNT]; /* T_NO, T_YES or T_UNKNOWN */
  int negotiated;                /* a cr_tls_proto, or -1 */
  const cr_suite *suite;
  cr_outcome outcome;
  const char *family;            /* "PROTO", "SUITE", "DHEZERO" or NULL */
  char verdict[1400];
  cr_fix fixes[4];
  size_t nfixes;
  cr_missing missing[6];         /* when undetermined */
  size_t nmissing;
  cr_report *findings;           /* pair findings */
};

#endif
