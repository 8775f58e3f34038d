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
#define REG_MAX_VALUE_NAME 16383

static const char header_500[] = "Windows Registry Editor Version 5.00";
static const char header_4[] = "REGEDIT4";

#define SKIP_LINE "the line is skipped, as reg import skips it"
#define NOT_SET "the value is not set, as reg import does not set it"

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
  if (del) {
    if (ps->sink && ps->sink->delete_key) {
      cr_error_clear();
      if ((rc = ps->sink->delete_key(ps->sink->ctx, ps->key.ptr)) < 0)
        return rp_sink_failed(ps, ps->lineno, rc);
    }
    return 0;
  }
  ps->have_key = true;
  ps->in_deleted = false;
  if (ps->sink && ps->sink->open_key) {
    cr_error_clear();
    if ((rc = ps->sink->open_key(ps->sink->ctx, ps->key.ptr)) < 0)
      return rp_sink_failed(ps, ps->lineno, rc);
  }
  return 0;
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
/* Values.                                                          */
/* ---------------------------------------------------------------- */

/* *pp is just after an opening '"': unescapes into `out` up to the
 * closing '"' and leaves *pp just after it (*closed true). The escapes are
 * \\, \", \n and \r. Strict, any other escape and a missing closing quote
 * are errors. Lenient (as reg import): an unknown escape keeps its
 * character with a warning, and a '\0' escape, a '\' ending the line or no
 * closing quote give up on the text (*closed false, no error). */
