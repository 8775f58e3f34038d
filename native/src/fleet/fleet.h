/*
 * fleet.h - a fleet inside the library. Machines are read once (load.c):
 * their findings are counted per kind and they go into the configuration
 * class of what the match reads from them (cr_tls_class_key), with a
 * second class when a Group Policy is being tried on them. The pairs to
 * judge come from a CSV (names.c) or are every client with every server.
 * judge.c runs the match once per class pair and gives every machine pair
 * its class pair's match; fleet_report.c and fleet_html.c render the
 * result, whatif/whatif.c is the Group Policy what-if on top of it.
 */
#ifndef CR_FLEET_H
#define CR_FLEET_H

#include "../report/report.h"
#include "../tls/match.h"

/* ---------------------------------------------------------------- */
/* An open-addressing index of item numbers by 64-bit hash (index.c). */
/* ---------------------------------------------------------------- */

typedef struct fl_index {
  uint64_t *hash;
  uint32_t *item;           /* item + 1; 0 is empty */
  size_t cap, n;
} fl_index;

uint64_t fl_hash(const void *p, size_t n, bool fold_case);
uint64_t fl_mix64(uint64_t x);
void fl_index_dispose(fl_index *ix);
int fl_index_add(fl_index *ix, uint64_t h, uint32_t item);
/* The first item with hash h for which eq() holds, or -1. */
long fl_index_find(const fl_index *ix, uint64_t h,
                   bool (*eq)(const void *ctx, uint32_t item), const void *ctx);
/* Room for `want` items without rehashing. */
int fl_index_reserve(fl_index *ix, size_t want);

/* ---------------------------------------------------------------- */
/* The fleet.                                                       */
/* ---------------------------------------------------------------- */

/* A finding as the fleet counts it: an id and title, with its fix. */
typedef struct fl_kind {
  char *id, *family, *title;
  cr_severity severity;
  char *fix_cmdlet, *fix_cli, *fix_gpo;
  cr_setting *settings;
  size_t nsettings;
} fl_kind;

typedef struct fl_class {
  cr_buf key;               /* cr_tls_class_key */
  uint64_t hash;
  cr_tls_machine *rep;      /* the first machine read with this key */
  size_t first;             /* its index (policy copies: after the rest) */
  size_t members;           /* machines in it as they are */
  size_t clients, servers;  /* of those, acting as clients / servers */
  unsigned label;           /* C<label>: 1 is the largest class */
} fl_class;

enum { FL_CLIENT = 1, FL_SERVER = 2 }; /* = CR_GPO_APPLY_CLIENTS/SERVERS */

typedef struct fl_machine {
  char *name;               /* host name, else the file name without .reg */
  char *fqdn;               /* host.domain, or NULL */
  size_t name_len, fqdn_len; /* their lengths, for the --pairs lookup */
  char *source;             /* the snapshot file */
  char *os;                 /* the OS, as the snapshot says */
  uint32_t cls;             /* its class */
  uint32_t acls;            /* its class with the policy (cls without one) */
  uint8_t role;             /* FL_CLIENT | FL_SERVER */
  uint32_t *kinds, nkinds;  /* finding kinds, each once */
  uint32_t *akinds, nakinds; /* with the policy */
} fl_machine;

/* A class pair and its match. */
typedef struct fl_cell {
  uint32_t client_cls, server_cls;
  uint64_t pairs;           /* machine pairs in it (as they are) */
  cr_match *match;
} fl_cell;

/* Machine pairs going from one class pair to another under the policy
 * (without one, every move stays in its cell). */
typedef struct fl_move {
  uint32_t before, after;   /* cells */
  uint64_t pairs;
} fl_move;

struct cr_fleet {
  cr_fleet_options opts;
  fl_machine *machines;
  size_t nmachines;
  uint32_t *machine_class;  /* machines[i].cls, packed for the pair loop */
  fl_class *classes;
  size_t nclasses;
  fl_index class_index;
  fl_kind *kinds;
  size_t nkinds;
  fl_index kind_index;
  /* The Group Policy being tried (cr_fleet_set_policy). */
  cr_regpol *policy;
  int apply_to;             /* FL_CLIENT | FL_SERVER */
  /* Reading the files (cr_fleet_set_strict) and what it warned of. */
  bool strict;
  char **warnings;
  size_t nwarnings;
  /* Names and --pairs (names.c). */
  fl_index name_index;      /* host names and host.domain -> machine */
  size_t names_indexed;
  char **ambiguous;         /* names two snapshots claim */
  size_t nambiguous;
  bool have_pairs;
  uint64_t *pairs;          /* client << 32 | server; sorted, unique after run */
  size_t npairs, pairs_cap;
  char **pair_files;
  size_t npair_files;
  size_t pair_rows, pair_skipped, pair_no_name, pair_unknown_rows;
  char **unknown;           /* names without a snapshot, the first 20 */
  size_t nunknown, unknown_total;
  /* After cr_fleet_run (judge.c). */
  bool ran;
  uint64_t judged;          /* machine pairs */
  fl_cell *cells;
  size_t ncells;
  fl_index cell_index;
  fl_move *moves;
  size_t nmoves;
  fl_index move_index;
  uint32_t *order;          /* classes by label */
  size_t *kind_machines;    /* per kind: machines with it (as they are) */
};

