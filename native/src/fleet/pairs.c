/*
 * pairs.c - reads the connections that really happen: a CSV of client and
 * server names, as SQL Server exports them (sys.dm_exec_sessions /
 * sys.dm_exec_connections joined with host names, saved from SSMS, sqlcmd,
 * bcp, Invoke-Sqlcmd | Export-Csv or Excel) or as a trace tool writes them.
 *
 * What it takes, because that is what those exports look like:
 *  - encodings: UTF-8 with or without a byte-order mark; UTF-16LE with its
 *    mark (PowerShell's -Encoding Unicode, "Unicode text" in Excel); with
 *    no mark and bytes that are not UTF-8, the ANSI code page
 *    (Windows-1252, as SSMS and Excel save on western systems). UTF-16
 *    without a mark and big-endian UTF-16 are refused with a hint;
 *  - line ends CRLF or LF, a last line with or without one;
 *  - the delimiter: ',' unless the first row has more ';' (Excel in
 *    locales with a decimal comma) or tabs (sqlcmd -s with a tab, "Save
 *    Results As" tab-separated) outside quotes;
 *  - RFC 4180 quoting ("a ""b"" c", delimiters and line breaks inside
 *    quotes), blanks around fields and around quotes (sqlcmd pads columns);
 *  - a header row, recognised by its column names (client, client_name,
 *    host_name, workstation ... / server, server_name, @@SERVERNAME,
 *    instance, target ...; case, spaces, '_' and '@' do not matter): the
 *    pair's columns are the ones it names, anywhere in the row. Without
 *    one the first column is the client and the second the server. Other
 *    columns (addresses, counts, times) are ignored;
 *  - lines that are not data: blank lines, lines starting with '#'
 *    (Export-Csv's "#TYPE System.Data.DataRow"), sqlcmd's rule under the
 *    header ("------,------") and its "(12 rows affected)" footer;
 *  - rows whose client or server is empty or NULL (system sessions have no
 *    host name) are counted and left out.
 * Anything else malformed (a quote never closed, text after a closing
 * quote, a row with fewer columns than the pair needs, a NUL byte) is an
 * error naming the file and the line.
 */
#include "pairs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLUMNS 4096 /* counted; columns past the pair are dropped */

typedef struct field {
  const char *p; /* the text (into the input or into `own`) */
  size_t n;
  bool quoted;
} field;

typedef struct reader {
  const char *name;
  const char *p, *end;
  size_t line;
  char delim;
  int client_col, server_col, need;
  cr_buf own[3];       /* unescaped text of quoted fields with "" in them:
                        * client, server, any other column */
} reader;

static int perr(const reader *r, size_t line, const char *fmt, ...)
  CR_PRINTF(3, 4);
static int perr(const reader *r, size_t line, const char *fmt, ...)
{
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return cr_error_set(CR_EPARSE, "%s:%zu: %s", r->name, line, msg);
}

static bool blank(char c) { return c == ' ' || c == '\t'; }

/* The physical line at p (without its line end) and where the next one
 * starts. */
static const char *line_end(const char *p, const char *end, const char **next)
{
  const char *nl = memchr(p, '\n', (size_t)(end - p));
  const char *e = nl ? nl : end;
  *next = nl ? nl + 1 : end;
  if (e > p && e[-1] == '\r')
    e--;
  return e;
}

/* Lines that are not data (see the top of the file). */
static bool skip_line(const char *p, const char *e, char delim)
{
  const char *s = p, *t = e;
  bool dashes = false;
  while (s < t && (blank(*s) || *s == '\r'))
    s++;
  while (t > s && (blank(t[-1]) || t[-1] == '\r'))
    t--;
  if (s == t || *s == '#')
    return true;
  if (*s == '(' && t - s >= 10 && memcmp(t - 9, "affected)", 9) == 0)
    return true;
  for (; s < t; s++) {
    if (*s == '-')
      dashes = true;
    else if (*s != delim && !blank(*s))
      return false;
  }
  return dashes;
}

