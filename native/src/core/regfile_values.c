/*
 * regfile_values.c - the value lines of a .reg file ("name"=DATA, @=DATA),
 * strict (rp_value_line) and as reg import reads them
 * (rp_value_line_lenient); the rules are in regfile_read.c's header. The
 * driver there calls them with the line's first non-blank character a '"'
 * or '@'.
 */
#include "regfile_parser.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REG_MAX_VALUE_NAME 16383

#define NOT_SET "the value is not set, as reg import does not set it"

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

/* Hands the value read (ps->name, ps->data) to the sink: deleted, or set
 * with `type`. A sink failure is reported at the value's first line. */
static int sink_value(parser *ps, unsigned long first, bool del,
                      uint32_t type)
{
  int rc;
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

int rp_value_line(parser *ps, const char *p, const char *end)
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
  return sink_value(ps, first, del, type);
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

int rp_value_line_lenient(parser *ps, const char *p, const char *end)
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
  return sink_value(ps, first, del, type);
}
