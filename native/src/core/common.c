/*
 * common.c - the error table, the thread-local last error, buffers,
 * UTF-8/UTF-16 conversion and whole-file I/O shared by the core.
 */
#define _POSIX_C_SOURCE 200809L
#include "common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(_WIN32)
# include <io.h>
# include <process.h>
# define cr_getpid _getpid
#else
# include <unistd.h>
# define cr_getpid getpid
#endif

/* ---------------------------------------------------------------- */
/* The error table (libuv style: one X-macro, names and texts).     */
/* ---------------------------------------------------------------- */

const char *cr_strerror(int code)
{
  switch (code) {
  case CR_OK:
    return "success";
#define CR_XX_(name, value, text) case CR_##name: return text;
    CR_ERRNO_MAP(CR_XX_)
#undef CR_XX_
  default:
    return "unknown error";
  }
}

const char *cr_err_name(int code)
{
  switch (code) {
  case CR_OK:
    return "CR_OK";
#define CR_XX_(name, value, text) case CR_##name: return "CR_" #name;
    CR_ERRNO_MAP(CR_XX_)
#undef CR_XX_
  default:
    return "CR_UNKNOWN";
  }
}

/* Thread-local, as git_error_last(): one message per thread, replaced by
 * the next failure. Fixed size so that reporting never allocates. */
static _Thread_local char last_message[2048];
static _Thread_local int last_code;

const char *cr_error_last(void) { return last_message; }
int cr_error_last_code(void) { return last_code; }

void cr_error_clear(void)
{
  last_message[0] = '\0';
  last_code = CR_OK;
}

int cr_error_setv(int code, const char *fmt, va_list ap)
{
  char tmp[sizeof last_message];
  vsnprintf(tmp, sizeof tmp, fmt, ap);
  memcpy(last_message, tmp, sizeof tmp);
  last_code = code;
  return code;
}

int cr_error_set(int code, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  cr_error_setv(code, fmt, ap);
  va_end(ap);
  return code;
}

int cr_error_wrap(int code, const char *fmt, ...)
{
  char old[sizeof last_message];
  size_t n;
  va_list ap;
  memcpy(old, last_message, sizeof old);
  va_start(ap, fmt);
  vsnprintf(last_message, sizeof last_message, fmt, ap);
  va_end(ap);
  /* "<prefix>: <previous message>", cut to the buffer */
  n = strlen(last_message);
  if (n + 2 < sizeof last_message) {
    memcpy(last_message + n, ": ", 3);
    n += 2;
    const char *tail = old[0] ? old : cr_strerror(code);
    size_t room = sizeof last_message - n - 1, len = strlen(tail);
    if (len > room)
      len = room;
    memcpy(last_message + n, tail, len);
    last_message[n + len] = '\0';
  }
  last_code = code;
  return code;
}

int cr_error_oom(void) { return cr_error_set(CR_ENOMEM, "out of memory"); }

const char *cr_version(void) { return CR_VERSION_STRING; }

void cr_free(void *ptr) { free(ptr); }

/* ---------------------------------------------------------------- */
/* Allocation helpers.                                              */
/* ---------------------------------------------------------------- */

void *cr_calloc(size_t n, size_t size)
{
  return calloc(n ? n : 1, size ? size : 1);
}

void *cr_realloc_array(void *p, size_t n, size_t size)
{
  if (size && n > SIZE_MAX / size)
    return NULL;
  return realloc(p, (n * size) != 0 ? n * size : 1);
}

