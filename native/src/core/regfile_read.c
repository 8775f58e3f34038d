/*
 * regfile_read.c - the .reg reader (see regfile.h): the header, key
 * lines and the driver here; value lines in regfile_values.c; encodings
 * and physical lines in regfile_text.c.
 *
 * The image is read one physical line at a time: each line is decoded to
 * UTF-8 into one reused buffer, so memory stays O(longest line + largest
 * value) and line numbers in messages are always physical lines.
 *
 * Encodings:
 *  - FF FE byte-order mark: UTF-16LE; unpaired surrogates, NUL characters
 *    and an odd byte count are errors;
 *  - EF BB BF: UTF-8, strictly validated;
 *  - no mark: UTF-8 when the whole image is valid UTF-8; otherwise
 *    Windows-1252 for REGEDIT4 files, and an error (with the line of the
 *    first bad byte) for 5.00 files.
 *
 * Grammar accepted after the header (blank lines and lines whose first
 * non-blank character is ';' are ignored; spaces and tabs around lines,
 * around '=' and inside hex lists are ignored):
 *
 *   [KEY]  [-KEY]               ']' is the last one on the line; only
 *                               whitespace or a ';' comment may follow
 *   "name"=DATA  @=DATA         names take the escapes \\ \" \n \r
 *   DATA: "string"  dword:1-8 hex digits  hex:bytes  hex(N):bytes  -
 *   bytes: two-digit hex bytes separated by ',', continued on the next
 *          line after a '\' (blank and comment lines in between are
 *          skipped, as Wine's reg does)
 *
 * Choices where regedit is vague or lenient (documented, deliberate):
 *  - a ';' comment after a complete value is allowed (Wine's reg allows
 *    it); any other trailing text is an error;
 *  - string escapes are exactly those Wine's reg export writes and its
 *    import reads: \\ \" \n \r; any other escape is an error;
 *  - value lines after a [-KEY] section are checked for syntax and then
 *    ignored, as regedit ignores them;
 *  - key paths deeper than 512 levels, key name components longer than 255
 *    characters and value names longer than 16383 characters (the
 *    Windows registry limits) are errors; this also keeps the depth of
 *    every snapshot tree bounded;
 *  - in REGEDIT4 files the bytes of hex(1), hex(2) and hex(7) values are
 *    ANSI text and are converted to UTF-16LE unit for unit (NULs kept, no
 *    terminator added): as UTF-8 when they are valid UTF-8 and the file
 *    text was not Windows-1252, as Windows-1252 otherwise.
 * That is strict reading (restore, --strict): the first line below that
 * reg import would skip fails the file, as it always has.
 *
 * Lenient reading (snapshots, the default) reads the file as reg import
 * and regedit do, Wine's reg import (programs/reg/import.c, whose tests
 * run against Windows) being the reference the tests hold it to
 * (tests/wine/regimport_equiv.sh):
 *  - the header is the first line, alone ("REGEDIT4", "Windows Registry
 *    Editor Version 5.00", or "REGEDIT": Windows 3.1 lines
 *    "HKEY_CLASSES_ROOT\key = text" setting default values); another
 *    "REGEDIT..." header is accepted and nothing is read;
 *  - a line that is not a key or a value (a comment, '#', anything else)
 *    is skipped; a key line without ']' or with a blank after '[' too,
 *    and the key open before it stays open;
 *  - the key is the text up to the last ']'; what follows is ignored;
 *    an unknown root or a path starting with '\' opens no key (values
 *    that follow are not set); empty components collapse;
 *  - a value line reg import cannot read is skipped: a malformed name,
 *    no '=', an unknown type (types are lower case), a dword that is not
 *    1-8 hex digits followed only by blanks or a ';' comment, text after
 *    a closing quote other than a ';' comment, a '\0' escape, hex data
 *    it cannot read. Other unknown escapes keep the character. Hex bytes
 *    are read as C's strtoul reads them ("1", "001", "0x1", "+1"), a
 *    trailing ',' is fine, blank and ';' lines inside continued data are
 *    skipped, and a continuation line that does not start with a hex
 *    digit drops the value and is itself consumed;
 *  - hex(1), hex(2) and hex(7) data get a NUL terminator when they lack
 *    one; in files without the FF FE mark their bytes are ANSI text
 *    (converted as above, then terminated);
 *  - in UTF-16 files an odd last byte is dropped; a 5.00 file that is
 *    not UTF-8 is read as Windows-1252, as a Western Windows reads it.
 * Each is a warning with the file and line. Still refused: no header,
 * UTF-16 without the mark or big-endian, NUL characters (reg import
 * loses the text after one), unpaired surrogates (a name ConnReset cannot
 * hold), and names beyond the registry's limits, which Windows refuses
 * (their key or value is skipped with a warning).
 */
