/* json_read.c - the strict JSON reader (see json_read.h). Recursive
 * descent with a depth limit, so hostile input cannot exhaust the stack. */
#include "json_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64

typedef struct parser {
  const unsigned char *p;
  size_t len, pos;
  const char *name;
  int depth;
} parser;

/* The failure message names the line and column as an editor shows them
 * (columns count characters, not bytes) and the byte offset. */
static int fail_at(const parser *ps, size_t at, const char *fmt, ...)
  CR_PRINTF(3, 4);

static int fail_at(const parser *ps, size_t at, const char *fmt, ...)
{
  char what[200];
  size_t line = 1, col = 1, i;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  if (at > ps->len)
    at = ps->len;
  for (i = 0; i < at; i++) {
    if (ps->p[i] == '\n') {
      line++;
      col = 1;
    } else if ((ps->p[i] & 0xC0) != 0x80) {
      col++;
    }
  }
  return cr_error_set(CR_EPARSE, "%s: line %zu, column %zu (offset %zu): %s",
                      ps->name, line, col, at, what);
}

static void skip_ws(parser *ps)
{
  while (ps->pos < ps->len) {
    unsigned char c = ps->p[ps->pos];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
      break;
    ps->pos++;
  }
}

/* What is at `pos`, for messages: 'x', "end of input" or a byte. */
static const char *describe(const parser *ps, char buf[16])
{
  unsigned char c;
  if (ps->pos >= ps->len)
    return "end of input";
  c = ps->p[ps->pos];
  if (c >= 0x20 && c < 0x7F)
    snprintf(buf, 16, "'%c'", c);
  else
    snprintf(buf, 16, "byte 0x%02X", c);
  return buf;
}

static int parse_value(parser *ps, cr_jval *v);

/* One UTF-8 sequence at p[0..avail); its length, or 0 when invalid
 * (overlong forms, surrogates and code points past U+10FFFF included). */