/* One field at r->p; leaves r->p on the delimiter, the line end or the
 * end. `slot` picks the scratch buffer for quoted text with "". */
static int read_field(reader *r, field *f, int slot, size_t row_line)
{
  const char *p = r->p, *end = r->end;
  while (p < end && blank(*p) && *p != r->delim)
    p++;
  f->quoted = p < end && *p == '"';
  if (!f->quoted) {
    const char *s = p, *t;
    while (p < end && *p != r->delim && *p != '\n')
      p++;
    t = p;
    while (t > s && (blank(t[-1]) || t[-1] == '\r') && t[-1] != r->delim)
      t--;
    f->p = s;
    f->n = (size_t)(t - s);
    r->p = p;
    return 0;
  }
  {
    const char *s = ++p;
    bool escaped = false;
    for (;;) {
      const char *q = memchr(p, '"', (size_t)(end - p));
      if (!q)
        return perr(r, row_line, "a quoted field is never closed (the quote "
                    "opens on this line)");
      while (p < q)
        r->line += *p++ == '\n';
      if (q + 1 < end && q[1] == '"') {
        escaped = true;
        p = q + 2;
        continue;
      }
      f->p = s;
      f->n = (size_t)(q - s);
      p = q + 1;
      break;
    }
    if (escaped) { /* "" -> " */
      cr_buf *b = &r->own[slot];
      size_t i;
      b->len = 0;
      for (i = 0; i < f->n; i++) {
        cr_buf_putc(b, f->p[i]);
        if (f->p[i] == '"')
          i++;
      }
      if (cr_buf_status(b) < 0)
        return cr_error_oom();
      f->p = b->ptr;
      f->n = b->len;
    }
    while (p < end && blank(*p) && *p != r->delim)
      p++;
    if (p < end && *p == '\r' && (p + 1 == end || p[1] == '\n'))
      p++;
    if (p < end && *p != r->delim && *p != '\n')
      return perr(r, r->line, "text after the closing quote of a field (a "
                  "quote inside a quoted field is written \"\")");
    r->p = p;
    return 0;
  }
}

/* Reads the record at r->p into f[0..need) (columns past `need` are read
 * and dropped), moving past its line end. Returns the number of fields. */
static int read_record(reader *r, field *f, int need, const int *slots,
                       size_t row_line)
{
  int n = 0, rc;
  for (;;) {
    field tmp, *dst = n < need ? &f[n] : &tmp;
    if ((rc = read_field(r, dst, n < need ? slots[n] : 2, row_line)) < 0)
      return rc;
    if (n < MAX_COLUMNS)
      n++;
    if (r->p < r->end && *r->p == r->delim) {
      r->p++;
      continue;
    }
    if (r->p < r->end) { /* the line end */
      r->p++;
      r->line++;
    }
    return n;
  }
}

/* A header cell, folded: case, blanks, '_', '@', '-', '.' and '[]' do not
 * matter ("Client Name", "client_name", "[@@SERVERNAME]"). */