#include "regfile_parser.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REG_MAX_DEPTH 512
#define REG_MAX_KEY_NAME 255

static const char header_500[] = "Windows Registry Editor Version 5.00";
static const char header_4[] = "REGEDIT4";

/* ---------------------------------------------------------------- */
/* Header.                                                          */
/* ---------------------------------------------------------------- */

/* reg import: the first line, after leading blanks, is the header alone
 * (Wine's tests: "\nREGEDIT4" and "regedit4" fail on Windows; "REGEDIT4
 * FOO" and "REGEDIT5" are accepted and import nothing). */
static int read_header_lenient(parser *ps, bool *nothing)
{
  const char *p, *end;
  size_t n;
  int rc;
  *nothing = false;
  for (;;) {
    if ((rc = rp_next_line(ps)) < 0)
      return rc;
    if (rc == 0)
      return rp_err(ps, ps->lineno ? ps->lineno : 1, "empty file: missing "
                    "the header line 'Windows Registry Editor Version 5.00' "
                    "or 'REGEDIT4'");
    p = rp_skip_ws(ps->line.ptr, ps->line.ptr + ps->line.len);
    end = ps->line.ptr + ps->line.len;
    if (p < end)
      break;
  }
  /* reg import refuses a file whose first line is not the header; a
   * blank line before it is all that is forgiven here, with a warning. */
  if (ps->lineno > 1)
    rp_warn(ps, ps->lineno, "blank lines before the header: reg import "
            "refuses such a file (\"not a registry script\"); read all the "
            "same");
  n = (size_t)(end - p);
  if (n == sizeof header_500 - 1 && memcmp(p, header_500, n) == 0)
    return 0;
  if (n == sizeof header_4 - 1 && memcmp(p, header_4, n) == 0) {
    ps->regedit4 = true;
    return 0;
  }
  if (n == 7 && memcmp(p, "REGEDIT", 7) == 0) {
    ps->win31 = true;
    return 0;
  }
  if (n > 7 && memcmp(p, "REGEDIT", 7) == 0) {
    rp_warn(ps, ps->lineno, "header '%.*s%s': reg import accepts it and reads "
            "nothing from the file, so nothing is read", EXCERPT(p, end));
    *nothing = true;
    return 0;
  }
  return rp_err(ps, ps->lineno, "not a .reg file: the first line must be "
                "the header 'Windows Registry Editor Version 5.00' or "
                "'REGEDIT4' (reg import refuses anything else), found "
                "'%.*s%s'", EXCERPT(p, end));
}

static int read_header(parser *ps)
{
  for (;;) {
    const char *p, *end;
    size_t n;
    int rc = rp_next_line(ps);
    if (rc < 0)
      return rc;
    if (rc == 0)
      return rp_err(ps, 1, "empty file: missing the header line "
                  "'Windows Registry Editor Version 5.00' or 'REGEDIT4'");
    p = ps->line.ptr;
    end = p + ps->line.len;
    p = rp_skip_ws(p, end);
    while (end > p && rp_is_ws(end[-1]))
      end--;
    if (p == end)
      continue; /* blank lines before the header are fine */
    n = (size_t)(end - p);
    if (n == sizeof header_500 - 1 && memcmp(p, header_500, n) == 0) {
      ps->regedit4 = false;
      return 0;
    }
    if (n == sizeof header_4 - 1 && memcmp(p, header_4, n) == 0) {
      ps->regedit4 = true;
      return 0;
    }
    return rp_err(ps, ps->lineno, "not a .reg file: the header must be "
                "'Windows Registry Editor Version 5.00' or 'REGEDIT4', "
                "found '%.*s%s'", EXCERPT(p, end));
  }
}

/* ---------------------------------------------------------------- */
/* [KEY] and [-KEY].                                                */
/* ---------------------------------------------------------------- */

/* The key in ps->key is now the one the lines below set values in (or,
 * `del`, the one removed, whose values go nowhere): tell the sink. */
