/*
 * regfile_write.c - the .reg writer (see regfile.h): what regedit writes
 * for "Windows Registry Editor Version 5.00".
 *
 *  - UTF-16LE with a BOM, CRLF line ends; the header, a blank line, then
 *    each key as "[path]" followed by its values and a blank line;
 *  - REG_SZ as "text" when the data is one NUL-terminated UTF-16 string
 *    (no embedded NUL, no unpaired surrogate, no CR or LF, which a quoted
 *    string cannot carry portably), otherwise hex(1):;
 *  - REG_DWORD of exactly 4 bytes as dword:%08x, REG_BINARY as hex:, any
 *    other type or size as hex(N): with N in lowercase hex;
 *  - hex lists wrapped as regedit wraps them: after a "xx," that brings
 *    the line to column 77 or more, "\" ends the line and the next one
 *    starts with two spaces, so no line is longer than 80 characters;
 *  - value names escape \ and " (and CR/LF as \r \n, which Wine's reg
 *    writes and our reader takes); "@" is the default value.
 *
 * The text is built as UTF-8 in a cr_buf; cr_regw_finish converts it.
 */
#include "regfile.h"

#include <stdlib.h>
#include <string.h>

static const char header[] = "Windows Registry Editor Version 5.00\r\n\r\n";

#define HEX_WRAP_COLUMN 77

/* Strictly valid UTF-8 (no surrogates, nothing above U+10FFFF). */
static bool utf8_valid(const char *str, size_t n)
{
  const uint8_t *s = (const uint8_t *)str;
  size_t i = 0;
  while (i < n) {
    uint8_t c = s[i], lo = 0x80, hi = 0xBF;
    size_t len, k;
    if (c < 0x80) {
      i++;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF)
      len = 2;
    else if (c >= 0xE0 && c <= 0xEF)
      len = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4)
      len = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    else
      return false;
    if (n - i < len)
      return false;
    if (s[i + 1] < lo || s[i + 1] > hi)
      return false;
    for (k = 2; k < len; k++)
      if ((s[i + k] & 0xC0) != 0x80)
        return false;
    i += len;
  }
  return true;
}

static bool ends_with(const cr_buf *b, const char *s)
{
  size_t n = strlen(s);
  return b->len >= n && memcmp(b->ptr + b->len - n, s, n) == 0;
}

/* Every key starts after a blank line, as in regedit's files. */
static void blank_line(cr_buf *b)
{
  if (!b->len || ends_with(b, "\r\n\r\n"))
    return;
  cr_buf_puts(b, ends_with(b, "\r\n") ? "\r\n" : "\r\n\r\n");
}

int cr_regw_begin(cr_buf *b)
{
  if (!b)
    return cr_error_set(CR_EINVAL, "cr_regw_begin: no buffer");
  cr_buf_puts(b, header);
  return cr_buf_status(b);
}

static int key_line(cr_buf *b, const char *path, bool del)
{
  const char *rest, *root, *end, *p;
  size_t n;
  if (!b || !path)
    return cr_error_set(CR_EINVAL, "cr_regw_key: bad argument");
  n = strlen(path);
  root = cr_reg_root(path, n, &rest);
  if (!root)
    return cr_error_set(CR_EINVAL, "cannot write key '%s': it does not "
                        "start with a known root such as "
                        "HKEY_LOCAL_MACHINE", path);
  if (strchr(path, '\r') || strchr(path, '\n'))
    return cr_error_set(CR_EINVAL, "cannot write key '%s' to a .reg file: "
                        "its name contains a line break", path);
  if (!utf8_valid(path, n))
    return cr_error_set(CR_EINVAL, "cannot write key '%s': its name is not "
                        "valid UTF-8", path);
  end = path + n;
  while (end > rest && end[-1] == '\\')
    end--;
  for (p = rest; p < end; p++)
    if (*p == '\\' && (p == rest || p[-1] == '\\'))
      return cr_error_set(CR_EINVAL, "cannot write key '%s': it has an "
                          "empty name component", path);
  if (del && end == rest)
    return cr_error_set(CR_EINVAL, "cannot write the deletion of root key "
                        "%s", root);
  blank_line(b);
  cr_buf_puts(b, del ? "[-" : "[");
  cr_buf_puts(b, root);
  if (end > rest) {
    cr_buf_putc(b, '\\');
    cr_buf_put(b, rest, (size_t)(end - rest));
  }
  cr_buf_puts(b, "]\r\n");
  return cr_buf_status(b);
}

int cr_regw_key(cr_buf *b, const char *path)
{
  return key_line(b, path, false);
}

int cr_regw_delete_key(cr_buf *b, const char *path)
{
  return key_line(b, path, true);
}