static int unquote(parser *ps, const char **pp, const char *end, cr_buf *out,
                   const char *what, bool lenient, bool *closed)
{
  const char *p = *pp, *run = p;
  *closed = false;
  out->len = 0;
  cr_buf_put(out, "", 0);
  while (p < end) {
    if (*p == '"') {
      cr_buf_put(out, run, (size_t)(p - run));
      *pp = p + 1;
      *closed = true;
      return out->failed ? rp_oom(ps) : 0;
    }
    if (*p == '\\') {
      int n;
      cr_buf_put(out, run, (size_t)(p - run));
      if (p + 1 >= end || (lenient && p[1] == '0'))
        break;
      n = rp_char_len(p + 1, end);
      switch (p[1]) {
      case '\\': cr_buf_putc(out, '\\'); break;
      case '"': cr_buf_putc(out, '"'); break;
      case 'n': cr_buf_putc(out, '\n'); break;
      case 'r': cr_buf_putc(out, '\r'); break;
      default:
        if (!lenient)
          return rp_err(ps, ps->lineno, "unknown escape sequence '\\%.*s' "
                        "in the %s (only \\\\, \\\", \\n and \\r are allowed)",
                        n, p + 1, what);
        rp_warn(ps, ps->lineno, "unknown escape sequence '\\%.*s' in the %s: "
                "read as '%.*s', as reg import reads it", n, p + 1, what, n,
                p + 1);
        cr_buf_put(out, p + 1, (size_t)n);
      }
      p += 1 + n;
      run = p;
      continue;
    }
    p++;
  }
  if (lenient)
    return out->failed ? rp_oom(ps) : 0;
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
  bool del = false, closed;
  int rc;

  if (*p == '@') {
    ps->name.len = 0;
    cr_buf_put(&ps->name, "", 0);
    p++;
  } else {
    p++; /* '"' */
    if ((rc = unquote(ps, &p, end, &ps->name, "value name", false,
                      &closed)) < 0)
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
    if ((rc = unquote(ps, &p, end, &ps->text, "string", false, &closed)) < 0)
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
/* Lenient values: as reg import reads them.                        */
/* ---------------------------------------------------------------- */

/* A number as reg import reads one (the C library's strtoul in base 16:
 * blanks, a sign, an optional 0x, hex digits; 32 bits). *endp is `s`
 * when there is no number; *overflow when it passes 32 bits. */
static uint32_t hex_number(const char *s, const char *end, const char **endp,
                           bool *overflow)
{
  const char *p = s;
  uint64_t v = 0;
  bool neg = false;
  *overflow = false;
  while (p < end && (rp_is_ws(*p) || *p == '\v' || *p == '\f'))
    p++;
  if (p < end && (*p == '+' || *p == '-')) {
    neg = *p == '-';
    p++;
  }
  if (end - p >= 3 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
      rp_is_hex(p[2]))
    p += 2;
  if (p >= end || !rp_is_hex(*p)) {
    *endp = s;
    return 0;
  }
  while (p < end && rp_is_hex(*p)) {
    v = (v << 4) | rp_hex_val(*p++);
    if (v > 0xFFFFFFFFu) {
      *overflow = true;
      v = 0xFFFFFFFFu;
    }
  }
  *endp = p;
  if (*overflow)
    return 0xFFFFFFFFu;
  return neg ? (uint32_t)(0x100000000ull - v) : (uint32_t)v;
}

enum { HEX_OK = 0, HEX_BAD, HEX_BAD_LINE };

/* Hex data as reg import reads it, from p, over '\' continuations; the
 * bytes go to ps->data. HEX_BAD: the value is dropped; HEX_BAD_LINE: so
 * is the continuation line that broke it (reg import consumed it).
 * *irregular: bytes written other than as two hex digits, or a trailing
 * ','. *eof: the file ended inside continued data. */
static int hex_lenient(parser *ps, const char *p, const char *end,
                       int *result, bool *irregular, bool *eof)
{
  const char *s = p;
  int rc;
  *result = HEX_OK;
  *irregular = *eof = false;
  ps->data.len = 0;
  for (;;) {
    bool more = false;
    while (s < end) {
      bool ov;
      const char *q;
      uint32_t v = hex_number(s, end, &q, &ov);
      if (v > 0xff) {
        *result = HEX_BAD;
        return 0;
      }
      if (q == s) { /* no number here */
        const char *e = rp_skip_ws(s, end);
        if (e < end && *e == '\\') {
          const char *r = rp_skip_ws(e + 1, end);
          if (r < end && *r != ';') {
            *result = HEX_BAD;
            return 0;
          }
          more = true;
          break;
        }
        if (e < end && *e == ';')
          break;
        *result = HEX_BAD;
        return 0;
      }
      if (q - s != 2 || !rp_is_hex(s[0]))
        *irregular = true;
      cr_buf_putc(&ps->data, (char)v);
      if (q < end && *q != ',') {
        const char *r = rp_skip_ws(q, end);
        if (r < end && *r != ';') {
          *result = HEX_BAD;
          return 0;
        }
        break;
      }
      if (q < end) {
        q++; /* ',' */
        if (q == end)
          *irregular = true; /* a trailing ',' */
      }
      s = q;
    }
    if (!more)
      return ps->data.failed ? rp_oom(ps) : 0;
    /* The next line that is not blank or a ';' comment carries on. */
    for (;;) {
      if ((rc = rp_next_line(ps)) < 0)
        return rc;
      if (rc == 0) {
        *eof = true;
        return ps->data.failed ? rp_oom(ps) : 0;
      }
      end = ps->line.ptr + ps->line.len;
      s = rp_skip_ws(ps->line.ptr, end);
      if (s < end && *s != ';')
        break;
    }
    if (!rp_is_hex(*s)) {
      *result = HEX_BAD_LINE;
      return 0;
    }
  }
}

/* hex(1), hex(2), hex(7) as reg import stores them: a NUL terminator when
 * the data lacks one; in a file without the FF FE mark the bytes are ANSI
 * text, terminated then converted. 0, or 1 when reg import's result is
 * undefined (odd-sized UTF-16). */
static int string_data_lenient(parser *ps, uint32_t type)
{
  size_t n = ps->data.len;
  const uint8_t *d = (const uint8_t *)ps->data.ptr;
  if ((type != CR_REG_SZ && type != CR_REG_EXPAND_SZ &&
       type != CR_REG_MULTI_SZ) || n == 0)
    return 0;
  if (ps->enc == ENC_UTF16LE) {
    if (n % 2)
      return 1;
    if (d[n - 2] || d[n - 1])
      cr_buf_put_u16(&ps->data, 0);
    return ps->data.failed ? rp_oom(ps) : 0;
  }
  if (n >= 4 && n % 2 == 0) {
    size_t i;
    bool utf16 = true;
    for (i = 1; i < n && utf16; i += 2)
      utf16 = d[i] == 0;
    if (utf16)
      rp_warn(ps, ps->lineno, "these hex bytes look like UTF-16, but in a "
              "file without the FF FE byte-order mark reg import reads them "
              "as ANSI text, one character per byte (and so does "
              "ConnReset): save the file as UTF-16LE (Unicode)");
  }
  if (d[n - 1])
    cr_buf_putc(&ps->data, 0);
  if (ps->data.failed)
    return rp_oom(ps);
  return ansi_to_utf16(ps);
}

static int value_line_lenient(parser *ps, const char *p, const char *end)
{
  unsigned long first = ps->lineno;
  uint32_t type = CR_REG_NONE;
  bool ok, del = false, too_long = false;
  int rc;

  if (*p == '@') {
    ps->name.len = 0;
    cr_buf_put(&ps->name, "", 0);
    p++;
  } else {
    p++; /* '"' */
    if ((rc = unquote(ps, &p, end, &ps->name, "value name", true, &ok)) < 0)
      return rc;
    if (!ok) {
      rp_warn(ps, first, "a value name reg import cannot read (no closing "
              "'\"', or a \\0 escape): " SKIP_LINE);
      return 0;
    }
    too_long = rp_utf16_units(ps->name.ptr, ps->name.len) > REG_MAX_VALUE_NAME;
  }
  p = rp_skip_ws(p, end);
  if (p == end || *p != '=') {
    rp_warn(ps, first, "expected '=' after the value name: " SKIP_LINE);
    return 0;
  }
  p = rp_skip_ws(p + 1, end);

  if (p < end && *p == '-') {
    const char *r = rp_skip_ws(p + 1, end);
    if (r < end && *r != ';') {
      rp_warn(ps, first, "unexpected text after '=-': '%.*s%s': nothing is "
              "deleted, as reg import deletes nothing", EXCERPT(r, end));
      return 0;
    }
    del = true;
  } else if (p < end && *p == '"') {
    const char *r;
    p++;
    if ((rc = unquote(ps, &p, end, &ps->text, "string", true, &ok)) < 0)
      return rc;
    r = ok ? rp_skip_ws(p, end) : end;
    if (!ok || (r < end && *r != ';')) {
      if (ok)
        rp_warn(ps, first, "unexpected text after the closing '\"': "
                "'%.*s%s' (only a ';' comment may follow): " NOT_SET,
                EXCERPT(r, end));
      else
        rp_warn(ps, first, "a string reg import cannot read (no closing "
                "'\"', or a \\0 escape): " NOT_SET);
      return 0;
    }
    ps->data.len = 0;
    if (cr_utf8_to_utf16(&ps->data, ps->text.ptr, ps->text.len) < 0)
      return rp_oom(ps);
    cr_buf_put_u16(&ps->data, 0);
    if (ps->data.failed)
      return rp_oom(ps);
    type = CR_REG_SZ;
  } else if ((size_t)(end - p) >= 6 && memcmp(p, "dword:", 6) == 0) {
    const char *q = rp_skip_ws(p + 6, end), *r;
    uint32_t v = 0;
    uint8_t le[4];
    for (r = q; r < end && rp_is_hex(*r); r++)
      v = (v << 4) | rp_hex_val(*r);
    if (r == q || r - q > 8 ||
        ((r = rp_skip_ws(r, end)) < end && *r != ';')) {
      rp_warn(ps, first, "dword value '%.*s%s' is not 1 to 8 hex digits "
              "followed by blanks or a ';' comment: " NOT_SET,
              EXCERPT(q, end));
      return 0;
    }
    le[0] = (uint8_t)v;
    le[1] = (uint8_t)(v >> 8);
    le[2] = (uint8_t)(v >> 16);
    le[3] = (uint8_t)(v >> 24);
    ps->data.len = 0;
    cr_buf_put(&ps->data, le, 4);
    if (ps->data.failed)
      return rp_oom(ps);
    type = CR_REG_DWORD;
  } else if ((size_t)(end - p) >= 4 && (memcmp(p, "hex:", 4) == 0 ||
                                        memcmp(p, "hex(", 4) == 0)) {
    int result;
    bool irregular, eof, ov;
    const char *data = p + 4;
    type = CR_REG_BINARY;
    if (p[3] == '(') {
      const char *q;
      uint32_t t;
      if (data == end || (end - data >= 2 && (data[1] == 'x' ||
                                               data[1] == 'X'))) {
        rp_warn(ps, first, "hex(N): reg import cannot read this type: "
                NOT_SET);
        return 0;
      }
      t = hex_number(data, end, &q, &ov);
      if (ov || q >= end || *q != ')' || q + 1 >= end || q[1] != ':') {
        rp_warn(ps, first, "hex(N): N must be a hex number followed by "
                "'):': " NOT_SET);
        return 0;
      }
      type = t;
      data = q + 2;
    }
    if ((rc = hex_lenient(ps, data, end, &result, &irregular, &eof)) < 0)
      return rc;
    if (result != HEX_OK) {
      if (result == HEX_BAD_LINE)
        rp_warn(ps, ps->lineno, "the hex data of the value on line %lu "
                "continues into a line that does not start with a hex "
                "digit: the value is not set and this line is not read "
                "either, as reg import does", first);
      else
        rp_warn(ps, ps->lineno, "hex data reg import cannot read: "
                NOT_SET);
      return 0;
    }
    if (irregular)
      rp_warn(ps, first, "hex bytes written other than as two hex digits "
              "separated by ',' (or with a trailing ','): read as reg "
              "import reads them");
    if (eof)
      rp_warn(ps, ps->lineno, "the file ends after a '\\' continuation of "
              "hex data: the value is set with the bytes read, as reg "
              "import sets it");
    if ((rc = string_data_lenient(ps, type)) != 0) {
      if (rc > 0)
        rp_warn(ps, first, "string data of an odd number of bytes: what "
                "reg import stores is undefined (it reads past its "
                "buffer): " NOT_SET);
      return rc < 0 ? rc : 0;
    }
  } else if (rp_starts_ci(p, end, "dword:") || rp_starts_ci(p, end, "hex:") ||
             rp_starts_ci(p, end, "hex(")) {
    rp_warn(ps, first, "'%.*s': reg import knows the data types in lower "
            "case only: " NOT_SET, (int)(p[3] == ':' || p[3] == '(' ? 4 : 6),
            p);
    return 0;
  } else {
    rp_warn(ps, first, "unrecognised value data '%.*s%s' (expected "
            "\"string\", dword:, hex:, hex(N): or -): " NOT_SET,
            EXCERPT(p, end));
    return 0;
  }

  if (too_long) {
    rp_warn(ps, first, "value name is longer than %d characters: Windows "
            "refuses it, so the value is not set", REG_MAX_VALUE_NAME);
    return 0;
  }
  if (!ps->have_key) {
    rp_warn(ps, first, "%s: %s", ps->in_deleted
                                   ? "value under a deleted [-key] section"
                                   : "value outside of any [key] section",
            del ? "nothing is deleted, as reg import deletes nothing"
                : NOT_SET);
    return 0;
  }
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
      rc = value_line_lenient(ps, p, end);
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