static int enter_key(parser *ps, bool del)
{
  int rc = 0;
  ps->have_key = !del;
  ps->in_deleted = del;
  if (!ps->sink)
    return 0;
  cr_error_clear();
  if (del && ps->sink->delete_key)
    rc = ps->sink->delete_key(ps->sink->ctx, ps->key.ptr);
  else if (!del && ps->sink->open_key)
    rc = ps->sink->open_key(ps->sink->ctx, ps->key.ptr);
  return rc < 0 ? rp_sink_failed(ps, ps->lineno, rc) : 0;
}

static int parse_key_line(parser *ps, const char *p, const char *end)
{
  const char *close = NULL, *q, *name, *name_end, *rest, *root;
  bool del = false;
  size_t depth = 1;
  int rc;

  p++; /* '[' */
  if (p < end && *p == '-') {
    del = true;
    p++;
  }
  for (q = p; q < end; q++)
    if (*q == ']')
      close = q;
  if (!close)
    return rp_err(ps, ps->lineno, "missing ']' at the end of the key name");
  if ((rc = rp_expect_end(ps, close + 1, end, "']'")) < 0)
    return rc;
  name = p;
  name_end = close;
  if (name == name_end)
    return rp_err(ps, ps->lineno, "empty key name");
  root = cr_reg_root(name, (size_t)(name_end - name), &rest);
  if (!root) {
    q = name;
    while (q < name_end && *q != '\\')
      q++;
    return rp_err(ps, ps->lineno, "unknown root key '%.*s%s' (expected "
                "HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER, HKEY_CLASSES_ROOT, "
                "HKEY_USERS, HKEY_CURRENT_CONFIG or their short forms)",
                EXCERPT(name, q));
  }
  while (name_end > rest && name_end[-1] == '\\')
    name_end--;
  /* Components: none empty, none over 255 characters, depth <= 512. */
  q = rest;
  while (q < name_end) {
    const char *c = q;
    while (q < name_end && *q != '\\')
      q++;
    if (q == c)
      return rp_err(ps, ps->lineno, "empty key name component (two "
                  "backslashes in a row) in the key name");
    if (rp_utf16_units(c, (size_t)(q - c)) > REG_MAX_KEY_NAME)
      return rp_err(ps, ps->lineno, "key name component '%.*s%s' is longer "
                  "than %d characters", EXCERPT(c, q), REG_MAX_KEY_NAME);
    if (++depth > REG_MAX_DEPTH)
      return rp_err(ps, ps->lineno, "key path is nested deeper than %d "
                  "levels", REG_MAX_DEPTH);
    if (q < name_end)
      q++;
  }
  if (del && rest == name_end)
    return rp_err(ps, ps->lineno, "a root key (%s) cannot be deleted", root);

  ps->key.len = 0;
  cr_buf_puts(&ps->key, root);
  if (name_end > rest) {
    cr_buf_putc(&ps->key, '\\');
    cr_buf_put(&ps->key, rest, (size_t)(name_end - rest));
  }
  if (ps->key.failed)
    return rp_oom(ps);

  return enter_key(ps, del);
}

/* Lenient: reg import's reading of a key line. */

/* "values that follow still go to [KEY]" or "... are not set". */
static const char *after_skip(parser *ps, char *buf, size_t size)
{
  if (ps->have_key)
    snprintf(buf, size, SKIP_LINE "; values that follow still go to [%.200s]",
             ps->key.ptr);
  else
    snprintf(buf, size, SKIP_LINE "; values that follow are not set");
  return buf;
}

#define NO_KEY "no key is open, as reg import opens none: values that " \
               "follow are not set"

/* The path after the root into ps->key, empty components collapsed (as
 * RegCreateKeyEx reads them); 0, or 1 when a limit Windows enforces is
 * passed (warned). */
static int key_path(parser *ps, const char *root, const char *rest,
                    const char *end, bool del)
{
  const char *q = rest;
  size_t depth = 1;
  bool empty = false;
  ps->key.len = 0;
  cr_buf_puts(&ps->key, root);
  while (q < end) {
    const char *c = q;
    while (q < end && *q != '\\')
      q++;
    if (q == c) {
      empty = empty || q < end; /* a trailing '\' is fine */
    } else {
      if (rp_utf16_units(c, (size_t)(q - c)) > REG_MAX_KEY_NAME) {
        rp_warn(ps, ps->lineno, "key name component '%.*s%s' is longer "
                "than %d characters: Windows refuses such a key (Wine's "
                "registry takes it), so %s", EXCERPT(c, q),
                REG_MAX_KEY_NAME, del ? "nothing is deleted" : NO_KEY);
        return 1;
      }
      if (++depth > REG_MAX_DEPTH) {
        rp_warn(ps, ps->lineno, "key path is nested deeper than %d levels: "
                "Windows refuses such a key, so %s", REG_MAX_DEPTH,
                del ? "nothing is deleted" : NO_KEY);
        return 1;
      }
      cr_buf_putc(&ps->key, '\\');
      cr_buf_put(&ps->key, c, (size_t)(q - c));
    }
    if (q < end)
      q++;
  }
  if (empty)
    rp_warn(ps, ps->lineno, "empty key name component (two backslashes in "
            "a row): read as one backslash, as reg import reads it");
  return ps->key.failed ? rp_oom(ps) : 0;
}