char *cr_strndup(const char *s, size_t n)
{
  char *d = malloc(n + 1);
  if (!d)
    return NULL;
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

char *cr_strdup(const char *s)
{
  return s ? cr_strndup(s, strlen(s)) : NULL;
}

static int fold(int c) { return (c >= 'a' && c <= 'z') ? c - 32 : c; }

int cr_stricmp(const char *a, const char *b)
{
  for (;; a++, b++) {
    int ca = fold((unsigned char)*a), cb = fold((unsigned char)*b);
    if (ca != cb || !ca)
      return ca - cb;
  }
}

int cr_strnicmp(const char *a, const char *b, size_t n)
{
  for (; n; n--, a++, b++) {
    int ca = fold((unsigned char)*a), cb = fold((unsigned char)*b);
    if (ca != cb || !ca)
      return ca - cb;
  }
  return 0;
}

/* ---------------------------------------------------------------- */
/* Buffers.                                                         */
/* ---------------------------------------------------------------- */

int cr_buf_grow(cr_buf *b, size_t extra)
{
  size_t need, cap;
  char *p;
  if (b->failed)
    return CR_ENOMEM;
  if (extra > SIZE_MAX - b->len - 1)
    goto fail;
  need = b->len + extra + 1;
  if (need <= b->cap)
    return CR_OK;
  cap = b->cap ? b->cap : 64;
  while (cap < need)
    cap = cap > SIZE_MAX / 2 ? need : cap * 2;
  p = realloc(b->ptr, cap);
  if (!p)
    goto fail;
  b->ptr = p;
  b->cap = cap;
  b->ptr[b->len] = '\0'; /* an empty buffer is still a valid string */
  return CR_OK;
fail:
  b->failed = true;
  return cr_error_oom();
}

int cr_buf_put(cr_buf *b, const void *data, size_t len)
{
  if (cr_buf_grow(b, len) < 0)
    return CR_ENOMEM;
  if (len)
    memcpy(b->ptr + b->len, data, len);
  b->len += len;
  b->ptr[b->len] = '\0';
  return CR_OK;
}

int cr_buf_puts(cr_buf *b, const char *s) { return cr_buf_put(b, s, strlen(s)); }

int cr_buf_putc(cr_buf *b, char c) { return cr_buf_put(b, &c, 1); }

int cr_buf_printf(cr_buf *b, const char *fmt, ...)
{
  va_list ap, ap2;
  int n;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0 || cr_buf_grow(b, (size_t)n) < 0) {
    va_end(ap2);
    b->failed = true;
    return CR_ENOMEM;
  }
  vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  b->len += (size_t)n;
  return CR_OK;
}

int cr_buf_put_u16(cr_buf *b, uint16_t unit)
{
  char two[2] = { (char)(unit & 0xff), (char)(unit >> 8) };
  return cr_buf_put(b, two, 2);
}

char *cr_buf_detach(cr_buf *b, size_t *len)
{
  char *p;
  if (b->failed) {
    cr_buf_dispose(b);
    return NULL;
  }
  if (!b->ptr && cr_buf_grow(b, 0) < 0)
    return NULL;
  p = b->ptr;
  if (len)
    *len = b->len;
  b->ptr = NULL;
  b->len = b->cap = 0;
  return p;
}

void cr_buf_dispose(cr_buf *b)
{
  free(b->ptr);
  b->ptr = NULL;
  b->len = b->cap = 0;
  b->failed = false;
}

int cr_buf_status(const cr_buf *b)
{
  return b->failed ? cr_error_oom() : CR_OK;
}

/* ---------------------------------------------------------------- */
/* UTF-16LE <-> UTF-8 (WTF-8 for lone surrogates).                  */
/* ---------------------------------------------------------------- */

