/*
 * pairs.h - the --pairs reader: a CSV of the client/server connections
 * that really happen (pairs.c says what it accepts).
 */
#ifndef CR_FLEET_PAIRS_H
#define CR_FLEET_PAIRS_H

#include "../core/common.h"

/* One pair: the client's and the server's name as written (trimmed, quotes
 * undone; not NUL-terminated) and the line the row starts on. Return < 0
 * to stop reading with that code. */
typedef int (*cr_pairs_row_fn)(void *ctx, const char *client, size_t clen,
                               const char *server, size_t slen, size_t line);

typedef struct cr_pairs_stats {
  size_t rows;      /* data rows handed to `row` */
  size_t skipped;   /* blank, comment, sqlcmd rule and row-count lines */
  size_t no_name;   /* rows whose client or server is empty or NULL */
  int header;       /* 1 when the first row named the columns */
  char delimiter;
} cr_pairs_stats;

/* Reads `bytes` (the file's bytes; `name` for messages). CR_EPARSE with
 * "<name>:<line>: ..." on malformed text; nothing is handed on after an
 * error, but rows before it were. */
int cr_pairs_read(cr_pairs_stats *stats, const void *bytes, size_t len,
                  const char *name, cr_pairs_row_fn row, void *ctx);

#endif