static int key_line_lenient(parser *ps, const char *p, const char *end)
{
  const char *close = NULL, *q, *name, *name_end, *rest, *root;
  char why[300];
  bool del;
  int rc;

  p++; /* '[' */
  for (q = p; q < end; q++)
    if (*q == ']')
      close = q;
  if (p < end && rp_is_ws(*p)) {
    rp_warn(ps, ps->lineno, "a blank after '[': %s",
            after_skip(ps, why, sizeof why));
    return 0;
  }
  if (!close) {
    rp_warn(ps, ps->lineno, "missing ']' at the end of the key name: %s",
            after_skip(ps, why, sizeof why));
    return 0;
  }
  q = rp_skip_ws(close + 1, end);
  if (q < end && *q != ';')
    rp_warn(ps, ps->lineno, "unexpected text after ']': '%.*s%s': the key is "
            "read and nothing else on the line, as reg import reads it "
            "(values on it are not set)", EXCERPT(q, end));
  name = p;
  name_end = close;
  del = name < name_end && *name == '-';
  if (del) {
    /* reg import closes the open key whatever follows. */
    ps->have_key = false;
    ps->in_deleted = true;
    name++;
    if (name == name_end || (*name != 'H' && *name != 'h')) {
      rp_warn(ps, ps->lineno, "'[-%.*s%s]' does not name a key reg import "
              "deletes: nothing is deleted", EXCERPT(name, name_end));
      return 0;
    }
  } else if (name == name_end) {
    ps->have_key = ps->in_deleted = false;
    rp_warn(ps, ps->lineno, "empty key name: " NO_KEY);
    return 0;
  }
  root = cr_reg_root(name, (size_t)(name_end - name), &rest);
  if (!root || (rest < name_end && *rest == '\\') ||
      (del && rest == name_end)) {
    q = name;
    while (q < name_end && *q != '\\')
      q++;
    if (!del)
      ps->have_key = ps->in_deleted = false;
    if (!root)
      rp_warn(ps, ps->lineno, "unknown root key '%.*s%s': %s",
              EXCERPT(name, q), del ? "nothing is deleted" : NO_KEY);
    else if (rest == name_end)
      rp_warn(ps, ps->lineno, "a root key (%s) cannot be deleted: nothing "
              "is deleted", root);
    else
      rp_warn(ps, ps->lineno, "the key path starts with '\\' after %s: %s",
              root, del ? "nothing is deleted" : NO_KEY);
    return 0;
  }
  if ((rc = key_path(ps, root, rest, name_end, del)) != 0) {
    if (rc > 0 && !del)
      ps->have_key = ps->in_deleted = false;
    return rc < 0 ? rc : 0;
  }
  return enter_key(ps, del);
}

/* Windows 3.1 ("REGEDIT"): "HKEY_CLASSES_ROOT\\key[ =] text" sets the
 * key's default value to text; other lines are not read. */
static int win31_line(parser *ps)
{
  const char *p = ps->line.ptr, *end = p + ps->line.len, *k, *v, *rest;
  int rc;
  if ((size_t)(end - p) < 17 || memcmp(p, "HKEY_CLASSES_ROOT", 17) != 0)
    return 0;
  for (k = p; k < end && *k != ' ' && *k != '\t'; k++)
    ;
  v = rp_skip_ws(k, end);
  if (v < end && *v == '=')
    v++;
  if (v < end && *v == ' ')
    v++; /* at most one space */
  if (!cr_reg_root(p, (size_t)(k - p), &rest))
    return 0;
  if ((rc = key_path(ps, "HKEY_CLASSES_ROOT", rest, k, false)) != 0)
    return rc < 0 ? rc : 0;
  ps->data.len = 0;
  if (cr_utf8_to_utf16(&ps->data, v, (size_t)(end - v)) < 0)
    return rp_oom(ps);
  cr_buf_put_u16(&ps->data, 0);
  if (ps->data.failed)
    return rp_oom(ps);
  if (ps->sink && ps->sink->open_key && ps->sink->set_value) {
    cr_error_clear();
    if ((rc = ps->sink->open_key(ps->sink->ctx, ps->key.ptr)) < 0 ||
        (rc = ps->sink->set_value(ps->sink->ctx, ps->key.ptr, "", CR_REG_SZ,
                                  (const uint8_t *)ps->data.ptr,
                                  ps->data.len)) < 0)
      return rp_sink_failed(ps, ps->lineno, rc);
  }
  return 0;
}

