/*
 * regfile_read.c - the .reg reader (see regfile.h).
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
 */
#include "regfile_parser.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REG_MAX_DEPTH 512
#define REG_MAX_KEY_NAME 255
#define REG_MAX_VALUE_NAME 16383

static const char header_500[] = "Windows Registry Editor Version 5.00";
static const char header_4[] = "REGEDIT4";

/* ---------------------------------------------------------------- */
/* Header.                                                          */
/* ---------------------------------------------------------------- */

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

  if (del) {
    ps->have_key = false;
    ps->in_deleted = true;
    if (ps->sink && ps->sink->delete_key) {
      cr_error_clear();
      if ((rc = ps->sink->delete_key(ps->sink->ctx, ps->key.ptr)) < 0)
        return rp_sink_failed(ps, ps->lineno, rc);
    }
  } else {
    ps->have_key = true;
    ps->in_deleted = false;
    if (ps->sink && ps->sink->open_key) {
      cr_error_clear();
      if ((rc = ps->sink->open_key(ps->sink->ctx, ps->key.ptr)) < 0)
        return rp_sink_failed(ps, ps->lineno, rc);
    }
  }
  return 0;
}

/* ---------------------------------------------------------------- */
/* Values.                                                          */
/* ---------------------------------------------------------------- */

/* *pp is just after an opening '"'. Unescapes into `out` and leaves *pp
 * just after the closing '"'. */
static int parse_quoted(parser *ps, const char **pp, const char *end,
                        cr_buf *out, const char *what)
{
  const char *p = *pp, *run = p;
  out->len = 0;
  cr_buf_put(out, "", 0);
  while (p < end) {
    if (*p == '"') {
      cr_buf_put(out, run, (size_t)(p - run));
      *pp = p + 1;
      return out->failed ? rp_oom(ps) : 0;
    }
    if (*p == '\\') {
      char c;
      cr_buf_put(out, run, (size_t)(p - run));
      if (p + 1 >= end)
        break;
      switch (p[1]) {
      case '\\': c = '\\'; break;
      case '"': c = '"'; break;
      case 'n': c = '\n'; break;
      case 'r': c = '\r'; break;
      default:
        return rp_err(ps, ps->lineno, "unknown escape sequence '\\%.*s' in "
                    "the %s (only \\\\, \\\", \\n and \\r are allowed)",
                    rp_char_len(p + 1, end), p + 1, what);
      }
      cr_buf_putc(out, c);
      p += 2;
      run = p;
      continue;
    }
    p++;
  }
  return rp_err(ps, ps->lineno, "unterminated %s: missing the closing '\"'",
              what);
}

/* "dword:" has been matched; p is after it. */
static int parse_dword(parser *ps, const char *p, const char *end)
{
  const char *q;
  uint32_t v = 0;
  p = rp_skip_ws(p, end);
  q = p;
  while (q < end && rp_is_alnum(*q))
    q++;
  if (q == p)
    return rp_err(ps, ps->lineno, "dword: needs 1 to 8 hex digits");
  {
    const char *r;
    for (r = p; r < q; r++)
      if (!rp_is_hex(*r))
        return rp_err(ps, ps->lineno, "dword value '%.*s%s' is not a hex "
                    "number", EXCERPT(p, q));
  }
  if (q - p > 8)
    return rp_err(ps, ps->lineno, "dword value '%.*s%s' has %lu hex digits; "
                "at most 8 are allowed", EXCERPT(p, q),
                (unsigned long)(q - p));
  for (; p < q; p++)
    v = (v << 4) | rp_hex_val(*p);
  {
    int rc = rp_expect_end(ps, q, end, "the dword value");
    uint8_t le[4];
    if (rc < 0)
      return rc;
    le[0] = (uint8_t)v;
    le[1] = (uint8_t)(v >> 8);
    le[2] = (uint8_t)(v >> 16);
    le[3] = (uint8_t)(v >> 24);
    ps->data.len = 0;
    cr_buf_put(&ps->data, le, 4);
  }
  return ps->data.failed ? rp_oom(ps) : 0;
}

/* A comma-separated list of two-digit hex bytes starting at p, continued
 * over physical lines ending in '\'. Bytes go to ps->data. */
