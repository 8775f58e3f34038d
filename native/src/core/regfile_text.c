/*
 * regfile_text.c - the physical text of a .reg file for the reader
 * (regfile_read.c): encodings, one decoded line at a time, and the small
 * helpers both halves share. See regfile.h and regfile_read.c.
 */
#include "regfile_parser.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- */
/* Errors.                                                          */
/* ---------------------------------------------------------------- */

int rp_err(const parser *ps, unsigned long line, const char *fmt, ...)
{
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return cr_error_set(CR_EPARSE, "%s:%lu: %s", ps->file, line, msg);
}

void rp_warn(parser *ps, unsigned long line, const char *fmt, ...)
{
  char msg[1200], full[1400];
  va_list ap;
  if (!ps->warn)
    return;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  snprintf(full, sizeof full, "%s:%lu: %s", ps->file, line, msg);
  ps->warn(ps->warn_ctx, full);
}

/* A sink failure keeps its code; the message gets "<file>:<line>: ". */
int rp_sink_failed(const parser *ps, unsigned long line, int rc)
{
  if (rc >= 0)
    rc = CR_ERROR;
  return cr_error_wrap(rc, "%s:%lu", ps->file, line);
}

int rp_oom(const parser *ps)
{
  cr_error_oom();
  return rp_sink_failed(ps, ps->lineno, CR_ENOMEM);
}

/* ---------------------------------------------------------------- */
/* UTF-8.                                                           */
/* ---------------------------------------------------------------- */

/* Strict UTF-8 and Windows-1252 are common.c's (cr_utf8_decode,
 * cr_utf8_valid, cr_cp1252_decode), shared with the --pairs reader. */

/* Bytes of the (valid) UTF-8 character starting at p, bounded by end. */
int rp_char_len(const char *p, const char *end)
{
  unsigned char c = (unsigned char)*p;
  int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (n > end - p)
    n = (int)(end - p);
  return n;
}

/* UTF-16 units taken by the valid UTF-8 text s[0..n). */
size_t rp_utf16_units(const char *s, size_t n)
{
  size_t i, units = 0;
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c & 0xC0) != 0x80)
      units += c >= 0xF0 ? 2 : 1;
  }
  return units;
}

/* At most 32 bytes of text for a message, cut on a character boundary. */
int rp_excerpt_len(const char *p, const char *end)
{
  const char *q = p;
  while (q < end) {
    int n = rp_char_len(q, end);
    if (q + n - p > 32)
      break;
    q += n;
  }
  return (int)(q - p);
}

/* ---------------------------------------------------------------- */
/* Physical lines.                                                  */
/* ---------------------------------------------------------------- */

/* Reads the next physical line into ps->line: 1 when there was one, 0 at
 * the end of the image, negative on an encoding error in that line. The
 * line is decoded straight into a buffer grown once: a UTF-16 unit or a
 * Windows-1252 byte never takes more than 3 bytes of UTF-8 (a surrogate
 * pair, two units, takes 4). */
