/*
 * dsc.h - the engine behind the DSC resources (connreset.h, cr_dsc_*): it
 * reads an instance's JSON against the type's schema (schemas.h), lets
 * the type read the actual state and plan the change, and decides the
 * rest the same way for every type:
 *
 *  - in the desired state means the change Set would make is empty (so a
 *    Set is always followed by a true Test, and a Test is never false
 *    for a state Set cannot change), unless the type tests otherwise
 *    (Audit);
 *  - the diff names the asked-for properties whose actual value differs,
 *    or the type's primary property when only the plan tells them apart;
 *  - Reasons are the differing properties, then the findings of the
 *    type's families that concern the instance.
 *
 * Each type lives in its own file (dsc_<area>.c) as a dsc_ops.
 */
#ifndef CR_DSC_H
#define CR_DSC_H

#include "../report/report.h"
#include "../core/change.h"
#include "../core/json.h"
#include "../core/json_read.h"
#include "schemas.h"

typedef struct dsc_value {
  bool set;          /* given (desired) or known (actual) */
  char *s;           /* CR_DSC_STRING, CR_DSC_ENUM */
  int64_t n;         /* CR_DSC_INT */
  bool b;            /* CR_DSC_BOOL */
  char **list;       /* CR_DSC_STRINGS */
  size_t nlist;
} dsc_value;

typedef struct dsc_reason {
  char *code;        /* "ConnReset:ConnReset:SYN001" */
  char *phrase;
} dsc_reason;

typedef struct dsc_restart {
  const char *kind;  /* "system", "service" */
  char *name;
} dsc_restart;

typedef struct dsc_ops dsc_ops;

struct cr_dsc {
  const cr_dsc_schema *schema;
  const dsc_ops *ops;
  const cr_snapshot *snap;
  dsc_value *want;   /* [schema->nprops]: the input */
  dsc_value *have;   /* [schema->nprops]: the actual state */
  dsc_reason *reasons;         /* findings, in rank order */
  size_t nreasons;
  dsc_reason *mismatch;        /* the differing properties */
  size_t nmismatch;
  dsc_restart *restarts;       /* what a change of this instance needs */
  size_t nrestarts;
  char *computer;              /* the machine's name, for {"system": ...} */
  char *not_asked;             /* why there is nothing to test, or NULL */
  cr_change *plan;             /* the change Set makes (when asked) */
  char *unreachable;           /* the plan failed: why Set cannot run */
  int unreachable_rc;
  bool in_desired;
  char **diff;
  size_t ndiff;
  void *priv;                  /* the type's own data */
  void (*priv_free)(void *priv);
};

struct dsc_ops {
  const char *type;            /* "ConnReset/SynProtection" */
  bool reboot;                 /* its changes take effect after a restart */
  const char *primary;         /* named in the diff when only the plan differs */
  /* Fills d->have, the findings (dsc_add_findings) and the restarts. */
  int (*read)(cr_dsc *d);
  /* Checks the asked-for combination (CR_EINVAL); sets d->not_asked when
   * the input asks for nothing testable. */
  int (*check)(cr_dsc *d);
  /* The change that brings the instance to the asked state. CR_ENOTFOUND
   * means it cannot be reached now (the instance is then out of state). */
  int (*plan)(cr_dsc *d, cr_change **out);
  /* Optional: in the desired state other than "the plan is empty". */
  int (*test)(cr_dsc *d, bool *in_desired);
  /* Every instance on the machine: one input object (the keys) per line. */
  int (*export_keys)(const cr_snapshot *snap, cr_buf *lines);
};

extern const dsc_ops cr_dsc_syn_ops, cr_dsc_protocol_ops, cr_dsc_suites_ops,
  cr_dsc_netfx_ops, cr_dsc_cert_purpose_ops, cr_dsc_sql_cert_ops,
  cr_dsc_audit_ops;

/* Property access by name (the names are the schema's). */
dsc_value *dsc_have(cr_dsc *d, const char *name);
const dsc_value *dsc_want(const cr_dsc *d, const char *name);
int dsc_set_str(dsc_value *v, const char *s);
int dsc_set_int(dsc_value *v, int64_t n);
int dsc_set_bool(dsc_value *v, bool b);
int dsc_list_add(dsc_value *v, const char *s);

/* Adds the findings of `report` whose family is one of `families` (NULL-
 * terminated) and, when `keys` is given, that name one of those registry
 * keys (NULL-terminated) in their evidence, as Reasons. */
int dsc_add_findings(cr_dsc *d, const cr_report *report,
                     const char *const *families, const char *const *keys);
/* Adds one Reason ("ConnReset:ConnReset:" + code). */
int dsc_add_reason(cr_dsc *d, const char *code, const char *phrase);
int dsc_add_restart(cr_dsc *d, const char *kind, const char *name);
int dsc_not_asked(cr_dsc *d, const char *fmt, ...) CR_PRINTF(2, 3);

/* For export (dsc_export.c): the type's schema and ops by name (the
 * owner may be left out), NULL when none; the error for an unknown type;
 * the input's properties into d->want (`filter`: export's rule for which
 * properties count, no key required); whether two values of `p` are the
 * same (strings ignoring case). */
const cr_dsc_schema *dsc_find_schema(const char *type, const dsc_ops **ops);
int dsc_unknown_type(const char *type);
int dsc_read_props(cr_dsc *d, const char *input, size_t len, bool filter);
bool dsc_same(const cr_dsc_prop *p, const dsc_value *a, const dsc_value *b);

/* A name list as a cr_change-free convenience for the types. */
void dsc_free_list(char **list, size_t n);
/* Splits UTF-16LE comma text (the policy Functions value) into names. */
int dsc_split_commas(char ***out, size_t *n, const char *text);

#endif