/* Indexes the names of the machines added since the last call (names.c);
 * a name two snapshots claim is noted in `ambiguous`. */
int cr_fleet_index_names(cr_fleet *f);
/* Is machine i reached by the policy (its role is one the policy is linked
 * to)? Its class and findings then are acls / akinds. */
bool cr_fleet_reached(const cr_fleet *f, size_t i);
/* The class pair cell of (client class, server class), or NULL. */
const fl_cell *cr_fleet_cell(const cr_fleet *f, uint32_t client_cls,
                             uint32_t server_cls);
/* The match a machine pair gets (its class pair's) as it is, or with the
 * policy (`after`); NULL when the pair is not one the fleet judged. */
const cr_match *cr_fleet_pair_match(const cr_fleet *f, size_t client,
                                    size_t server, bool after);
/* The order reports list verdicts in, worst first: fails 3,
 * intermittent 2, undetermined 1, connects 0. */
int cr_fleet_rank(cr_outcome o);
/* What a policy does to a pair, as the what-if names it: "unchanged";
 * "broken" (worse: connects to intermittent or fails, intermittent to
 * fails) or "fixed" (better); "undetermined" when either side is. */
const char *cr_fleet_change_name(cr_outcome before, cr_outcome after);
/* The outcomes in the order the reports count them. */
extern const cr_outcome cr_fleet_outcomes[4];

/* The fleet arranged for a report (fleet_report.c): each class's machines
 * and each finding kind's machines (in machine order), class pairs worst
 * first (fails, intermittent, connects; then most pairs), the moves a
 * policy makes worst first, kinds by severity and id, the machines each
 * kind appears on or leaves under the policy, and pairs per outcome. */
typedef struct fl_list {
  size_t *start;            /* n + 1 offsets into members */
  uint32_t *members;
} fl_list;

/* A finding id summed over its kinds: the machines with any of them. */
typedef struct fl_id {
  const char *id;
  cr_severity worst;
  size_t machines;
} fl_id;

typedef struct fl_groups {
  fl_list by_class;         /* per class: its machines */
  fl_list by_kind;          /* per kind: machines with it */
  fl_list added, removed;   /* per kind: reached machines gaining/losing it */
  uint32_t *cells;          /* cells with pairs, worst first */
  size_t ncells;
  uint32_t *moves;          /* moves with pairs, changes first, worst first */
  size_t nmoves, nchanges;  /* nchanges: moves that change the outcome */
  uint32_t *kinds;          /* all kinds, severity then id */
  fl_id *ids;               /* finding ids, worst severity then id */
  size_t nids;
  uint64_t outcomes[4];     /* machine pairs per cr_outcome, as they are */
  uint64_t after[4];        /* the same with the policy */
  uint64_t broken, fixed;   /* machine pairs the policy makes worse/better */
  size_t clients, servers, reached;
} fl_groups;
int cr_fleet_groups(fl_groups *g, const cr_fleet *f);
void cr_fleet_groups_dispose(fl_groups *g);
/* One line describing a class (OS table, protocols per role, suites). */
void cr_fleet_class_summary(cr_buf *b, const fl_class *c);

/* Renderers (fleet_report.c, fleet_html.c); the JSON pieces the
 * what-if's document shares. */
struct cr_json;
void cr_fleet_moves_json(struct cr_json *j, const char *name,
                         const cr_fleet *f, const fl_groups *g,
                         bool changes_only);
void cr_fleet_policy_json(struct cr_json *j, const cr_fleet *f,
                          const fl_groups *g);
int cr_fleet_render_text(cr_buf *b, const cr_fleet *f);
int cr_fleet_render_json(cr_buf *b, const cr_fleet *f);
int cr_fleet_render_html(cr_buf *b, const cr_fleet *f);

#endif