int rp_next_line(parser *ps)
{
  const uint8_t *b = ps->buf;
  size_t n = ps->len, start = ps->pos, stop, next, out = 0;
  char *dst;
  if (ps->pos >= n)
    return 0;
  ps->lineno++;
  ps->line.len = 0;

  if (ps->enc == ENC_UTF16LE) {
    size_t i = start;
    while (n - i >= 2 && !(b[i + 1] == 0 && (b[i] == '\n' || b[i] == '\r')))
      i += 2;
    stop = i;
    if (n - i >= 2) {
      i += 2;
      if (b[i - 2] == '\r' && n - i >= 2 && b[i] == '\n' && b[i + 1] == 0)
        i += 2;
    }
    next = i;
  } else {
    size_t i = start;
    while (i < n && b[i] != '\n' && b[i] != '\r')
      i++;
    stop = i;
    if (i < n) {
      i++;
      if (b[i - 1] == '\r' && i < n && b[i] == '\n')
        i++;
    }
    next = i;
  }
  if (stop - start > SIZE_MAX / 3 ||
      cr_buf_grow(&ps->line, (stop - start) * 3) < 0)
    return rp_oom(ps);
  dst = ps->line.ptr;

  if (ps->enc == ENC_UTF16LE) {
    size_t i;
    for (i = start; i + 1 < stop; i += 2) {
      uint32_t u = (uint32_t)b[i] | ((uint32_t)b[i + 1] << 8);
      if (u == 0)
        return rp_err(ps, ps->lineno, "NUL character in the text");
      if (u >= 0xDC00 && u <= 0xDFFF)
        return rp_err(ps, ps->lineno, "invalid UTF-16: unpaired low "
                    "surrogate U+%04X", (unsigned)u);
      if (u >= 0xD800 && u <= 0xDBFF) {
        uint32_t v = 0;
        if (stop - i >= 4)
          v = (uint32_t)b[i + 2] | ((uint32_t)b[i + 3] << 8);
        if (v < 0xDC00 || v > 0xDFFF)
          return rp_err(ps, ps->lineno, "invalid UTF-16: unpaired high "
                      "surrogate U+%04X", (unsigned)u);
        i += 2;
        u = 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00);
      }
      out += cr_utf8_encode(dst + out, u);
    }
    if (stop == n - 1) {
      if (!ps->lenient)
        return rp_err(ps, ps->lineno, "truncated UTF-16 text: the file has "
                      "an odd number of bytes");
      /* reg import reads whole UTF-16 units and drops the odd byte. */
      rp_warn(ps, ps->lineno, "the file has an odd number of bytes: the "
              "last byte is ignored, as reg import ignores it");
      next = n;
    }
  } else if (ps->enc == ENC_UTF8) {
    size_t j = start;
    while (j < stop) {
      uint32_t cp;
      size_t k;
      if (b[j] == 0)
        return rp_err(ps, ps->lineno, "NUL character in the text");
      if (b[j] < 0x80) {
        dst[out++] = (char)b[j++];
        continue;
      }
      if (!(k = cr_utf8_decode(b + j, stop - j, &cp)))
        return rp_err(ps, ps->lineno, "invalid UTF-8 (byte 0x%02X at "
                    "column %lu)", b[j], (unsigned long)(j - start + 1));
      memcpy(dst + out, b + j, k);
      out += k;
      j += k;
    }
  } else {
    size_t j;
    for (j = start; j < stop; j++) {
      if (b[j] == 0)
        return rp_err(ps, ps->lineno, "NUL character in the text");
      out += cr_utf8_encode(dst + out, cr_cp1252_decode(b[j]));
    }
  }
  dst[out] = '\0';
  ps->line.len = out;
  ps->pos = next;
  return 1;
}

bool rp_is_ws(char c) { return c == ' ' || c == '\t'; }

bool rp_is_hex(char c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
         (c >= 'A' && c <= 'F');
}

bool rp_is_alnum(char c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z');
}

unsigned rp_hex_val(char c)
{
  if (c >= '0' && c <= '9')
    return (unsigned)(c - '0');
  if (c >= 'a' && c <= 'f')
    return (unsigned)(c - 'a' + 10);
  return (unsigned)(c - 'A' + 10);
}

const char *rp_skip_ws(const char *p, const char *end)
{
  while (p < end && rp_is_ws(*p))
    p++;
  return p;
}

/* Nothing but whitespace or a ';' comment may follow a complete item. */
int rp_expect_end(parser *ps, const char *p, const char *end,
                      const char *after)
{
  p = rp_skip_ws(p, end);
  if (p < end && *p != ';')
    return rp_err(ps, ps->lineno, "unexpected text after %s: '%.*s%s'",
                after, EXCERPT(p, end));
  return 0;
}

bool rp_starts_ci(const char *p, const char *end, const char *word)
{
  size_t n = strlen(word);
  return (size_t)(end - p) >= n && cr_strnicmp(p, word, n) == 0;
}