/* Writes `"name"=` or `@=`; returns the columns (UTF-16 units) written. */
static size_t put_name(cr_buf *b, const char *name)
{
  const char *p, *run;
  size_t cols = 0;
  if (!name || !*name) {
    cr_buf_puts(b, "@=");
    return 2;
  }
  cr_buf_putc(b, '"');
  for (p = run = name; *p; p++) {
    unsigned char c = (unsigned char)*p;
    const char *esc = c == '\\' ? "\\\\" : c == '"' ? "\\\"" :
                      c == '\r' ? "\\r" : c == '\n' ? "\\n" : NULL;
    if (esc) {
      cr_buf_put(b, run, (size_t)(p - run));
      cr_buf_puts(b, esc);
      run = p + 1;
      cols += 2;
    } else if ((c & 0xC0) != 0x80) {
      cols += c >= 0xF0 ? 2 : 1;
    }
  }
  cr_buf_put(b, run, (size_t)(p - run));
  cr_buf_puts(b, "\"=");
  return cols + 3;
}

/* 1 when the REG_SZ data can be written as a quoted string. */
static bool sz_is_text(const uint8_t *d, size_t len)
{
  size_t units = len / 2, i;
  if (len < 2 || len % 2 || d[len - 1] || d[len - 2])
    return false;
  for (i = 0; i + 1 < units; i++) {
    uint32_t u = (uint32_t)d[2 * i] | ((uint32_t)d[2 * i + 1] << 8);
    if (u == 0 || u == '\r' || u == '\n' || (u >= 0xDC00 && u <= 0xDFFF))
      return false;
    if (u >= 0xD800 && u <= 0xDBFF) {
      uint32_t v;
      if (i + 2 >= units)
        return false;
      v = (uint32_t)d[2 * i + 2] | ((uint32_t)d[2 * i + 3] << 8);
      if (v < 0xDC00 || v > 0xDFFF)
        return false;
      i++;
    }
  }
  return true;
}

static void put_sz(cr_buf *b, const uint8_t *d, size_t len)
{
  size_t units = len / 2 - 1, i;
  cr_buf_putc(b, '"');
  for (i = 0; i < units; i++) {
    uint32_t u = (uint32_t)d[2 * i] | ((uint32_t)d[2 * i + 1] << 8);
    if (u >= 0xD800 && u <= 0xDBFF) {
      uint32_t v = (uint32_t)d[2 * i + 2] | ((uint32_t)d[2 * i + 3] << 8);
      u = 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00);
      i++;
    }
    if (u == '\\' || u == '"')
      cr_buf_putc(b, '\\');
    cr_buf_put_utf8(b, u);
  }
  cr_buf_putc(b, '"');
}

static void put_hex(cr_buf *b, size_t col, const uint8_t *d, size_t len)
{
  static const char digits[] = "0123456789abcdef";
  size_t i;
  for (i = 0; i < len; i++) {
    char two[3];
    two[0] = digits[d[i] >> 4];
    two[1] = digits[d[i] & 15];
    two[2] = ',';
    if (i + 1 == len) {
      cr_buf_put(b, two, 2);
      break;
    }
    cr_buf_put(b, two, 3);
    col += 3;
    if (col >= HEX_WRAP_COLUMN) {
      cr_buf_puts(b, "\\\r\n  ");
      col = 2;
    }
  }
}

int cr_regw_value(cr_buf *b, const char *name, uint32_t type,
                  const uint8_t *data, size_t len)
{
  size_t col;
  if (!b || (!data && len))
    return cr_error_set(CR_EINVAL, "cr_regw_value: bad argument");
  if (name && !utf8_valid(name, strlen(name)))
    return cr_error_set(CR_EINVAL, "cannot write value '%s': its name is "
                        "not valid UTF-8", name);
  col = put_name(b, name);
  if (type == CR_REG_SZ && sz_is_text(data, len)) {
    put_sz(b, data, len);
  } else if (type == CR_REG_DWORD && len == 4) {
    uint32_t v = (uint32_t)data[0] | ((uint32_t)data[1] << 8) |
                 ((uint32_t)data[2] << 16) | ((uint32_t)data[3] << 24);
    cr_buf_printf(b, "dword:%08x", (unsigned)v);
  } else {
    size_t before = b->len;
    if (type == CR_REG_BINARY)
      cr_buf_puts(b, "hex:");
    else
      cr_buf_printf(b, "hex(%x):", (unsigned)type);
    col += b->len - before;
    put_hex(b, col, data, len);
  }
  cr_buf_puts(b, "\r\n");
  return cr_buf_status(b);
}