size_t cr_utf8_encode(char s[4], uint32_t cp)
{
  if (cp < 0x80) {
    s[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    s[0] = (char)(0xC0 | (cp >> 6));
    s[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    s[0] = (char)(0xE0 | (cp >> 12));
    s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    s[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  s[0] = (char)(0xF0 | (cp >> 18));
  s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  s[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

int cr_buf_put_utf8(cr_buf *out, uint32_t cp)
{
  char s[4];
  return cr_buf_put(out, s, cr_utf8_encode(s, cp));
}

int cr_utf16_to_utf8(cr_buf *out, const uint8_t *p, size_t units)
{
  size_t i;
  for (i = 0; i < units; i++) {
    uint32_t u = (uint32_t)p[2 * i] | ((uint32_t)p[2 * i + 1] << 8);
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units) {
      uint32_t v = (uint32_t)p[2 * i + 2] | ((uint32_t)p[2 * i + 3] << 8);
      if (v >= 0xDC00 && v <= 0xDFFF) {
        cr_buf_put_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00));
        i++;
        continue;
      }
    }
    cr_buf_put_utf8(out, u); /* a lone surrogate is kept (WTF-8) */
  }
  return cr_buf_status(out);
}

int cr_utf8_to_utf16(cr_buf *out, const char *s, size_t len)
{
  const uint8_t *p = (const uint8_t *)s;
  size_t i = 0;
  while (i < len) {
    uint32_t c = p[i], cp;
    size_t n, k;
    if (c < 0x80) {
      cp = c;
      n = 1;
    } else if ((c & 0xE0) == 0xC0) {
      cp = c & 0x1F;
      n = 2;
    } else if ((c & 0xF0) == 0xE0) {
      cp = c & 0x0F;
      n = 3;
    } else if ((c & 0xF8) == 0xF0) {
      cp = c & 0x07;
      n = 4;
    } else {
      return cr_error_set(CR_EPARSE, "invalid UTF-8 at byte %zu", i);
    }
    if (i + n > len)
      return cr_error_set(CR_EPARSE, "truncated UTF-8 at byte %zu", i);
    for (k = 1; k < n; k++) {
      if ((p[i + k] & 0xC0) != 0x80)
        return cr_error_set(CR_EPARSE, "invalid UTF-8 at byte %zu", i + k);
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
        (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
      return cr_error_set(CR_EPARSE, "overlong UTF-8 at byte %zu", i);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      cr_buf_put_u16(out, (uint16_t)(0xD800 + (cp >> 10)));
      cr_buf_put_u16(out, (uint16_t)(0xDC00 + (cp & 0x3FF)));
    } else {
      cr_buf_put_u16(out, (uint16_t)cp);
    }
    i += n;
  }
  return cr_buf_status(out);
}

/* ---------------------------------------------------------------- */
/* Files. Paths are UTF-8; on Windows they go to the wide-character   */
/* CRT calls so any file name works, not just the ANSI code page.     */
/* ---------------------------------------------------------------- */

#if defined(_WIN32)
# include <wchar.h>
static wchar_t *wide_path(const char *path)
{
  cr_buf w = CR_BUF_INIT;
  if (cr_utf8_to_utf16(&w, path, strlen(path)) < 0 ||
      cr_buf_put_u16(&w, 0) < 0) {
    cr_buf_dispose(&w);
    return NULL;
  }
  return (wchar_t *)cr_buf_detach(&w, NULL);
}

static FILE *cr_fopen(const char *path, const char *mode)
{
  wchar_t *wp = wide_path(path), wm[8];
  FILE *f;
  size_t i;
  if (!wp) {
    errno = EINVAL;
    return NULL;
  }
  for (i = 0; mode[i] && i < 7; i++)
    wm[i] = (wchar_t)mode[i];
  wm[i] = 0;
  f = _wfopen(wp, wm);
  free(wp);
  return f;
}

static int cr_remove(const char *path)
{
  wchar_t *wp = wide_path(path);
  int rc = wp ? _wremove(wp) : -1;
  free(wp);
  return rc;
}

static int cr_rename(const char *from, const char *to)
{
  wchar_t *a = wide_path(from), *b = wide_path(to);
  int rc = a && b ? _wrename(a, b) : -1;
  free(a);
  free(b);
  return rc;
}
#else
# define cr_fopen fopen
# define cr_remove remove
# define cr_rename rename
#endif

FILE *cr_file_open(const char *path, const char *mode)
{
  return cr_fopen(path, mode);
}

int cr_read_file(uint8_t **out, size_t *out_len, const char *path)
{
  FILE *f;
  cr_buf b = CR_BUF_INIT;
  char chunk[65536];
  size_t n;
  *out = NULL;
  *out_len = 0;
  f = cr_fopen(path, "rb");
  if (!f)
    return cr_error_set(errno == ENOENT ? CR_ENOTFOUND : CR_EIO,
                        "%s: cannot open: %s", path, strerror(errno));
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    cr_buf_put(&b, chunk, n);
  if (ferror(f)) {
    int e = errno;
    fclose(f);
    cr_buf_dispose(&b);
    return cr_error_set(CR_EIO, "%s: read failed: %s", path, strerror(e));
  }
  fclose(f);
  if (cr_buf_status(&b) < 0) {
    cr_buf_dispose(&b);
    return CR_ENOMEM;
  }
  *out = (uint8_t *)cr_buf_detach(&b, out_len);
  return *out ? CR_OK : cr_error_oom();
}

int cr_write_file(const char *path, const void *data, size_t len)
{
  cr_buf tmp = CR_BUF_INIT;
  FILE *f;
  int rc = CR_OK;
  cr_buf_printf(&tmp, "%s.tmp%ld", path, (long)cr_getpid());
  if (cr_buf_status(&tmp) < 0)
    return CR_ENOMEM;
  f = cr_fopen(tmp.ptr, "wb");
  if (!f) {
    rc = cr_error_set(CR_EIO, "%s: cannot create: %s", path, strerror(errno));
    goto out;
  }
  if (len && fwrite(data, 1, len, f) != len) {
    rc = cr_error_set(CR_EIO, "%s: write failed: %s", path, strerror(errno));
    fclose(f);
    cr_remove(tmp.ptr);
    goto out;
  }
  if (fclose(f) != 0) {
    rc = cr_error_set(CR_EIO, "%s: write failed: %s", path, strerror(errno));
    cr_remove(tmp.ptr);
    goto out;
  }
#if defined(_WIN32)
  /* rename() does not replace an existing file on Windows. */
  cr_remove(path);
#endif
  if (cr_rename(tmp.ptr, path) != 0) {
    rc = cr_error_set(CR_EIO, "%s: cannot replace: %s", path, strerror(errno));
    cr_remove(tmp.ptr);
  }
out:
  cr_buf_dispose(&tmp);
  return rc;
}

/* ---------------------------------------------------------------- */
/* Registry names.                                                  */
/* ---------------------------------------------------------------- */

static const struct {
  const char *name;
  const char *alias;
} reg_roots[] = {
  { "HKEY_LOCAL_MACHINE", "HKLM" },
  { "HKEY_CURRENT_USER", "HKCU" },
  { "HKEY_CLASSES_ROOT", "HKCR" },
  { "HKEY_USERS", "HKU" },
  { "HKEY_CURRENT_CONFIG", "HKCC" },
};

const char *cr_reg_root(const char *path, size_t len, const char **rest)
{
  size_t i, n;
  for (i = 0; i < sizeof reg_roots / sizeof reg_roots[0]; i++) {
    const char *cand[2] = { reg_roots[i].name, reg_roots[i].alias };
    int j;
    for (j = 0; j < 2; j++) {
      n = strlen(cand[j]);
      if (len >= n && cr_strnicmp(path, cand[j], n) == 0 &&
          (len == n || path[n] == '\\')) {
        if (rest)
          *rest = path + (len > n ? n + 1 : n);
        return reg_roots[i].name;
      }
    }
  }
  return NULL;
}

const char *cr_reg_type_name(uint32_t type)
{
  static const char *const names[] = {
    "REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD",
    "REG_DWORD_BIG_ENDIAN", "REG_LINK", "REG_MULTI_SZ",
    "REG_RESOURCE_LIST", "REG_FULL_RESOURCE_DESCRIPTOR",
    "REG_RESOURCE_REQUIREMENTS_LIST", "REG_QWORD"
  };
  return type < sizeof names / sizeof names[0] ? names[type] : "REG_UNKNOWN";
}

/* ---------------------------------------------------------------- */
/* Text encodings the readers share (.reg files, --pairs CSV).      */
/* ---------------------------------------------------------------- */

/* Windows-1252 0x80..0x9F; the five unassigned bytes map to the C1 control
 * of the same number, as MultiByteToWideChar does. */
static const uint16_t cp1252_high[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178
};

uint32_t cr_cp1252_decode(uint8_t c)
{
  return (c >= 0x80 && c <= 0x9F) ? cp1252_high[c - 0x80] : c;
}

/* Length of the strictly valid UTF-8 sequence at s (n bytes available),
 * or 0. No overlongs, no surrogates, nothing above U+10FFFF. */
size_t cr_utf8_decode(const uint8_t *s, size_t n, uint32_t *cp)
{
  uint32_t c = s[0];
  size_t len, i;
  uint8_t lo = 0x80, hi = 0xBF;
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    c &= 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0)
      lo = 0xA0;
    else if (c == 0xED)
      hi = 0x9F;
    c &= 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0)
      lo = 0x90;
    else if (c == 0xF4)
      hi = 0x8F;
    c &= 0x07;
  } else {
    return 0;
  }
  if (n < len)
    return 0;
  for (i = 1; i < len; i++) {
    uint8_t t = s[i];
    if (i == 1 ? (t < lo || t > hi) : (t & 0xC0) != 0x80)
      return 0;
    c = (c << 6) | (t & 0x3F);
  }
  *cp = c;
  return len;
}


bool cr_utf8_valid(const uint8_t *s, size_t n)
{
  size_t i = 0;
  uint32_t cp;
  while (i < n) {
    size_t k;
    if (s[i] < 0x80) {
      i++;
      continue;
    }
    if (!(k = cr_utf8_decode(s + i, n - i, &cp)))
      return false;
    i += k;
  }
  return true;
}
