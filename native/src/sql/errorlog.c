/*
 * errorlog.c - ERRORLOG certificate events.
 *
 * Message texts: MicrosoftDocs/sql-docs, the Database Engine errors
 * include for 26000-26999 (ms.date 01/11/2024) and
 * docs/relational-databases/errors-events/mssqlserver-26014-database-
 * engine-error.md:
 *   26010 "The server could not load the certificate it needs to initiate
 *          an SSL connection. It returned the following error: %#x. Check
 *          certificates to make sure they are valid."
 *   26013 "The certificate [Cert Hash(sha1) "%hs"] was successfully loaded
 *          for encryption."
 *   26014 "Unable to load user-specified certificate [Cert Hash(sha1)
 *          "%hs"]. The server will not accept a connection. ..."
 *          (older releases omit the bracket: "Unable to load
 *          user-specified certificate. The server will not accept a
 *          connection.", KB text quoted in SupportArticles-docs)
 *   26015 "Unable to load user-specified certificate. Because connection
 *          encryption is required, the server will not be able to accept
 *          any connections. ..."
 *   26017 "Unable to initialize SSL encryption because a valid certificate
 *          could not be found, and it is not possible to create a
 *          self-signed certificate."
 *   26018 "A self-generated certificate was successfully loaded for
 *          encryption."
 * Line format: "yyyy-mm-dd hh:mm:ss.cc <source> <text>"
 * (shared/reference/sql-server.md section 3).
 */
#include "errorlog.h"
#include "../core/snapshot.h"
#include "sqlserver.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HASH_OPEN "[Cert Hash(sha1) \""

static const struct {
  int error;
  const char *kind;
  const char *needle;     /* searched in the line */
  const char *not_after;  /* the needle must not be followed by this */
} patterns[] = {
  { 26013, "certificate-loaded", "] was successfully loaded for encryption.",
    NULL },
  { 26018, "self-generated-loaded",
    "A self-generated certificate was successfully loaded for encryption.",
    NULL },
  { 26015, "load-failed-encryption-required",
    "Unable to load user-specified certificate. Because connection "
    "encryption is required", NULL },
  { 26014, "load-failed", "Unable to load user-specified certificate", NULL },
  { 26017, "no-valid-certificate",
    "Unable to initialize SSL encryption because a valid certificate could "
    "not be found", NULL },
  { 26010, "load-error",
    "The server could not load the certificate it needs to initiate an SSL "
    "connection.", NULL },
};

static void take_timestamp(char out[32], const char *line, const char **text)
{
  /* yyyy-mm-dd hh:mm:ss(.f*) */
  static const char shape[] = "dddd-dd-dd dd:dd:dd";
  size_t i;
  *text = line;
  out[0] = '\0';
  for (i = 0; shape[i]; i++) {
    if (shape[i] == 'd' ? !isdigit((unsigned char)line[i])
                        : line[i] != shape[i])
      return;
  }
  if (line[i] == '.')
    for (i++; isdigit((unsigned char)line[i]) && i < 30; i++)
      ;
  memcpy(out, line, i);
  out[i] = '\0';
  while (line[i] == ' ' || line[i] == '\t')
    i++;
  *text = line + i;
}

static void take_thumbprint(char out[41], const char *line)
{
  const char *p = strstr(line, HASH_OPEN), *q;
  char buf[128];
  size_t n;
  out[0] = '\0';
  if (!p)
    return;
  p += sizeof HASH_OPEN - 1;
  if (!(q = strchr(p, '"')) || (n = (size_t)(q - p)) >= sizeof buf)
    return;
  memcpy(buf, p, n);
  buf[n] = '\0';
  if (!cr_thumbprint_normalise(out, buf))
    out[0] = '\0';
}

static int add_event(cr_errorlog *log, int error, const char *kind,
                     size_t lineno, const char *line)
{
  cr_errorlog_event *p, *e;
  const char *text;
  p = cr_realloc_array(log->events, log->nevents + 1, sizeof *p);
  if (!p)
    return cr_error_oom();
  log->events = p;
  e = &log->events[log->nevents];
  memset(e, 0, sizeof *e);
  e->error = error;
  e->kind = kind;
  e->line = lineno;
  take_timestamp(e->timestamp, line, &text);
  if (error == 26013 || error == 26014)
    take_thumbprint(e->thumbprint, line);
  if (error == 26010) {
    const char *c = strstr(line, "following error: ");
    if (c) {
      size_t n = 0;
      c += 17;
      while (n < sizeof e->code - 1 && (isalnum((unsigned char)c[n])))
        n++;
      memcpy(e->code, c, n);
      e->code[n] = '\0';
    }
  }
  if (!(e->text = cr_strdup(text)))
    return cr_error_oom();
  log->nevents++;
  return CR_OK;
}

