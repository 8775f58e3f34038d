/*
 * snapshot.h - the in-memory registry image. Paths are UTF-8, compared
 * case-insensitively; value data is kept exactly as the registry holds it
 * (strings as UTF-16LE with their terminator), so a snapshot read from a
 * .reg export and one read live compare byte for byte.
 */
#ifndef CR_SNAPSHOT_H
#define CR_SNAPSHOT_H

#include "common.h"

typedef struct cr_value {
  char *name;        /* "" is the default value */
  uint32_t type;
  uint8_t *data;
  size_t len;
} cr_value;

typedef struct cr_key {
  char *name;        /* one path component; roots hold the canonical name */
  struct cr_key *parent;
  struct cr_key **children;
  size_t nchildren, capchildren;
  cr_value *values;
  size_t nvalues, capvalues;
} cr_key;

struct cr_errorlog; /* sql/errorlog.h */

/* An ERRORLOG attached to an instance (cr_snapshot_add_errorlog, in
 * sql/errorlog.c: the core holds it without knowing its layout). */
typedef struct cr_snap_errorlog {
  char *instance;    /* "MSSQLSERVER", "SQL2017" as given */
  char *path;        /* the file it was read from */
  struct cr_errorlog *log; /* parsed */
  void (*dispose)(struct cr_errorlog *log); /* releases `log` */
} cr_snap_errorlog;

struct cr_snapshot {
  cr_key root;       /* nameless; its children are HKEY_LOCAL_MACHINE etc. */
  char **sources;    /* file names merged, or "live registry" */
  size_t nsources;
  bool live;
  cr_snap_errorlog *errorlogs; /* attached ERRORLOGs, in order */
  size_t nerrorlogs;
  char *declared_os; /* cr_snapshot_set_os: the Windows the user named for
                      * a snapshot that does not say (knowledge/os.c reads it) */
  bool strict;       /* .reg files: refuse what reg import would skip */
  char **warnings;   /* "<file>:<line>: ..." from lenient reading */
  size_t nwarnings;
};

/* Keeps a reading warning (at most CR_SNAP_MAX_WARNINGS; then one line
 * says that more were dropped). */
#define CR_SNAP_MAX_WARNINGS 1000
void cr_snap_add_warning(cr_snapshot *s, const char *message);
/* The same for any list of warnings (the fleet keeps its files'). */
void cr_warnings_add(char ***list, size_t *n, const char *message);

/* Finds a key by full path; NULL when absent. */
cr_key *cr_snap_find_key(const cr_snapshot *s, const char *path);
/* Finds or creates every component of `path`. */
int cr_snap_make_key(cr_key **out, cr_snapshot *s, const char *path);
/* Deletes a key and its subtree; absent is fine. */
int cr_snap_delete_key(cr_snapshot *s, const char *path);
cr_value *cr_key_find_value(const cr_key *k, const char *name);
int cr_key_set_value(cr_key *k, const char *name, uint32_t type,
                     const void *data, size_t len);
/* Returns 1 when a value was removed, 0 when it was absent. */
int cr_key_delete_value(cr_key *k, const char *name);
/* Full path of a key ("HKEY_LOCAL_MACHINE\\SYSTEM\\..."), into `out`. */
int cr_key_path(cr_buf *out, const cr_key *k);
/* Copies the subtree at `path` of `from` into `to` (replacing nothing). */
int cr_snap_copy_subtree(cr_snapshot *to, const cr_snapshot *from,
                         const char *path);
int cr_snap_add_source(cr_snapshot *s, const char *name);
/* Attaches a parsed ERRORLOG (ownership passes to the snapshot, which
 * calls `dispose` then frees `log`). On failure `log` is disposed too. */
int cr_snap_attach_errorlog(cr_snapshot *s, const char *instance,
                            const char *path, struct cr_errorlog *log,
                            void (*dispose)(struct cr_errorlog *log));
/* The last ERRORLOG attached to `instance` (case-insensitive), or NULL. */
const cr_snap_errorlog *cr_snap_find_errorlog(const cr_snapshot *s,
                                              const char *instance);

/* Typed getters used by the checks. CR_ENOTFOUND when absent, CR_EPARSE
 * when present with another type (message names key and value). */
int cr_snap_get_dword(uint32_t *out, const cr_snapshot *s, const char *key,
                      const char *name);
/* REG_SZ / REG_EXPAND_SZ as UTF-8 (cr_free). */
int cr_snap_get_string(char **out, const cr_snapshot *s, const char *key,
                       const char *name);

/* Renders value data for people: "1 (0x00000001)", "\"text\"", hex. */
int cr_value_render(cr_buf *out, uint32_t type, const uint8_t *data,
                    size_t len);

#endif