int cr_regw_delete_value(cr_buf *b, const char *name)
{
  if (!b)
    return cr_error_set(CR_EINVAL, "cr_regw_delete_value: no buffer");
  if (name && !utf8_valid(name, strlen(name)))
    return cr_error_set(CR_EINVAL, "cannot write value '%s': its name is "
                        "not valid UTF-8", name);
  put_name(b, name);
  cr_buf_puts(b, "-\r\n");
  return cr_buf_status(b);
}

/* Converts the UTF-8 text to UTF-16LE with a BOM; `b` is released in every
 * case. *out is freed with cr_free(). */
int cr_regw_finish(void **out, size_t *out_len, cr_buf *b)
{
  cr_buf w = CR_BUF_INIT;
  int rc;
  if (out)
    *out = NULL;
  if (out_len)
    *out_len = 0;
  if (!out || !out_len || !b) {
    if (b)
      cr_buf_dispose(b);
    return cr_error_set(CR_EINVAL, "cr_regw_finish: bad argument");
  }
  blank_line(b);
  if ((rc = cr_buf_status(b)) < 0) {
    cr_buf_dispose(b);
    return rc;
  }
  cr_buf_put(&w, "\xFF\xFE", 2);
  rc = cr_utf8_to_utf16(&w, b->ptr ? b->ptr : "", b->len);
  cr_buf_dispose(b);
  if (rc < 0) {
    cr_buf_dispose(&w);
    return rc;
  }
  *out = cr_buf_detach(&w, out_len);
  return *out ? CR_OK : cr_error_oom();
}

static int write_key(cr_buf *b, const char *path, const cr_key *k)
{
  size_t i;
  int rc;
  if ((rc = cr_regw_key(b, path)) < 0)
    return rc;
  for (i = 0; i < k->nvalues; i++) {
    const cr_value *v = &k->values[i];
    if ((rc = cr_regw_value(b, v->name, v->type, v->data, v->len)) < 0)
      return rc;
  }
  return CR_OK;
}

typedef struct frame {
  const cr_key *key;
  size_t next;    /* next child to visit */
  size_t pathlen; /* length of the key's path in the path buffer */
} frame;

/*
 * Depth-first, parents before children, in stored order, without
 * recursion. A root key (HKEY_LOCAL_MACHINE...) is written only when it
 * has values, or when it has neither values nor subkeys (so that an empty
 * root survives a round trip).
 */
int cr_regw_snapshot(void **out, size_t *out_len, const cr_snapshot *snap)
{
  cr_buf b = CR_BUF_INIT, path = CR_BUF_INIT;
  frame *stack = NULL;
  size_t depth = 0, cap = 0, r;
  int rc;
  if (out)
    *out = NULL;
  if (out_len)
    *out_len = 0;
  if (!out || !out_len || !snap)
    return cr_error_set(CR_EINVAL, "cr_regw_snapshot: bad argument");
  if ((rc = cr_regw_begin(&b)) < 0)
    goto out;
  for (r = 0; r < snap->root.nchildren; r++) {
    const cr_key *root = snap->root.children[r];
    path.len = 0;
    cr_buf_puts(&path, root->name);
    if ((rc = cr_buf_status(&path)) < 0)
      goto out;
    if ((root->nvalues || !root->nchildren) &&
        (rc = write_key(&b, path.ptr, root)) < 0)
      goto out;
    depth = 0;
    for (;;) {
      const cr_key *k;
      frame *top;
      if (depth == cap) {
        size_t ncap = cap ? cap * 2 : 16;
        frame *p = cr_realloc_array(stack, ncap, sizeof *p);
        if (!p) {
          rc = cr_error_oom();
          goto out;
        }
        stack = p;
        cap = ncap;
      }
      if (depth == 0) {
        stack[0].key = root;
        stack[0].next = 0;
        stack[0].pathlen = path.len;
        depth = 1;
      }
      top = &stack[depth - 1];
      if (top->next == top->key->nchildren) {
        if (--depth == 0)
          break;
        continue;
      }
      k = top->key->children[top->next++];
      path.len = top->pathlen;
      cr_buf_putc(&path, '\\');
      cr_buf_puts(&path, k->name);
      if ((rc = cr_buf_status(&path)) < 0)
        goto out;
      if ((rc = write_key(&b, path.ptr, k)) < 0)
        goto out;
      stack[depth].key = k;
      stack[depth].next = 0;
      stack[depth].pathlen = path.len;
      depth++;
    }
  }
  rc = cr_regw_finish(out, out_len, &b);
out:
  cr_buf_dispose(&b);
  cr_buf_dispose(&path);
  free(stack);
  return rc;
}