static int parse_hex_list(parser *ps, const char *p, const char *end)
{
  enum { H_START, H_AFTER_BYTE, H_AFTER_COMMA } st = H_START;
  int rc;
  ps->data.len = 0;
  for (;;) {
    const char *q;
    p = rp_skip_ws(p, end);
    if (p == end || *p == ';') {
      if (st == H_AFTER_COMMA)
        return rp_err(ps, ps->lineno, "hex data ends with ','; a '\\' is "
                    "needed to continue it on the next line");
      break;
    }
    if (*p == '\\') {
      unsigned long at = ps->lineno;
      if ((rc = rp_expect_end(ps, p + 1, end, "the '\\' continuation")) < 0)
        return rc;
      for (;;) {
        if ((rc = rp_next_line(ps)) < 0)
          return rc;
        if (rc == 0)
          return rp_err(ps, at, "the file ends after a '\\' continuation "
                      "of hex data");
        p = rp_skip_ws(ps->line.ptr, ps->line.ptr + ps->line.len);
        end = ps->line.ptr + ps->line.len;
        if (p < end && *p != ';')
          break; /* blank and comment lines inside are skipped */
      }
      continue;
    }
    if (st == H_AFTER_BYTE) {
      if (*p != ',')
        return rp_err(ps, ps->lineno, "expected ',' between hex bytes, "
                    "found '%.*s%s'", EXCERPT(p, end));
      st = H_AFTER_COMMA;
      p++;
      continue;
    }
    if (*p == ',')
      return rp_err(ps, ps->lineno, "missing hex byte before ','");
    q = p;
    while (q < end && rp_is_alnum(*q))
      q++;
    if (q == p)
      return rp_err(ps, ps->lineno, "unexpected character '%.*s' in hex data",
                  rp_char_len(p, end), p);
    if (q - p != 2 || !rp_is_hex(p[0]) || !rp_is_hex(p[1])) {
      const char *r;
      for (r = p; r < q; r++)
        if (!rp_is_hex(*r))
          return rp_err(ps, ps->lineno, "'%.*s%s' is not a hex byte",
                      EXCERPT(p, q));
      return rp_err(ps, ps->lineno, "hex byte '%.*s%s' must have exactly two "
                  "hex digits", EXCERPT(p, q));
    }
    cr_buf_putc(&ps->data, (char)((rp_hex_val(p[0]) << 4) | rp_hex_val(p[1])));
    st = H_AFTER_BYTE;
    p = q;
  }
  return ps->data.failed ? rp_oom(ps) : 0;
}

/* REGEDIT4: ANSI bytes of a string type become UTF-16LE. */
static int ansi_to_utf16(parser *ps)
{
  const uint8_t *s = (const uint8_t *)ps->data.ptr;
  size_t n = ps->data.len, i;
  ps->conv.len = 0;
  if (n && ps->enc != ENC_CP1252 && cr_utf8_valid(s, n)) {
    if (cr_utf8_to_utf16(&ps->conv, (const char *)s, n) < 0)
      return rp_oom(ps);
  } else {
    for (i = 0; i < n; i++)
      cr_buf_put_u16(&ps->conv, (uint16_t)cr_cp1252_decode(s[i]));
  }
  ps->data.len = 0;
  cr_buf_put(&ps->data, ps->conv.ptr, ps->conv.len);
  return (ps->data.failed || ps->conv.failed) ? rp_oom(ps) : 0;
}

