/*
 * regfile.h - the .reg reader and writer.
 *
 * Reader: "Windows Registry Editor Version 5.00" (UTF-16LE with BOM, or
 * UTF-8) and "REGEDIT4" (ANSI/UTF-8). Every value form regedit writes,
 * continuation lines, comments, [-key] and "v"=- deletions, HKLM and
 * HKEY_LOCAL_MACHINE spellings. Parsing drives a sink, so one parser serves
 * snapshot loading (merge) and restore (a change plan). Any failure,
 * including one returned by the sink, is reported as
 * "<file>:<line>: <what>" with CR_EPARSE (or the sink's code). Strict
 * reading (restore, --strict) refuses the first irregular line; lenient
 * reading (snapshots) reads the file as reg import does, with warnings.
 *
 * Writer: Windows Registry Editor 5.00, UTF-16LE with BOM, CRLF, hex data
 * wrapped with '\' continuations as regedit does, so `reg import` takes it.
 */
#ifndef CR_REGFILE_H
#define CR_REGFILE_H

#include "snapshot.h"

typedef struct cr_reg_sink {
  void *ctx;
  /* [-path]: delete a key and its subtree. */
  int (*delete_key)(void *ctx, const char *path);
  /* [path]: create if missing; later values go to this key. */
  int (*open_key)(void *ctx, const char *path);
  /* "name"=...: name "" is the default value (@). Data is registry-native
   * (strings UTF-16LE with terminator). */
  int (*set_value)(void *ctx, const char *key, const char *name,
                   uint32_t type, const uint8_t *data, size_t len);
  /* "name"=- */
  int (*delete_value)(void *ctx, const char *key, const char *name);
} cr_reg_sink;

/* Receives one warning: "<file>:<line>: <what>: <what reg import does>". */
typedef void (*cr_reg_warn_fn)(void *ctx, const char *message);

/* Parses a whole .reg image strictly: the first line reg import would skip
 * is an error. `filename` is only used in messages. */
int cr_regfile_parse(const uint8_t *buf, size_t len, const char *filename,
                     const cr_reg_sink *sink);

/* The same, read as reg import and regedit read it when `lenient`: a line
 * they skip is skipped and reported through `warn` (may be NULL); a file
 * they refuse (no header, broken encoding) is still an error. */
int cr_regfile_parse_opts(const uint8_t *buf, size_t len,
                          const char *filename, const cr_reg_sink *sink,
                          bool lenient, cr_reg_warn_fn warn, void *warn_ctx);

/* Parses into a snapshot (merging over what it holds), leniently unless
 * the snapshot is strict (cr_snapshot_set_strict); warnings are kept in
 * the snapshot. */
int cr_regfile_load(cr_snapshot *snap, const uint8_t *buf, size_t len,
                    const char *filename);

/* Writer: text is built as UTF-8 in `b`, then cr_regw_finish converts it to
 * UTF-16LE with a BOM. */
int cr_regw_begin(cr_buf *b);
int cr_regw_key(cr_buf *b, const char *path);
int cr_regw_delete_key(cr_buf *b, const char *path);
int cr_regw_value(cr_buf *b, const char *name, uint32_t type,
                  const uint8_t *data, size_t len);
int cr_regw_delete_value(cr_buf *b, const char *name);
int cr_regw_finish(void **out, size_t *out_len, cr_buf *b);

/* A whole snapshot as .reg (keys sorted as stored, parents first). */
int cr_regw_snapshot(void **out, size_t *out_len, const cr_snapshot *snap);

#endif
