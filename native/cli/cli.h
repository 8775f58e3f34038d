/*
 * The connreset command line: what main.c (arguments, dispatch) and the
 * command families in builtin/ share. Every command uses the public API
 * (connreset.h) only.
 */
#ifndef CR_CLI_H
#define CR_CLI_H

#include "connreset.h"

#include <stddef.h>
#include <stdio.h>

enum {
  EXIT_CLEAN = 0,
  EXIT_FINDINGS = 1,
  EXIT_USAGE = 2,
  EXIT_ROLLED_BACK = 3,
  EXIT_ROLLBACK_FAILED = 4,
  EXIT_UNDETERMINED = 5 /* match: the snapshots do not say enough */
};

#define MAX_SNAPSHOTS 64

typedef struct options {
  const char *snapshots[MAX_SNAPSHOTS];
  size_t nsnapshots;
  int json;
  int what_if;
  const char *backup;
  const char *out;
  int enable, disable, reset;
  long long max_half_open, max_half_open_retried;
  const char *clients[MAX_SNAPSHOTS], *servers[MAX_SNAPSHOTS];
  size_t nclients, nservers;
  const char *server_key;
  const char *protocol, *role, *state;
  const char *add, *remove, *order;
  long long position;
  const char *positional[MAX_SNAPSHOTS]; /* trace takes many files */
  size_t npositional;
  const char *store, *thumbprint, *instance;
  int remove_server_auth, clear;
  const char *errorlogs[MAX_SNAPSHOTS]; /* "INSTANCE=FILE" */
  size_t nerrorlogs;
  const char *profile, *pol, *apply_to;
  const char *client_dirs[MAX_SNAPSHOTS], *server_dirs[MAX_SNAPSHOTS];
  size_t nclient_dirs, nserver_dirs;
  /* dsc (builtin/dsc.c) */
  const char *dsc_resource, *dsc_input;
  /* issue 13: fleet, gpo whatif --detail */
  const char *fleet_dirs[MAX_SNAPSHOTS]; /* --snapshots DIR... */
  size_t nfleet_dirs;
  const char *pairs[MAX_SNAPSHOTS];      /* --pairs FILE.csv */
  size_t npairs;
  const char *html;                      /* --html FILE */
  int detail;
  long long threads;                     /* --threads N, -1: not given */
  /* The Windows of a snapshot that does not say (issue 11). */
  const char *os, *client_os, *server_os;
  int strict; /* .reg files: refuse a line reg import would skip */
} options;

#if defined(__MINGW32__)
# define CLI_PRINTF(f, a) __attribute__((format(gnu_printf, f, a)))
#elif defined(__GNUC__)
# define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
# define CLI_PRINTF(f, a)
#endif

/* Output and errors (util.c). */
void json_string(FILE *f, const char *s);
/* Prints the last error and returns the exit code for it. */
int fail(const options *o, int rc, const char *doing);
/* Prints "connreset: " + fmt (one %s for arg) and returns EXIT_USAGE. */
int usage_error(const char *fmt, const char *arg);
int cr_stricmp_ascii(const char *a, const char *b);
/* Prints text (freeing it) or the error of rc. */
int print_string(const options *o, int rc, char *text, const char *doing);

/* Inputs (util.c). The snapshot of --snapshot (or live), with --os. */
int open_snapshot(cr_snapshot **snap, const options *o);
/* .reg files merged into one snapshot, read as reg import reads them
 * (each line it skips is a warning on stderr) or, with --strict, refused
 * at the first such line. */
int open_files(cr_snapshot **snap, const options *o,
               const char *const *paths, size_t n);
/* Says `os` (a --os value) for the snapshot; prints the error and returns
 * its exit code, or 0. */
int declare_os(cr_snapshot *snap, const options *o, const char *os,
               const char *flag);
/* Attaches the --errorlog files; prints the error and returns its exit
 * code, or 0. */
int attach_errorlogs(cr_snapshot *snap, const options *o);
/* Splits "A,B,C" in place into `names` (pointers into `buf`). */
size_t split_list(char *buf, const char **names, size_t max);

typedef struct path_list {
  char **v;
  size_t n;
} path_list;
void path_list_free(path_list *l);
int path_list_add(path_list *l, const char *dir, const char *name);
/* The *.reg files of a directory (one machine each), sorted; a path that
 * is not a directory is taken as one file. -1 when it cannot be read. */
int list_snapshots(path_list *l, const char *path);
/* Opens one snapshot per file of the given directories/files; 0 or the
 * exit code after printing the error. */
int open_machines(const options *o, cr_snapshot ***out, size_t *n,
                  const char *const *args, size_t nargs, const char *flag);
void free_machines(cr_snapshot **v, size_t n);

/* %ProgramData%\ConnReset\Backups\<what>-<time>.reg (creating the
 * folders), else ./connreset-<what>-<time>.reg. */
int default_backup_path(char *buf, size_t size, const char *what);
/* Set when the command is `dsc`: errors go to stderr as JSON lines. */
extern int cli_json_messages;
/* The policy for gpo export / whatif and fleet: --profile, --pol, or (when
 * allow_report) this machine's diagnosis; 0 or the exit code. */
int load_policy(const options *o, cr_regpol **pol, int allow_report);

/* The common tail of every change: what-if, snapshot mode (--out), or
 * live with its backup; `what` names the default backup file. */
int run_change(const options *o, cr_snapshot *snap, cr_change *change,
               const char *what);

/* Command families (builtin/). */
int cmd_report(const options *o, const char *only);  /* diagnose.c */
int cmd_pair(const options *o, int full);             /* diagnose.c */
int cmd_syn_set(const options *o);                    /* syn.c */
int cmd_tls_set(const options *o, const char *what);  /* tls.c */
int cmd_certs(const options *o);                      /* certs.c */
int cmd_cert_purpose(const options *o);               /* certs.c */
int cmd_sql_set_cert(const options *o);               /* certs.c */
int cmd_gpo(const options *o);                        /* gpo.c */
int cmd_collect(const options *o);                    /* snapshot.c */
int cmd_restore(const options *o);                    /* snapshot.c */
int cmd_dsc(const options *o);                        /* dsc.c */
int cmd_fleet(const options *o);                      /* fleet.c */
int cmd_trace(const options *o);                      /* trace.c */

#endif