/* ---------------------------------------------------------------- */
/* Driver.                                                          */
/* ---------------------------------------------------------------- */

static int parse_body_lenient(parser *ps)
{
  bool nothing;
  int rc;
  if ((rc = read_header_lenient(ps, &nothing)) < 0 || nothing)
    return rc;
  /* Without a byte-order mark reg import reads the machine's ANSI code
   * page: Windows-1252 is that of a Western Windows, and a file that is
   * not UTF-8 is read so; a UTF-8 one is read as UTF-8 (what its author
   * meant), which reg import does only where the code page is UTF-8. */
  if (ps->enc != ENC_UTF16LE && !ps->utf8_bom) {
    size_t i;
    for (i = 0; i < ps->len && ps->buf[i] < 0x80; i++)
      ;
    if (i < ps->len)
      rp_warn(ps, 1, ps->enc == ENC_CP1252
                ? "not UTF-8 and no byte-order mark: read as Windows-1252, "
                  "as reg import reads it on a Western Windows"
                : "non-ASCII text without a byte-order mark: read as UTF-8; "
                  "reg import reads it in the machine's ANSI code page "
                  "(Windows-1252 on a Western Windows), which differs: save "
                  "the file as UTF-16LE (Unicode)");
  }
  while ((rc = rp_next_line(ps)) > 0) {
    const char *p = ps->line.ptr, *end = p + ps->line.len;
    if (ps->win31) {
      if ((rc = win31_line(ps)) < 0)
        return rc;
      continue;
    }
    p = rp_skip_ws(p, end);
    while (end > p && rp_is_ws(end[-1]))
      end--;
    if (p == end || *p == ';' || *p == '#')
      continue;
    if (*p == '[')
      rc = key_line_lenient(ps, p, end);
    else if (*p == '"' || *p == '@')
      rc = rp_value_line_lenient(ps, p, end);
    else
      rp_warn(ps, ps->lineno, "unexpected text '%.*s%s' (not a [key], a "
              "\"name\"=value or a ; comment): " SKIP_LINE, EXCERPT(p, end));
    if (rc < 0)
      return rc;
  }
  return rc;
}

static int parse_body(parser *ps)
{
  int rc;
  if (ps->lenient)
    return parse_body_lenient(ps);
  if ((rc = read_header(ps)) < 0)
    return rc;
  /* A 5.00 file that is not valid UTF-8 is not Windows-1252 either: read
   * it as UTF-8 so the first bad line is reported. */
  if (!ps->regedit4 && ps->enc == ENC_CP1252)
    ps->enc = ENC_UTF8;
  while ((rc = rp_next_line(ps)) > 0) {
    const char *p = ps->line.ptr, *end = p + ps->line.len;
    p = rp_skip_ws(p, end);
    while (end > p && rp_is_ws(end[-1]))
      end--;
    if (p == end || *p == ';')
      continue;
    if (*p == '[')
      rc = parse_key_line(ps, p, end);
    else if (*p == '"' || *p == '@')
      rc = rp_value_line(ps, p, end);
    else
      rc = rp_err(ps, ps->lineno, "unexpected text '%.*s%s' (expected "
                "[key], \"name\"=value, @=value or a ; comment)",
                EXCERPT(p, end));
    if (rc < 0)
      return rc;
  }
  return rc;
}

int cr_regfile_parse(const uint8_t *buf, size_t len, const char *filename,
                     const cr_reg_sink *sink)
{
  return cr_regfile_parse_opts(buf, len, filename, sink, false, NULL, NULL);
}

