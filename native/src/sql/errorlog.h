/*
 * errorlog.h - the SQL Server ERRORLOG's certificate lines: which
 * certificate was loaded for encryption (26013, 26018) and load failures
 * (26010, 26014, 26015, 26017). UTF-16LE with BOM (as SQL Server writes
 * it) or UTF-8 with or without BOM.
 */
#ifndef CR_ERRORLOG_H
#define CR_ERRORLOG_H

#include "../core/common.h"
#include "../core/json.h"

typedef struct cr_errorlog_event {
  int error;             /* 26013, 26018, 26010, 26014, 26015, 26017 */
  const char *kind;      /* "certificate-loaded", ... */
  size_t line;           /* 1-based */
  char timestamp[32];    /* "2017-05-30 14:59:30.89", "" when none */
  char thumbprint[41];   /* upper case, "" when none */
  char code[16];         /* 26010's error ("0x8009030d"), "" when none */
  char *text;            /* the message, from the timestamp's end */
} cr_errorlog_event;

typedef struct cr_errorlog {
  const char *encoding;  /* "utf-16le", "utf-8-bom", "utf-8" */
  size_t lines;
  cr_errorlog_event *events;
  size_t nevents;
} cr_errorlog;

/* Parses a whole log. CR_EPARSE "<name>:<line or offset>: ..." on bad
 * encoding; nothing is returned then. */
int cr_errorlog_parse(cr_errorlog *out, const uint8_t *data, size_t len,
                      const char *name);
void cr_errorlog_dispose(cr_errorlog *log);
/* The log as a JSON object (schema "connreset.errorlog/1"). */
void cr_errorlog_json(const cr_errorlog *log, const char *file, cr_json *j);

#endif