static int scan_line(cr_errorlog *log, size_t lineno, const char *line)
{
  size_t i;
  for (i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
    const char *hit = strstr(line, patterns[i].needle);
    if (!hit)
      continue;
    if (patterns[i].error == 26013 && !strstr(line, HASH_OPEN))
      continue;
    return add_event(log, patterns[i].error, patterns[i].kind, lineno, line);
  }
  return CR_OK;
}

/* Strict UTF-8 check (no overlongs, no surrogates, max U+10FFFF). Returns
 * the offset of the first bad byte, or len. */
static size_t utf8_bad_at(const uint8_t *s, size_t len)
{
  size_t i = 0;
  while (i < len) {
    uint8_t c = s[i];
    size_t n, k;
    uint32_t cp;
    if (c < 0x80) { i++; continue; }
    if (c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 2; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07; }
    else return i;
    for (k = 1; k <= n; k++) {
      if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
        return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF))
        || (cp >= 0xD800 && cp <= 0xDFFF))
      return i;
    i += n + 1;
  }
  return len;
}

static size_t line_of(const uint8_t *s, size_t off)
{
  size_t i, line = 1;
  for (i = 0; i < off; i++)
    if (s[i] == '\n')
      line++;
  return line;
}

int cr_errorlog_parse(cr_errorlog *out, const uint8_t *data, size_t len,
                      const char *name)
{
  cr_buf text = CR_BUF_INIT;
  const char *p, *end;
  size_t lineno = 0;
  int rc = CR_OK;

  memset(out, 0, sizeof *out);
  if (!name)
    name = "<errorlog>";
  if (!data && len)
    return cr_error_set(CR_EINVAL, "%s: no data", name);
  if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE) {
    size_t i, line = 1;
    if (len % 2)
      return cr_error_set(CR_EPARSE, "%s:offset %zu: UTF-16LE file has an "
                          "odd length (%zu bytes)", name, len - 1, len);
    /* A lone surrogate is not text SQL Server writes: say where. */
    for (i = 2; i + 1 < len; i += 2) {
      unsigned u = data[i] | ((unsigned)data[i + 1] << 8);
      if (u == '\n')
        line++;
      if (u == 0)
        return cr_error_set(CR_EPARSE, "%s:%zu: NUL character at offset "
                            "%zu", name, line, i);
      if (u >= 0xD800 && u <= 0xDBFF) {
        unsigned n = i + 3 < len ? (data[i + 2] |
                                    ((unsigned)data[i + 3] << 8)) : 0;
        if (n < 0xDC00 || n > 0xDFFF)
          return cr_error_set(CR_EPARSE, "%s:%zu: unpaired UTF-16 "
                              "surrogate at offset %zu", name, line, i);
        i += 2;
      } else if (u >= 0xDC00 && u <= 0xDFFF) {
        return cr_error_set(CR_EPARSE, "%s:%zu: unpaired UTF-16 surrogate "
                            "at offset %zu", name, line, i);
      }
    }
    if ((rc = cr_utf16_to_utf8(&text, data + 2, (len - 2) / 2)) < 0 ||
        (rc = cr_buf_status(&text)) < 0) {
      cr_buf_dispose(&text);
      return rc;
    }
    out->encoding = "utf-16le";
  } else {
    size_t skip = 0, bad, i;
    if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
      skip = 3;
      out->encoding = "utf-8-bom";
    } else {
      out->encoding = "utf-8";
    }
    if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF)
      return cr_error_set(CR_EPARSE, "%s:offset 0: UTF-16 big-endian is "
                          "not an ERRORLOG encoding", name);
    for (i = skip; i < len; i++)
      if (data[i] == 0)
        return cr_error_set(CR_EPARSE, "%s:%zu: NUL byte at offset %zu "
                            "(UTF-16 without a byte-order mark?)", name,
                            line_of(data, i), i);
    bad = utf8_bad_at(data + skip, len - skip);
    if (bad < len - skip)
      return cr_error_set(CR_EPARSE, "%s:%zu: invalid UTF-8 at offset %zu",
                          name, line_of(data, skip + bad), skip + bad);
    if (cr_buf_put(&text, data + skip, len - skip) < 0 ||
        cr_buf_putc(&text, '\0') < 0) {
      cr_buf_dispose(&text);
      return cr_error_oom();
    }
    text.len--;
  }

  p = text.ptr ? text.ptr : "";
  end = p + text.len;
  while (p < end && rc >= 0) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    char *line;
    lineno++;
    if (n && p[n - 1] == '\r')
      n--;
    if (!(line = cr_strndup(p, n))) {
      rc = cr_error_oom();
      break;
    }
    rc = scan_line(out, lineno, line);
    free(line);
    p = nl ? nl + 1 : end;
  }
  out->lines = lineno;
  cr_buf_dispose(&text);
  if (rc < 0)
    cr_errorlog_dispose(out);
  return rc;
}