static int parse_value_line(parser *ps, const char *p, const char *end)
{
  unsigned long first = ps->lineno;
  uint32_t type;
  bool del = false;
  int rc;

  if (*p == '@') {
    ps->name.len = 0;
    cr_buf_put(&ps->name, "", 0);
    p++;
  } else {
    p++; /* '"' */
    if ((rc = parse_quoted(ps, &p, end, &ps->name, "value name")) < 0)
      return rc;
    if (rp_utf16_units(ps->name.ptr, ps->name.len) > REG_MAX_VALUE_NAME)
      return rp_err(ps, ps->lineno, "value name is longer than %d characters",
                  REG_MAX_VALUE_NAME);
  }
  p = rp_skip_ws(p, end);
  if (p == end || *p != '=')
    return rp_err(ps, ps->lineno, "expected '=' after the value name");
  p = rp_skip_ws(p + 1, end);
  if (!ps->have_key && !ps->in_deleted)
    return rp_err(ps, ps->lineno, "value outside of any [key] section");

  if (p < end && *p == '-') {
    if ((rc = rp_expect_end(ps, p + 1, end, "'=-'")) < 0)
      return rc;
    del = true;
    type = CR_REG_NONE;
  } else if (p < end && *p == '"') {
    p++;
    if ((rc = parse_quoted(ps, &p, end, &ps->text, "string")) < 0)
      return rc;
    if ((rc = rp_expect_end(ps, p, end, "the closing '\"'")) < 0)
      return rc;
    ps->data.len = 0;
    if (cr_utf8_to_utf16(&ps->data, ps->text.ptr, ps->text.len) < 0)
      return rp_oom(ps);
    cr_buf_put_u16(&ps->data, 0);
    if (ps->data.failed)
      return rp_oom(ps);
    type = CR_REG_SZ;
  } else if (rp_starts_ci(p, end, "dword:")) {
    if ((rc = parse_dword(ps, p + 6, end)) < 0)
      return rc;
    type = CR_REG_DWORD;
  } else if (rp_starts_ci(p, end, "hex:")) {
    if ((rc = parse_hex_list(ps, p + 4, end)) < 0)
      return rc;
    type = CR_REG_BINARY;
  } else if (rp_starts_ci(p, end, "hex(")) {
    const char *q, *digits;
    p += 4;
    q = p;
    while (q < end && rp_is_alnum(*q))
      q++;
    if (q == p || q >= end || *q != ')')
      return rp_err(ps, ps->lineno, "hex(N): N must be 1 to 8 hex digits "
                  "followed by ')'");
    for (digits = p; digits < q; digits++)
      if (!rp_is_hex(*digits))
        return rp_err(ps, ps->lineno, "hex(%.*s%s): the type is not a hex "
                    "number", EXCERPT(p, q));
    digits = p;
    while (digits + 1 < q && *digits == '0')
      digits++;
    if (q - digits > 8)
      return rp_err(ps, ps->lineno, "hex(%.*s%s): the type is larger than "
                  "ffffffff", EXCERPT(p, q));
    type = 0;
    for (; digits < q; digits++)
      type = (type << 4) | rp_hex_val(*digits);
    if (q + 1 >= end || q[1] != ':')
      return rp_err(ps, ps->lineno, "expected ':' after hex(%.*s%s)",
                  EXCERPT(p, q));
    if ((rc = parse_hex_list(ps, q + 2, end)) < 0)
      return rc;
    if (ps->regedit4 && (type == CR_REG_SZ || type == CR_REG_EXPAND_SZ ||
                         type == CR_REG_MULTI_SZ) &&
        (rc = ansi_to_utf16(ps)) < 0)
      return rc;
  } else {
    return rp_err(ps, ps->lineno, "unrecognised value data '%.*s%s' "
                "(expected \"string\", dword:, hex:, hex(N): or -)",
                EXCERPT(p, end));
  }

  if (ps->in_deleted)
    return 0; /* regedit ignores values under a [-KEY] section */
  /* A sink failure is reported at the first line of the value. */
  if (del) {
    if (ps->sink && ps->sink->delete_value) {
      cr_error_clear();
      if ((rc = ps->sink->delete_value(ps->sink->ctx, ps->key.ptr,
                                       ps->name.ptr)) < 0)
        return rp_sink_failed(ps, first, rc);
    }
  } else if (ps->sink && ps->sink->set_value) {
    const uint8_t *d = ps->data.ptr ? (const uint8_t *)ps->data.ptr
                                    : (const uint8_t *)"";
    cr_error_clear();
    if ((rc = ps->sink->set_value(ps->sink->ctx, ps->key.ptr, ps->name.ptr,
                                  type, d, ps->data.len)) < 0)
      return rp_sink_failed(ps, first, rc);
  }
  return 0;
}

/* ---------------------------------------------------------------- */
/* Driver.                                                          */
/* ---------------------------------------------------------------- */

static int parse_body(parser *ps)
{
  int rc;
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
      rc = parse_value_line(ps, p, end);
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
  parser ps;
  int rc;
  if (!buf && len)
    return cr_error_set(CR_EINVAL, "cr_regfile_parse: no data");
  memset(&ps, 0, sizeof ps);
  ps.buf = buf;
  ps.len = len;
  ps.file = filename ? filename : "(buffer)";
  ps.sink = sink;

  if (len >= 2 && buf[0] == 0xFF && buf[1] == 0xFE) {
    ps.enc = ENC_UTF16LE;
    ps.pos = 2;
  } else if (len >= 2 && buf[0] == 0xFE && buf[1] == 0xFF) {
    return rp_err(&ps, 1, "UTF-16 big-endian files are not supported; save "
                "the file as UTF-16LE (Unicode) or UTF-8");
  } else if (len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF) {
    ps.enc = ENC_UTF8;
    ps.pos = 3;
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
  /* Check the whole file first, so a malformed one changes nothing. */
  if ((rc = cr_regfile_parse(buf, len, filename, NULL)) < 0)
    return rc;
  ctx.snap = snap;
  ctx.cur = NULL;
  sink.ctx = &ctx;
  sink.delete_key = ss_delete_key;
  sink.open_key = ss_open_key;
  sink.set_value = ss_set_value;
  sink.delete_value = ss_delete_value;
  if ((rc = cr_regfile_parse(buf, len, filename, &sink)) < 0)
    return rc;
  return cr_snap_add_source(snap, filename);
}