static void fold(char *out, size_t size, const char *p, size_t n)
{
  size_t k = 0, i;
  for (i = 0; i < n && k + 1 < size; i++) {
    char c = p[i];
    if (blank(c) || c == '_' || c == '@' || c == '-' || c == '.' ||
        c == '[' || c == ']')
      continue;
    out[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  out[k] = '\0';
}

static bool in_list(const char *s, const char *const *list)
{
  for (; *list; list++)
    if (!strcmp(s, *list))
      return true;
  return false;
}

static const char *const client_names[] = {
  "client", "clientname", "clienthost", "clienthostname", "clientmachine",
  "clientcomputer", "clientcomputername", "hostname", "host", "workstation",
  "workstationid", "workstationname", "source", "sourcehost", "sourcename",
  "from", "caller", "computername", "machinename", NULL
};
static const char *const server_names[] = {
  "server", "servername", "serverhost", "serverhostname", "servermachine",
  "sqlserver", "sqlservername", "sqlinstance", "instance", "instancename",
  "target", "targethost", "targetserver", "targetname", "destination",
  "destinationhost", "to", "datasource", "dataserver", NULL
};

/* The delimiter of the first data line: the most frequent of , ; and tab
 * outside quotes, ',' on a tie. */
static char sniff(const char *p, const char *e)
{
  size_t comma = 0, semi = 0, tab = 0;
  bool q = false;
  for (; p < e; p++) {
    if (*p == '"') {
      q = !q;
    } else if (!q) {
      comma += *p == ',';
      semi += *p == ';';
      tab += *p == '\t';
    }
  }
  if (semi > comma && semi >= tab)
    return ';';
  if (tab > comma && tab > semi)
    return '\t';
  return ',';
}

static bool is_null(const char *p, size_t n)
{
  return n == 0 || (n == 4 && cr_strnicmp(p, "NULL", 4) == 0);
}

/* The first data line as a header: the columns it names for the client
 * and the server (-1 when it names none). Folded one field at a time, so
 * quoted names share one scratch buffer. */
static int read_header(reader *r, int *c, int *s, size_t at)
{
  char name[64];
  field f;
  int i = 0, rc;
  *c = *s = -1;
  for (;;) {
    if ((rc = read_field(r, &f, 2, at)) < 0)
      return rc;
    fold(name, sizeof name, f.p, f.n);
    if (*c < 0 && in_list(name, client_names))
      *c = i;
    else if (*s < 0 && in_list(name, server_names))
      *s = i;
    i++;
    if (r->p < r->end && *r->p == r->delim) {
      r->p++;
      continue;
    }
    if (r->p < r->end) {
      r->p++;
      r->line++;
    }
    return 0;
  }
}

#define MAX_PAIR_COLUMN 64

static int parse(cr_pairs_stats *st, reader *r, cr_pairs_row_fn row, void *ctx)
{
  field f[MAX_PAIR_COLUMN];
  int slots[MAX_PAIR_COLUMN], i, n, rc;
  bool first = true;
  for (i = 0; i < MAX_PAIR_COLUMN; i++)
    slots[i] = 2;
  while (r->p < r->end) {
    const char *next, *e = line_end(r->p, r->end, &next);
    size_t at = r->line;
    /* Only lines with no quote at all are skipped: a quote opened there
     * would be data running on. */
    if (skip_line(r->p, e, first ? ',' : r->delim) &&
        !memchr(r->p, '"', (size_t)(e - r->p))) {
      st->skipped++;
      r->p = next;
      r->line++;
      continue;
    }
    if (first) {
      const char *row_start = r->p;
      int c, s;
      first = false;
      r->delim = sniff(r->p, e);
      st->delimiter = r->delim;
      if ((rc = read_header(r, &c, &s, at)) < 0)
        return rc;
      if (c >= 0 && s >= 0) {
        if (c >= MAX_PAIR_COLUMN || s >= MAX_PAIR_COLUMN)
          return perr(r, at, "the client and server columns must be among "
                      "the first %d", MAX_PAIR_COLUMN);
        st->header = 1;
        r->client_col = c;
        r->server_col = s;
        r->need = (c > s ? c : s) + 1;
        continue;
      }
      if (c >= 0 || s >= 0)
        return perr(r, at, "the header names a %s column but no %s column "
                    "(call it e.g. %s)", c >= 0 ? "client" : "server",
                    c >= 0 ? "server" : "client",
                    c >= 0 ? "server, server_name or @@SERVERNAME"
                           : "client, client_name or host_name");
      /* No header: this line is the first pair, columns 1 and 2. */
      r->p = row_start;
      r->line = at;
      r->client_col = 0;
      r->server_col = 1;
      r->need = 2;
    }
    slots[r->client_col] = 0;
    slots[r->server_col] = 1;
    if ((n = read_record(r, f, r->need, slots, at)) < 0)
      return n;
    if (n < r->need)
      return perr(r, at, "%d column%s; a pair needs the client in column %d "
                  "and the server in column %d", n, n == 1 ? "" : "s",
                  r->client_col + 1, r->server_col + 1);
    {
      const field *fc = &f[r->client_col], *fs = &f[r->server_col];
      if ((!fc->quoted && is_null(fc->p, fc->n)) || fc->n == 0 ||
          (!fs->quoted && is_null(fs->p, fs->n)) || fs->n == 0) {
        st->no_name++;
        continue;
      }
      st->rows++;
      if ((rc = row(ctx, fc->p, fc->n, fs->p, fs->n, at)) < 0)
        return rc;
    }
  }
  return CR_OK;
}

int cr_pairs_read(cr_pairs_stats *stats, const void *bytes, size_t len,
                  const char *name, cr_pairs_row_fn row, void *ctx)
{
  const uint8_t *data = bytes;
  reader r;
  cr_buf text = CR_BUF_INIT;
  cr_pairs_stats st;
  const uint8_t *nul;
  int rc;
  memset(&r, 0, sizeof r);
  memset(&st, 0, sizeof st);
  r.name = name ? name : "(pairs)";
  r.line = 1;
  r.delim = ',';
  if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF)
    return cr_error_set(CR_EPARSE, "%s: UTF-16 big-endian text: save the "
                        "export as UTF-8 or as Unicode (UTF-16LE)", r.name);
  if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE) {
    size_t i, line = 1;
    if (len % 2)
      return cr_error_set(CR_EPARSE, "%s: UTF-16LE text of an odd number "
                          "of bytes (%zu): the file is cut short", r.name, len);
    for (i = 2; i + 1 < len; i += 2) {
      if (data[i] == 0 && data[i + 1] == 0)
        return perr(&r, line, "a NUL character");
      line += data[i] == '\n' && data[i + 1] == 0;
    }
    if ((rc = cr_utf16_to_utf8(&text, data + 2, (len - 2) / 2)) < 0)
      return rc;
  } else {
    size_t skip = len >= 3 && data[0] == 0xEF && data[1] == 0xBB &&
                  data[2] == 0xBF ? 3 : 0;
    if ((nul = memchr(data, 0, len)) != NULL) {
      size_t line = 1, i;
      for (i = 0; data + i < nul; i++)
        line += data[i] == '\n';
      return perr(&r, line, "a NUL byte%s", len > 1 && (data[1] == 0 ||
                  data[0] == 0) ? ": UTF-16 text without a byte-order mark? "
                  "save it as UTF-8 or Unicode" : "");
    }
    if (!cr_utf8_valid(data + skip, len - skip)) {
      size_t i;
      if (skip) { /* marked UTF-8 must be UTF-8: name the line */
        size_t line = 1, k;
        uint32_t cp;
        for (i = skip; i < len; i += k) {
          k = data[i] < 0x80 ? 1 : cr_utf8_decode(data + i, len - i, &cp);
          if (!k)
            return perr(&r, line, "not UTF-8, though the file starts with "
                        "a UTF-8 byte-order mark");
          line += data[i] == '\n';
        }
      }
      for (i = 0; i < len; i++)
        cr_buf_put_utf8(&text, cr_cp1252_decode(data[i]));
      if (cr_buf_status(&text) < 0)
        return cr_error_oom();
    } else {
      r.p = (const char *)data + skip;
      r.end = (const char *)data + len;
    }
  }
  if (text.ptr) {
    r.p = text.ptr;
    r.end = text.ptr + text.len;
  } else if (!r.p) {
    r.p = r.end = "";
  }
  rc = parse(&st, &r, row, ctx);
  cr_buf_dispose(&text);
  cr_buf_dispose(&r.own[0]);
  cr_buf_dispose(&r.own[1]);
  cr_buf_dispose(&r.own[2]);
  if (stats)
    *stats = st;
  return rc;
}