void cr_errorlog_dispose(cr_errorlog *log)
{
  size_t i;
  for (i = 0; i < log->nevents; i++)
    free(log->events[i].text);
  free(log->events);
  log->events = NULL;
  log->nevents = 0;
}

void cr_errorlog_json(const cr_errorlog *log, const char *file, cr_json *j)
{
  size_t i;
  cr_json_str(j, "schema", "connreset.errorlog/1");
  cr_json_str(j, "file", file);
  cr_json_str(j, "encoding", log->encoding);
  cr_json_int(j, "lines", (int64_t)log->lines);
  cr_json_arr(j, "events");
  for (i = 0; i < log->nevents; i++) {
    const cr_errorlog_event *e = &log->events[i];
    cr_json_obj(j, NULL);
    cr_json_int(j, "line", (int64_t)e->line);
    cr_json_str(j, "timestamp", e->timestamp[0] ? e->timestamp : NULL);
    cr_json_int(j, "error", e->error);
    cr_json_str(j, "kind", e->kind);
    cr_json_str(j, "thumbprint", e->thumbprint[0] ? e->thumbprint : NULL);
    cr_json_str(j, "code", e->code[0] ? e->code : NULL);
    cr_json_str(j, "text", e->text);
    cr_json_obj_end(j);
  }
  cr_json_arr_end(j);
}

int cr_snapshot_add_errorlog(cr_snapshot *snap, const char *instance,
                             const char *path)
{
  cr_errorlog *log;
  uint8_t *data = NULL;
  size_t len = 0;
  int rc;
  if (!snap || !instance || !*instance || !path || !*path)
    return cr_error_set(CR_EINVAL, "cr_snapshot_add_errorlog: bad argument");
  if ((rc = cr_read_file(&data, &len, path)) < 0)
    return rc;
  if (!(log = cr_calloc(1, sizeof *log))) {
    free(data);
    return cr_error_oom();
  }
  rc = cr_errorlog_parse(log, data, len, path);
  free(data);
  if (rc < 0) {
    free(log);
    return rc;
  }
  return cr_snap_attach_errorlog(snap, instance, path, log,
                                 cr_errorlog_dispose);
}

int cr_errorlog_parse_file(char **json_out, const char *path)
{
  uint8_t *data = NULL;
  size_t len = 0;
  cr_errorlog log;
  cr_buf b = CR_BUF_INIT;
  cr_json j;
  int rc;
  if (!json_out || !path)
    return cr_error_set(CR_EINVAL, "cr_errorlog_parse_file: bad argument");
  *json_out = NULL;
  if ((rc = cr_read_file(&data, &len, path)) < 0)
    return rc;
  rc = cr_errorlog_parse(&log, data, len, path);
  free(data);
  if (rc < 0)
    return rc;
  cr_json_init(&j, &b);
  cr_json_obj(&j, NULL);
  cr_errorlog_json(&log, path, &j);
  cr_json_obj_end(&j);
  cr_buf_putc(&b, '\n');
  cr_errorlog_dispose(&log);
  if ((rc = cr_buf_status(&b)) < 0) {
    cr_buf_dispose(&b);
    return rc;
  }
  *json_out = cr_buf_detach(&b, NULL);
  return CR_OK;
}