static size_t utf8_seq(const unsigned char *p, size_t avail)
{
  uint32_t cp;
  size_t n, i;
  if (p[0] < 0x80)
    return 1;
  if (p[0] >= 0xC2 && p[0] <= 0xDF)
    n = 2, cp = p[0] & 0x1F;
  else if (p[0] >= 0xE0 && p[0] <= 0xEF)
    n = 3, cp = p[0] & 0x0F;
  else if (p[0] >= 0xF0 && p[0] <= 0xF4)
    n = 4, cp = p[0] & 0x07;
  else
    return 0;
  if (avail < n)
    return 0;
  for (i = 1; i < n; i++) {
    if ((p[i] & 0xC0) != 0x80)
      return 0;
    cp = cp << 6 | (p[i] & 0x3F);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return n;
}

static int hex4(const parser *ps, size_t at, uint32_t *out)
{
  uint32_t v = 0;
  size_t i;
  if (at + 4 > ps->len)
    return fail_at(ps, at, "\\u needs four hex digits");
  for (i = 0; i < 4; i++) {
    unsigned char c = ps->p[at + i];
    v <<= 4;
    if (c >= '0' && c <= '9')
      v |= (uint32_t)(c - '0');
    else if (c >= 'a' && c <= 'f')
      v |= (uint32_t)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      v |= (uint32_t)(c - 'A' + 10);
    else
      return fail_at(ps, at + i, "\\u needs four hex digits");
  }
  *out = v;
  return CR_OK;
}

/* A string at ps->pos (the opening quote) into a NUL-terminated copy. */
static int parse_string(parser *ps, char **out, size_t *out_len)
{
  cr_buf b = CR_BUF_INIT;
  size_t start = ps->pos;
  int rc;
  ps->pos++; /* the quote */
  for (;;) {
    unsigned char c;
    if (ps->pos >= ps->len) {
      cr_buf_dispose(&b);
      return fail_at(ps, start, "string not closed");
    }
    c = ps->p[ps->pos];
    if (c == '"') {
      ps->pos++;
      break;
    }
    if (c < 0x20) {
      cr_buf_dispose(&b);
      return fail_at(ps, ps->pos, "control character 0x%02X in a string "
                     "(write it as \\u%04X)", c, c);
    }
    if (c == '\\') {
      size_t esc = ps->pos;
      uint32_t cp;
      if (ps->pos + 1 >= ps->len) {
        cr_buf_dispose(&b);
        return fail_at(ps, esc, "string not closed");
      }
      c = ps->p[ps->pos + 1];
      ps->pos += 2;
      switch (c) {
      case '"': cr_buf_putc(&b, '"'); break;
      case '\\': cr_buf_putc(&b, '\\'); break;
      case '/': cr_buf_putc(&b, '/'); break;
      case 'b': cr_buf_putc(&b, '\b'); break;
      case 'f': cr_buf_putc(&b, '\f'); break;
      case 'n': cr_buf_putc(&b, '\n'); break;
      case 'r': cr_buf_putc(&b, '\r'); break;
      case 't': cr_buf_putc(&b, '\t'); break;
      case 'u':
        if ((rc = hex4(ps, ps->pos, &cp)) < 0) {
          cr_buf_dispose(&b);
          return rc;
        }
        ps->pos += 4;
        if (cp >= 0xDC00 && cp <= 0xDFFF) {
          cr_buf_dispose(&b);
          return fail_at(ps, esc, "\\u%04X is a low surrogate without a "
                         "high one before it", (unsigned)cp);
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          uint32_t lo;
          if (ps->pos + 2 > ps->len || ps->p[ps->pos] != '\\' ||
              ps->p[ps->pos + 1] != 'u') {
            cr_buf_dispose(&b);
            return fail_at(ps, esc, "\\u%04X is a high surrogate without a "
                           "low one after it", (unsigned)cp);
          }
          if ((rc = hex4(ps, ps->pos + 2, &lo)) < 0) {
            cr_buf_dispose(&b);
            return rc;
          }
          if (lo < 0xDC00 || lo > 0xDFFF) {
            cr_buf_dispose(&b);
            return fail_at(ps, esc, "\\u%04X is a high surrogate without a "
                           "low one after it", (unsigned)cp);
          }
          ps->pos += 6;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        cr_buf_put_utf8(&b, cp);
        break;
      default:
        cr_buf_dispose(&b);
        return fail_at(ps, esc, "unknown escape \\%c", c >= 0x20 && c < 0x7F
                       ? (char)c : '?');
      }
    } else {
      size_t n = utf8_seq(ps->p + ps->pos, ps->len - ps->pos);
      if (!n) {
        cr_buf_dispose(&b);
        return fail_at(ps, ps->pos, "invalid UTF-8 in a string");
      }
      cr_buf_put(&b, ps->p + ps->pos, n);
      ps->pos += n;
    }
  }
  if ((rc = cr_buf_status(&b)) < 0) {
    cr_buf_dispose(&b);
    return rc;
  }
  if (!b.ptr && (rc = cr_buf_puts(&b, "")) < 0)
    return rc;
  *out_len = b.len;
  *out = cr_buf_detach(&b, NULL);
  return CR_OK;
}

static int parse_number(parser *ps, cr_jval *v)
{
  size_t start = ps->pos, p = ps->pos;
  bool neg = false, frac = false, overflow = false;
  uint64_t mag = 0;
  char tmp[64], *text;
  if (p < ps->len && ps->p[p] == '-') {
    neg = true;
    p++;
  }
  if (p >= ps->len || ps->p[p] < '0' || ps->p[p] > '9')
    return fail_at(ps, p, "a number needs a digit here");
  if (ps->p[p] == '0') {
    p++;
    if (p < ps->len && ps->p[p] >= '0' && ps->p[p] <= '9')
      return fail_at(ps, start, "a number does not start with 0 "
                     "(no leading zeros)");
  } else {
    while (p < ps->len && ps->p[p] >= '0' && ps->p[p] <= '9') {
      unsigned d = (unsigned)(ps->p[p] - '0');
      if (mag > (UINT64_MAX - d) / 10)
        overflow = true;
      else
        mag = mag * 10 + d;
      p++;
    }
  }
  if (p < ps->len && ps->p[p] == '.') {
    frac = true;
    p++;
    if (p >= ps->len || ps->p[p] < '0' || ps->p[p] > '9')
      return fail_at(ps, p, "a digit must follow the decimal point");
    while (p < ps->len && ps->p[p] >= '0' && ps->p[p] <= '9')
      p++;
  }
  if (p < ps->len && (ps->p[p] == 'e' || ps->p[p] == 'E')) {
    frac = true;
    p++;
    if (p < ps->len && (ps->p[p] == '+' || ps->p[p] == '-'))
      p++;
    if (p >= ps->len || ps->p[p] < '0' || ps->p[p] > '9')
      return fail_at(ps, p, "an exponent needs a digit");
    while (p < ps->len && ps->p[p] >= '0' && ps->p[p] <= '9')
      p++;
  }
  v->type = CR_JSON_NUMBER;
  if (!frac && !overflow &&
      (neg ? mag <= (uint64_t)INT64_MAX + 1 : mag <= (uint64_t)INT64_MAX)) {
    v->is_int = true;
    v->i = neg ? (mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN
                                                 : -(int64_t)mag)
               : (int64_t)mag;
    v->num = (double)v->i;
  } else {
    /* strtod wants a terminated string; the grammar above already holds. */
    size_t n = p - start;
    text = n < sizeof tmp ? tmp : malloc(n + 1);
    if (!text)
      return cr_error_oom();
    memcpy(text, ps->p + start, n);
    text[n] = '\0';
    v->num = strtod(text, NULL);
    if (text != tmp)
      free(text);
  }
  ps->pos = p;
  return CR_OK;
}

static int literal(parser *ps, const char *word)
{
  size_t n = strlen(word);
  if (ps->len - ps->pos < n || memcmp(ps->p + ps->pos, word, n) != 0)
    return fail_at(ps, ps->pos, "expected %s", word);
  ps->pos += n;
  return CR_OK;
}

static int grow(cr_jval *v, size_t *cap, bool keys)
{
  size_t ncap = *cap ? *cap * 2 : 4;
  cr_jval *items;
  if (v->n < *cap)
    return CR_OK;
  items = cr_realloc_array(v->items, ncap, sizeof *items);
  if (!items)
    return cr_error_oom();
  v->items = items;
  if (keys) {
    char **k = cr_realloc_array(v->keys, ncap, sizeof *k);
    if (!k)
      return cr_error_oom();
    v->keys = k;
  }
  *cap = ncap;
  return CR_OK;
}

/* After an item of an array or object: 1 when a ',' says another follows,
 * 0 when `close` ends it, or the error for anything else (a trailing comma
 * included). */
static int next_or_close(parser *ps, char close, const char *what)
{
  char d[16];
  skip_ws(ps);
  if (ps->pos < ps->len && ps->p[ps->pos] == ',') {
    ps->pos++;
    skip_ws(ps);
    if (ps->pos < ps->len && ps->p[ps->pos] == close)
      return fail_at(ps, ps->pos, "no %s after ',' (trailing comma)",
                     close == ']' ? "value" : "member");
    return 1;
  }
  if (ps->pos < ps->len && ps->p[ps->pos] == close) {
    ps->pos++;
    return 0;
  }
  return fail_at(ps, ps->pos, "expected ',' or '%c' in %s, found %s", close,
                 what, describe(ps, d));
}

static int parse_array(parser *ps, cr_jval *v)
{
  size_t cap = 0;
  int rc;
  v->type = CR_JSON_ARRAY;
  ps->pos++; /* [ */
  skip_ws(ps);
  if (ps->pos < ps->len && ps->p[ps->pos] == ']') {
    ps->pos++;
    return CR_OK;
  }
  for (;;) {
    if ((rc = grow(v, &cap, false)) < 0)
      return rc;
    memset(&v->items[v->n], 0, sizeof v->items[v->n]);
    v->n++;
    skip_ws(ps);
    if ((rc = parse_value(ps, &v->items[v->n - 1])) < 0 ||
        (rc = next_or_close(ps, ']', "an array")) <= 0)
      return rc;
  }
}

static int parse_object(parser *ps, cr_jval *v)
{
  size_t cap = 0, i, key_at, key_len;
  char d[16], *key;
  int rc;
  v->type = CR_JSON_OBJECT;
  ps->pos++; /* { */
  skip_ws(ps);
  if (ps->pos < ps->len && ps->p[ps->pos] == '}') {
    ps->pos++;
    return CR_OK;
  }
  for (;;) {
    skip_ws(ps);
    if (ps->pos >= ps->len || ps->p[ps->pos] != '"')
      return fail_at(ps, ps->pos, "expected a member name in double quotes, "
                     "found %s", describe(ps, d));
    key_at = ps->pos;
    if ((rc = parse_string(ps, &key, &key_len)) < 0)
      return rc;
    if (strlen(key) != key_len) {
      free(key);
      return fail_at(ps, key_at, "a member name cannot hold \\u0000");
    }
    for (i = 0; i < v->n; i++)
      if (!strcmp(v->keys[i], key)) {
        rc = fail_at(ps, key_at, "member \"%.60s\" appears twice", key);
        free(key);
        return rc;
      }
    if ((rc = grow(v, &cap, true)) < 0) {
      free(key);
      return rc;
    }
    memset(&v->items[v->n], 0, sizeof v->items[v->n]);
    v->keys[v->n] = key;
    v->n++;
    skip_ws(ps);
    if (ps->pos >= ps->len || ps->p[ps->pos] != ':')
      return fail_at(ps, ps->pos, "expected ':' after the member name, "
                     "found %s", describe(ps, d));
    ps->pos++;
    skip_ws(ps);
    if ((rc = parse_value(ps, &v->items[v->n - 1])) < 0 ||
        (rc = next_or_close(ps, '}', "an object")) <= 0)
      return rc;
  }
}

static int parse_value(parser *ps, cr_jval *v)
{
  char d[16];
  int rc;
  v->offset = ps->pos;
  if (ps->pos >= ps->len)
    return fail_at(ps, ps->pos, "expected a value, found end of input");
  switch (ps->p[ps->pos]) {
  case '{':
  case '[':
    if (++ps->depth > MAX_DEPTH)
      return fail_at(ps, ps->pos, "nested deeper than %d levels", MAX_DEPTH);
    rc = ps->p[ps->pos] == '{' ? parse_object(ps, v) : parse_array(ps, v);
    ps->depth--;
    return rc;
  case '"':
    v->type = CR_JSON_STRING;
    return parse_string(ps, &v->str, &v->len);
  case 't':
    v->type = CR_JSON_BOOL;
    v->b = true;
    return literal(ps, "true");
  case 'f':
    v->type = CR_JSON_BOOL;
    return literal(ps, "false");
  case 'n':
    v->type = CR_JSON_NULL;
    return literal(ps, "null");
  default:
    if (ps->p[ps->pos] == '-' ||
        (ps->p[ps->pos] >= '0' && ps->p[ps->pos] <= '9'))
      return parse_number(ps, v);
    return fail_at(ps, ps->pos, "expected a value, found %s",
                   describe(ps, d));
  }
}

static void dispose(cr_jval *v)
{
  size_t i;
  for (i = 0; i < v->n; i++) {
    dispose(&v->items[i]);
    if (v->keys)
      free(v->keys[i]);
  }
  free(v->items);
  free(v->keys);
  free(v->str);
}

int cr_json_parse(cr_jval **out, const char *text, size_t len,
                  const char *name)
{
  parser ps;
  cr_jval *v;
  char d[16];
  int rc;
  if (!out || (!text && len))
    return cr_error_set(CR_EINVAL, "cr_json_parse: bad argument");
  *out = NULL;
  memset(&ps, 0, sizeof ps);
  ps.p = (const unsigned char *)(text ? text : "");
  ps.len = len;
  ps.name = name ? name : "JSON";
  if (len >= 3 && !memcmp(ps.p, "\xEF\xBB\xBF", 3))
    ps.pos = 3;
  if (!(v = cr_calloc(1, sizeof *v)))
    return cr_error_oom();
  skip_ws(&ps);
  if (ps.pos >= ps.len) {
    free(v);
    return fail_at(&ps, ps.pos, "no JSON value (the input is empty)");
  }
  rc = parse_value(&ps, v);
  if (rc >= 0) {
    skip_ws(&ps);
    if (ps.pos < ps.len)
      rc = fail_at(&ps, ps.pos, "unexpected %s after the JSON value",
                   describe(&ps, d));
  }
  if (rc < 0) {
    cr_jval_free(v);
    return rc;
  }
  *out = v;
  return CR_OK;
}

void cr_jval_free(cr_jval *v)
{
  if (!v)
    return;
  dispose(v);
  free(v);
}

const cr_jval *cr_jval_member(const cr_jval *obj, const char *key)
{
  size_t i;
  if (!obj || obj->type != CR_JSON_OBJECT || !key)
    return NULL;
  for (i = 0; i < obj->n; i++)
    if (!strcmp(obj->keys[i], key))
      return &obj->items[i];
  return NULL;
}

const char *cr_jtype_name(cr_jtype t)
{
  switch (t) {
  case CR_JSON_NULL: return "null";
  case CR_JSON_BOOL: return "a boolean";
  case CR_JSON_NUMBER: return "a number";
  case CR_JSON_STRING: return "a string";
  case CR_JSON_ARRAY: return "an array";
  default: return "an object";
  }
}