int cr_regfile_parse_opts(const uint8_t *buf, size_t len,
                          const char *filename, const cr_reg_sink *sink,
                          bool lenient, cr_reg_warn_fn warn, void *warn_ctx)
{
  parser ps;
  int rc;
  if (!buf && len)
    return cr_error_set(CR_EINVAL, "cr_regfile_parse: no data");
  memset(&ps, 0, sizeof ps);
  ps.buf = buf;
  ps.len = len;
  ps.file = filename ? filename : "(buffer)";
  ps.sink = sink;
  ps.lenient = lenient;
  ps.warn = warn;
  ps.warn_ctx = warn_ctx;

  if (len >= 2 && buf[0] == 0xFF && buf[1] == 0xFE) {
    ps.enc = ENC_UTF16LE;
    ps.pos = 2;
  } else if (len >= 2 && buf[0] == 0xFE && buf[1] == 0xFF) {
    return rp_err(&ps, 1, "UTF-16 big-endian files are not supported; save "
                "the file as UTF-16LE (Unicode) or UTF-8");
  } else if (len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF) {
    ps.enc = ENC_UTF8;
    ps.pos = 3;
    ps.utf8_bom = true;
    if (lenient) /* reg import reads the mark as part of the header */
      rp_warn(&ps, 1, "the file starts with a UTF-8 byte-order mark, which "
              "reg import refuses (\"not a registry script\"): read as "
              "UTF-8 all the same; save it as UTF-16LE (Unicode) for "
              "reg import");
  } else if (len >= 2 && buf[0] != 0 && buf[1] == 0) {
    return rp_err(&ps, 1, "the file looks like UTF-16 text without the "
                "FF FE byte-order mark");
  } else {
    ps.enc = cr_utf8_valid(buf, len) ? ENC_UTF8 : ENC_CP1252;
  }

  rc = parse_body(&ps);
  cr_buf_dispose(&ps.line);
  cr_buf_dispose(&ps.key);
  cr_buf_dispose(&ps.name);
  cr_buf_dispose(&ps.text);
  cr_buf_dispose(&ps.data);
  cr_buf_dispose(&ps.conv);
  return rc < 0 ? rc : CR_OK;
}

/* ---------------------------------------------------------------- */
/* Loading into a snapshot.                                         */
/* ---------------------------------------------------------------- */

typedef struct snap_sink {
  cr_snapshot *snap;
  cr_key *cur; /* the key of the last [KEY]; the parser sends values only
                * for that key */
} snap_sink;

static int ss_delete_key(void *ctx, const char *path)
{
  snap_sink *s = ctx;
  s->cur = NULL;
  return cr_snap_delete_key(s->snap, path);
}

static int ss_open_key(void *ctx, const char *path)
{
  snap_sink *s = ctx;
  return cr_snap_make_key(&s->cur, s->snap, path);
}

static int ss_key(snap_sink *s, const char *path)
{
  return s->cur ? CR_OK : cr_snap_make_key(&s->cur, s->snap, path);
}

static int ss_set_value(void *ctx, const char *key, const char *name,
                        uint32_t type, const uint8_t *data, size_t len)
{
  snap_sink *s = ctx;
  int rc = ss_key(s, key);
  return rc < 0 ? rc : cr_key_set_value(s->cur, name, type, data, len);
}

static int ss_delete_value(void *ctx, const char *key, const char *name)
{
  snap_sink *s = ctx;
  int rc = ss_key(s, key);
  return rc < 0 ? rc : (cr_key_delete_value(s->cur, name), CR_OK);
}

static void snap_warn(void *ctx, const char *message)
{
  cr_snap_add_warning(ctx, message);
}

int cr_regfile_load(cr_snapshot *snap, const uint8_t *buf, size_t len,
                    const char *filename)
{
  snap_sink ctx;
  cr_reg_sink sink;
  int rc;
  if (!snap)
    return cr_error_set(CR_EINVAL, "cr_regfile_load: no snapshot");
  if (!filename)
    filename = "(buffer)";
  /* Check the whole file first, so a malformed one changes nothing; the
   * warnings come from the second pass. */
  if ((rc = cr_regfile_parse_opts(buf, len, filename, NULL, !snap->strict,
                                  NULL, NULL)) < 0)
    return rc;
  ctx.snap = snap;
  ctx.cur = NULL;
  sink.ctx = &ctx;
  sink.delete_key = ss_delete_key;
  sink.open_key = ss_open_key;
  sink.set_value = ss_set_value;
  sink.delete_value = ss_delete_value;
  if ((rc = cr_regfile_parse_opts(buf, len, filename, &sink, !snap->strict,
                                  snap_warn, snap)) < 0)
    return rc;
  return cr_snap_add_source(snap, filename);
}
