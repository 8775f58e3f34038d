/*
 * regpol.c - Registry.pol (PReg, MS-GPREG 2.2.1): reader, writer, JSON
 * and application to a snapshot.
 *
 * Layout: the DWORDs 0x67655250 ("PReg") and 1, then entries
 *   '[' key NUL ';' value NUL ';' type ';' size ';' data ']'
 * where the punctuation, key and value are UTF-16LE code units, type and
 * size are little-endian DWORDs and data is `size` raw bytes. Nothing
 * separates entries, so the reader is a strict position-by-position walk
 * and every error names the byte offset where the walk stopped.
 *
 * Choices (documented, deliberate):
 *  - names must be well-formed UTF-16 (an unpaired surrogate is an error
 *    at its offset), so that they convert to UTF-8 and back exactly and
 *    the writer reproduces every accepted file byte for byte;
 *  - names must fit the registry's limits (regpol.h), which the GP client
 *    could not exceed either;
 *  - entries that set a value (plain and "**soft." names) must have data
 *    the type allows: 4 bytes for REG_DWORD(_BIG_ENDIAN), 8 for REG_QWORD,
 *    an even count for REG_SZ, REG_EXPAND_SZ and REG_MULTI_SZ. The data of
 *    the deleting "**" entries is not checked (only **DeleteValues and
 *    **DeleteKeys read it, as text), because editors write them with
 *    whatever type they like;
 *  - "**DeleteKeys" lists hive-relative keys, not keys below the entry's
 *    key: that is what Windows writes (e.g. "**DeleteKeys" under
 *    Software\Policies\Microsoft\Cryptography naming
 *    Software\Policies\Microsoft\Cryptography\PolicyServers);
 *  - deletions never create keys; an absent key or value is not an error;
 *  - other names that start with "**" are ordinary value names.
 */
#include "regpol.h"
#include "json.h"
#include "snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PREG_SIGNATURE 0x67655250u
#define PREG_VERSION 1u
#define HKLM_PREFIX "HKEY_LOCAL_MACHINE\\"
#define HKCU_PREFIX "HKEY_CURRENT_USER\\"

static uint16_t rd16(const uint8_t *p)
{
  return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t rd32(const uint8_t *p)
{
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
         ((uint32_t)p[3] << 24);
}

static void put32(cr_buf *b, uint32_t v)
{
  char four[4] = { (char)(v & 0xff), (char)((v >> 8) & 0xff),
                   (char)((v >> 16) & 0xff), (char)(v >> 24) };
  cr_buf_put(b, four, 4);
}

/* ---------------------------------------------------------------- */
/* Special value names.                                             */
/* ---------------------------------------------------------------- */

static bool has_prefix_ci(const char *s, const char *prefix)
{
  return cr_strnicmp(s, prefix, strlen(prefix)) == 0;
}

/* `s` is `word` followed by nothing but spaces: the client accepts a
 * space where the name could end (MS-GPREG's "**DeleteKeys " form). */
static bool is_word_ci(const char *s, const char *word)
{
  size_t n = strlen(word);
  if (cr_strnicmp(s, word, n) != 0)
    return false;
  for (s += n; *s == ' '; s++)
    ;
  return *s == '\0';
}

cr_regpol_action cr_regpol_classify(const cr_regpol_ent *e,
                                    const char **target)
{
  const char *v = e->value;
  if (target)
    *target = NULL;
  if (v[0] == '*' && v[1] == '*') {
    /* "**delvals" before "**del.": neither is a prefix of the other, but
     * the order documents which one a reader should think of first. */
    if (is_word_ci(v, "**delvals") || is_word_ci(v, "**delvals."))
      return CR_REGPOL_DELVALS;
    if (has_prefix_ci(v, "**del.")) {
      if (target)
        *target = v + 6;
      return CR_REGPOL_DEL;
    }
    if (is_word_ci(v, "**DeleteValues"))
      return CR_REGPOL_DELETE_VALUES;
    if (is_word_ci(v, "**DeleteKeys"))
      return CR_REGPOL_DELETE_KEYS;
    if (is_word_ci(v, "**SecureKey"))
      return CR_REGPOL_SECURE_KEY;
    if (has_prefix_ci(v, "**soft.")) {
      if (target)
        *target = v + 7;
      return CR_REGPOL_SOFT;
    }
  }
  if (!v[0] && e->len == 0)
    return CR_REGPOL_CREATE_KEY;
  if (target)
    *target = v;
  return CR_REGPOL_SET;
}

/* ---------------------------------------------------------------- */
/* Checks shared by the reader and cr_regpol_add.                   */
/* ---------------------------------------------------------------- */

/* UTF-16 units of a UTF-8 string (4-byte sequences count two). */
static size_t utf16_len(const char *s, size_t n)
{
  size_t i, units = 0;
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c & 0xC0) != 0x80)
      units += c >= 0xF0 ? 2 : 1;
  }
  return units;
}

/* NULL when `key` fits the registry, else why not (for messages). */
static const char *key_problem(const char *key)
{
  size_t depth = 0;
  const char *p = key;
  for (;;) {
    size_t n = strcspn(p, "\\");
    if (n) {
      depth++;
      if (utf16_len(p, n) > CR_REGPOL_MAX_KEY_NAME)
        return "a key name component is longer than 255 characters";
    }
    if (!p[n])
      break;
    p += n + 1;
  }
  if (depth > CR_REGPOL_MAX_DEPTH)
    return "the key is deeper than 512 levels";
  return NULL;
}

static const char *value_problem(const char *value)
{
  /* The limit applies to the name the entry acts on; the longest prefix
   * in front of such a name is "**soft." (7 characters). */
  if (utf16_len(value, strlen(value)) > CR_REGPOL_MAX_VALUE_NAME + 7)
    return "the value name is longer than 16383 characters";
  return NULL;
}

/* NULL when the data suits the type of a value-setting entry. */
static const char *data_problem(char *why, size_t whylen,
                                const cr_regpol_ent *e)
{
  cr_regpol_action a = cr_regpol_classify(e, NULL);
  if (a != CR_REGPOL_SET && a != CR_REGPOL_SOFT)
    return NULL;
  switch (e->type) {
  case CR_REG_DWORD:
  case CR_REG_DWORD_BIG_ENDIAN:
    if (e->len != 4) {
      snprintf(why, whylen, "%s data is %zu bytes, expected 4",
               cr_reg_type_name(e->type), e->len);
      return why;
    }
    break;
  case CR_REG_QWORD:
    if (e->len != 8) {
      snprintf(why, whylen, "REG_QWORD data is %zu bytes, expected 8",
               e->len);
      return why;
    }
    break;
  case CR_REG_SZ:
  case CR_REG_EXPAND_SZ:
  case CR_REG_MULTI_SZ:
    if (e->len % 2) {
      snprintf(why, whylen, "%s data is %zu bytes, an odd count for "
               "UTF-16 text", cr_reg_type_name(e->type), e->len);
      return why;
    }
    break;
  default:
    break;
  }
  return NULL;
}

/* Strict UTF-8: what cr_utf8_to_utf16 accepts, minus encoded surrogates
 * (ED A0..BF), which the file could only hold unpaired. */
static int utf8_check(const char *s, const char *what)
{
  cr_buf tmp = CR_BUF_INIT;
  size_t n = strlen(s), i;
  int rc = cr_utf8_to_utf16(&tmp, s, n);
  cr_buf_dispose(&tmp);
  if (rc == CR_ENOMEM)
    return rc;
  if (rc < 0)
    return cr_error_wrap(CR_EINVAL, "%s is not valid UTF-8", what);
  for (i = 0; i + 1 < n; i++)
    if ((unsigned char)s[i] == 0xED && (unsigned char)s[i + 1] >= 0xA0)
      return cr_error_set(CR_EINVAL, "%s holds a UTF-16 surrogate at byte "
                          "%zu", what, i);
  return CR_OK;
}

/* ---------------------------------------------------------------- */
/* The object.                                                      */
/* ---------------------------------------------------------------- */

int cr_regpol_new(cr_regpol **out)
{
  if (!out)
    return cr_error_set(CR_EINVAL, "cr_regpol_new: out is NULL");
  *out = cr_calloc(1, sizeof **out);
  return *out ? CR_OK : cr_error_oom();
}

void cr_regpol_free(cr_regpol *pol)
{
  size_t i;
  if (!pol)
    return;
  for (i = 0; i < pol->n; i++) {
    free(pol->ents[i].key);
    free(pol->ents[i].value);
    free(pol->ents[i].data);
  }
  free(pol->ents);
  free(pol);
}

size_t cr_regpol_count(const cr_regpol *pol)
{
  return pol ? pol->n : 0;
}

int cr_regpol_entry(const char **key, const char **value, uint32_t *type,
                    const void **data, size_t *len, const cr_regpol *pol,
                    size_t index)
{
  const cr_regpol_ent *e;
  if (!pol)
    return cr_error_set(CR_EINVAL, "cr_regpol_entry: pol is NULL");
  if (index >= pol->n)
    return cr_error_set(CR_ENOTFOUND, "cr_regpol_entry: index %zu, the "
                        "policy has %zu entries", index, pol->n);
  e = &pol->ents[index];
  if (key)
    *key = e->key;
  if (value)
    *value = e->value;
  if (type)
    *type = e->type;
  if (data)
    *data = e->data;
  if (len)
    *len = e->len;
  return CR_OK;
}

/* Appends `e`, taking its allocations (freed on failure too). */
static int push(cr_regpol *pol, cr_regpol_ent *e)
{
  if (pol->n == pol->cap) {
    size_t cap = pol->cap ? pol->cap * 2 : 8;
    cr_regpol_ent *p = cr_realloc_array(pol->ents, cap, sizeof *p);
    if (!p) {
      free(e->key);
      free(e->value);
      free(e->data);
      return cr_error_oom();
    }
    pol->ents = p;
    pol->cap = cap;
  }
  pol->ents[pol->n++] = *e;
  return CR_OK;
}

int cr_regpol_add(cr_regpol *pol, const char *key, const char *value,
                  uint32_t type, const void *data, size_t len)
{
  cr_regpol_ent e;
  const char *why;
  char whybuf[128];
  int rc;
  if (!pol || !key)
    return cr_error_set(CR_EINVAL, "cr_regpol_add: %s is NULL",
                        pol ? "key" : "pol");
  if (!value)
    value = "";
  if (!data && len)
    return cr_error_set(CR_EINVAL, "cr_regpol_add: no data for %zu bytes",
                        len);
  if (len > UINT32_MAX)
    return cr_error_set(CR_EINVAL, "cr_regpol_add: %zu bytes of data do "
                        "not fit the 32-bit size field", len);
  if ((rc = utf8_check(key, "the key")) < 0 ||
      (rc = utf8_check(value, "the value name")) < 0)
    return cr_error_wrap(rc, "cr_regpol_add: %s\\%s", key, value);
  if ((why = key_problem(key)) != NULL || (why = value_problem(value)))
    return cr_error_set(CR_EINVAL, "cr_regpol_add: %s\\%s: %s", key, value,
                        why);
  memset(&e, 0, sizeof e);
  e.key = (char *)key;
  e.value = (char *)value;
  e.type = type;
  e.len = len;
  if ((why = data_problem(whybuf, sizeof whybuf, &e)) != NULL)
    return cr_error_set(CR_EINVAL, "cr_regpol_add: %s\\%s: %s", key, value,
                        why);
  e.key = cr_strdup(key);
  e.value = cr_strdup(value);
  e.data = malloc(len ? len : 1);
  if (!e.key || !e.value || !e.data) {
    free(e.key);
    free(e.value);
    free(e.data);
    return cr_error_oom();
  }
  if (len)
    memcpy(e.data, data, len);
  return push(pol, &e);
}

int cr_regpol_add_dword(cr_regpol *pol, const char *key, const char *value,
                        uint32_t data)
{
  uint8_t four[4] = { (uint8_t)(data & 0xff), (uint8_t)((data >> 8) & 0xff),
                      (uint8_t)((data >> 16) & 0xff), (uint8_t)(data >> 24) };
  return cr_regpol_add(pol, key, value, CR_REG_DWORD, four, 4);
}

int cr_regpol_add_sz(cr_regpol *pol, const char *key, const char *value,
                     const char *text)
{
  cr_buf w = CR_BUF_INIT;
  int rc;
  if (!text)
    return cr_error_set(CR_EINVAL, "cr_regpol_add_sz: text is NULL");
  if ((rc = utf8_check(text, "the text")) < 0)
    return rc;
  cr_utf8_to_utf16(&w, text, strlen(text));
  cr_buf_put_u16(&w, 0);
  if ((rc = cr_buf_status(&w)) == CR_OK)
    rc = cr_regpol_add(pol, key, value, CR_REG_SZ, w.ptr, w.len);
  cr_buf_dispose(&w);
  return rc;
}

/* ---------------------------------------------------------------- */
/* Reader.                                                          */
/* ---------------------------------------------------------------- */

typedef struct reader {
  const uint8_t *p;
  size_t len, pos;
  const char *name;
} reader;

static int perr(const reader *r, size_t off, const char *fmt, ...)
  CR_PRINTF(3, 4);

static int perr(const reader *r, size_t off, const char *fmt, ...)
{
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return cr_error_set(CR_EPARSE, "%s: offset 0x%zx: %s", r->name, off, msg);
}

/* A UTF-16 unit for messages: quoted when printable ASCII, else its U+
 * code in hex. */
static const char *unit_text(char buf[16], uint16_t u)
{
  if (u >= 0x21 && u < 0x7F && u != '\'')
    snprintf(buf, 16, "'%c'", (char)u);
  else
    snprintf(buf, 16, "U+%04X", (unsigned)u);
  return buf;
}

static int expect(reader *r, uint16_t want, const char *what)
{
  char found[16];
  uint16_t u;
  if (r->len - r->pos < 2)
    return perr(r, r->pos, "the file ends where %s was expected", what);
  u = rd16(r->p + r->pos);
  if (u != want)
    return perr(r, r->pos, "expected %s, found %s", what, unit_text(found, u));
  r->pos += 2;
  return CR_OK;
}

/* A NUL-terminated UTF-16LE string at r->pos, converted to UTF-8. */
static int read_string(reader *r, char **out, const char *what)
{
  size_t start = r->pos, i = start;
  cr_buf b = CR_BUF_INIT;
  for (;;) {
    uint16_t u;
    if (r->len - i < 2)
      return perr(r, start, "the %s runs past the end of the file (no "
                  "terminating NUL)", what);
    u = rd16(r->p + i);
    if (u == 0)
      break;
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (r->len - i < 4)
        return perr(r, start, "the %s runs past the end of the file (no "
                    "terminating NUL)", what);
      if (rd16(r->p + i + 2) < 0xDC00 || rd16(r->p + i + 2) > 0xDFFF)
        return perr(r, i, "the %s has an unpaired surrogate U+%04X", what,
                    (unsigned)u);
      i += 4;
      continue;
    }
    if (u >= 0xDC00 && u <= 0xDFFF)
      return perr(r, i, "the %s has an unpaired surrogate U+%04X", what,
                  (unsigned)u);
    i += 2;
  }
  if (cr_utf16_to_utf8(&b, r->p + start, (i - start) / 2) < 0 ||
      !(*out = cr_buf_detach(&b, NULL))) {
    cr_buf_dispose(&b);
    return cr_error_wrap(CR_ENOMEM, "%s: offset 0x%zx", r->name, start);
  }
  r->pos = i + 2;
  return CR_OK;
}

static int read_dword(reader *r, uint32_t *out, const char *what)
{
  if (r->len - r->pos < 4)
    return perr(r, r->pos, "the file ends inside the %s field (%zu of 4 "
                "bytes)", what, r->len - r->pos);
  *out = rd32(r->p + r->pos);
  r->pos += 4;
  return CR_OK;
}

static int read_entry(reader *r, cr_regpol *pol)
{
  cr_regpol_ent e;
  size_t key_at, value_at, size_at;
  uint32_t size;
  const char *why;
  char whybuf[128], found[16];
  int rc;
  memset(&e, 0, sizeof e);
  if (r->len - r->pos == 1)
    return perr(r, r->pos, "a stray byte after the last entry (the file "
                "has an odd length)");
  if ((rc = expect(r, '[', "'[' opening an entry")) < 0)
    return rc;
  key_at = r->pos;
  if ((rc = read_string(r, &e.key, "key")) < 0)
    goto fail;
  if ((why = key_problem(e.key)) != NULL) {
    rc = perr(r, key_at, "%s", why);
    goto fail;
  }
  if ((rc = expect(r, ';', "';' after the key")) < 0)
    goto fail;
  value_at = r->pos;
  if ((rc = read_string(r, &e.value, "value name")) < 0)
    goto fail;
  if ((why = value_problem(e.value)) != NULL) {
    rc = perr(r, value_at, "%s", why);
    goto fail;
  }
  if ((rc = expect(r, ';', "';' after the value name")) < 0 ||
      (rc = read_dword(r, &e.type, "type")) < 0 ||
      (rc = expect(r, ';', "';' after the type")) < 0)
    goto fail;
  size_at = r->pos;
  if ((rc = read_dword(r, &size, "size")) < 0 ||
      (rc = expect(r, ';', "';' after the size")) < 0)
    goto fail;
  if (size > r->len - r->pos) {
    rc = perr(r, size_at, "data size %lu runs past the end of the file "
              "(%zu bytes left)", (unsigned long)size, r->len - r->pos);
    goto fail;
  }
  e.len = size;
  if ((why = data_problem(whybuf, sizeof whybuf, &e)) != NULL) {
    rc = perr(r, size_at, "%s", why);
    goto fail;
  }
  if (!(e.data = malloc(size ? size : 1))) {
    rc = cr_error_oom();
    goto fail;
  }
  if (size)
    memcpy(e.data, r->p + r->pos, size);
  r->pos += size;
  if (r->len - r->pos < 2) {
    rc = perr(r, r->pos, "entry has no closing ']': the file ends after "
              "its %lu data bytes", (unsigned long)size);
    goto fail;
  }
  if (rd16(r->p + r->pos) != ']') {
    rc = perr(r, r->pos, "entry has no closing ']': found %s after its %lu "
              "data bytes", unit_text(found, rd16(r->p + r->pos)),
              (unsigned long)size);
    goto fail;
  }
  r->pos += 2;
  return push(pol, &e);
fail:
  free(e.key);
  free(e.value);
  free(e.data);
  return rc;
}

/* A GPO keeps Machine\Registry.pol and User\Registry.pol (MS-GPREG 2.2.1,
 * the local policy likewise under System32\GroupPolicy): the folder the
 * file is in says which hive its keys are relative to. */
static cr_gpo_scope scope_of(const char *path)
{
  const char *end, *dir;
  size_t n;
  if (!path)
    return CR_GPO_SCOPE_UNKNOWN;
  end = path + strlen(path);
  while (end > path && end[-1] != '/' && end[-1] != '\\')
    end--;                       /* the file name */
  if (end == path)
    return CR_GPO_SCOPE_UNKNOWN; /* no folder in the path */
  end--;                         /* the separator */
  dir = end;
  while (dir > path && dir[-1] != '/' && dir[-1] != '\\')
    dir--;
  n = (size_t)(end - dir);
  if (n == 7 && cr_strnicmp(dir, "Machine", 7) == 0)
    return CR_GPO_SCOPE_MACHINE;
  if (n == 4 && cr_strnicmp(dir, "User", 4) == 0)
    return CR_GPO_SCOPE_USER;
  return CR_GPO_SCOPE_UNKNOWN;
}

cr_gpo_scope cr_regpol_scope(const cr_regpol *pol)
{
  return pol ? pol->scope : CR_GPO_SCOPE_UNKNOWN;
}

const char *cr_gpo_scope_name(cr_gpo_scope scope)
{
  return scope == CR_GPO_SCOPE_MACHINE ? "machine"
         : scope == CR_GPO_SCOPE_USER  ? "user"
                                       : "unknown";
}

int cr_regpol_open_buffer(cr_regpol **out, const void *data, size_t len,
                          const char *name)
{
  reader r;
  cr_regpol *pol = NULL;
  uint32_t sig, ver;
  int rc;
  if (!out)
    return cr_error_set(CR_EINVAL, "cr_regpol_open_buffer: out is NULL");
  *out = NULL;
  if (!data && len)
    return cr_error_set(CR_EINVAL, "cr_regpol_open_buffer: no data");
  r.p = data;
  r.len = len;
  r.pos = 0;
  r.name = name ? name : "(buffer)";
  if (len < 8)
    return perr(&r, 0, "%zu bytes, too short for the 8-byte PReg header",
                len);
  sig = rd32(r.p);
  ver = rd32(r.p + 4);
  if (sig != PREG_SIGNATURE)
    return perr(&r, 0, "bad signature %02x %02x %02x %02x, expected "
                "50 52 65 67 (\"PReg\"): not a Registry.pol file",
                r.p[0], r.p[1], r.p[2], r.p[3]);
  if (ver != PREG_VERSION)
    return perr(&r, 4, "unsupported version %lu (only version 1 exists)",
                (unsigned long)ver);
  r.pos = 8;
  if ((rc = cr_regpol_new(&pol)) < 0)
    return rc;
  pol->scope = scope_of(name);
  while (r.pos < r.len) {
    if ((rc = read_entry(&r, pol)) < 0) {
      cr_regpol_free(pol);
      return rc;
    }
  }
  *out = pol;
  return CR_OK;
}

int cr_regpol_open(cr_regpol **out, const char *path)
{
  uint8_t *data = NULL;
  size_t len = 0;
  int rc;
  if (!out)
    return cr_error_set(CR_EINVAL, "cr_regpol_open: out is NULL");
  *out = NULL;
  if (!path)
    return cr_error_set(CR_EINVAL, "cr_regpol_open: path is NULL");
  if ((rc = cr_read_file(&data, &len, path)) < 0)
    return rc;
  rc = cr_regpol_open_buffer(out, data, len, path);
  free(data);
  return rc;
}

/* ---------------------------------------------------------------- */
/* Writer.                                                          */
/* ---------------------------------------------------------------- */

/* The names were checked when they entered the object, so conversion
 * only fails for memory. */
static void put_name(cr_buf *b, const char *s)
{
  cr_utf8_to_utf16(b, s, strlen(s));
  cr_buf_put_u16(b, 0);
}

int cr_regpol_save_buffer(void **out, size_t *out_len, const cr_regpol *pol)
{
  cr_buf b = CR_BUF_INIT;
  size_t i;
  int rc;
  if (!out || !out_len || !pol)
    return cr_error_set(CR_EINVAL, "cr_regpol_save_buffer: %s is NULL",
                        !out ? "out" : !out_len ? "out_len" : "pol");
  *out = NULL;
  *out_len = 0;
  put32(&b, PREG_SIGNATURE);
  put32(&b, PREG_VERSION);
  for (i = 0; i < pol->n; i++) {
    const cr_regpol_ent *e = &pol->ents[i];
    cr_buf_put_u16(&b, '[');
    put_name(&b, e->key);
    cr_buf_put_u16(&b, ';');
    put_name(&b, e->value);
    cr_buf_put_u16(&b, ';');
    put32(&b, e->type);
    cr_buf_put_u16(&b, ';');
    put32(&b, (uint32_t)e->len);
    cr_buf_put_u16(&b, ';');
    cr_buf_put(&b, e->data, e->len);
    cr_buf_put_u16(&b, ']');
  }
  if ((rc = cr_buf_status(&b)) < 0) {
    cr_buf_dispose(&b);
    return rc;
  }
  *out = cr_buf_detach(&b, out_len);
  return *out ? CR_OK : cr_error_oom();
}

int cr_regpol_save(const cr_regpol *pol, const char *path)
{
  void *data = NULL;
  size_t len = 0;
  int rc;
  if (!path)
    return cr_error_set(CR_EINVAL, "cr_regpol_save: path is NULL");
  if ((rc = cr_regpol_save_buffer(&data, &len, pol)) < 0)
    return rc;
  rc = cr_write_file(path, data, len);
  free(data);
  return rc;
}

/* ---------------------------------------------------------------- */
/* JSON.                                                            */
/* ---------------------------------------------------------------- */

/* Well-formed UTF-16 text of `units` units (no unpaired surrogate, no
 * NUL), converted; false when it is not such text. */
static bool utf16_text(cr_buf *out, const uint8_t *p, size_t units)
{
  size_t i;
  for (i = 0; i < units; i++) {
    uint16_t u = rd16(p + 2 * i);
    if (u == 0 || (u >= 0xDC00 && u <= 0xDFFF))
      return false;
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 1 >= units || rd16(p + 2 * i + 2) < 0xDC00 ||
          rd16(p + 2 * i + 2) > 0xDFFF)
        return false;
      i++;
    }
  }
  cr_utf16_to_utf8(out, p, units);
  return true;
}

/* REG_MULTI_SZ in its usual shape: "a\0b\0\0" (no empty string inside),
 * or the empty list as "", "\0" or "\0\0". */
static bool multi_sz_shape(const uint8_t *d, size_t units)
{
  size_t i;
  if (units == 0 || (units <= 2 && rd16(d) == 0 &&
                     (units == 1 || rd16(d + 2) == 0)))
    return true;
  if (units < 3 || rd16(d) == 0 || rd16(d + 2 * (units - 1)) != 0 ||
      rd16(d + 2 * (units - 2)) != 0)
    return false;
  for (i = 1; i + 1 < units; i++)
    if (rd16(d + 2 * i) == 0 && rd16(d + 2 * (i - 1)) == 0)
      return false;
  return true;
}

/* "data" as the type reads: a number, a text, a list of texts, or hex for
 * the other types. Data that does not have the shape of its type (a
 * string without its terminator or with text after it, a bad surrogate,
 * a DWORD of 3 bytes) is null; "hex" always holds the exact bytes. */
static void json_data(cr_json *j, const cr_regpol_ent *e)
{
  const uint8_t *d = e->data;
  size_t units = e->len / 2, i, start;
  cr_buf t = CR_BUF_INIT;
  switch (e->type) {
  case CR_REG_DWORD:
  case CR_REG_DWORD_BIG_ENDIAN:
    if (e->len != 4)
      break;
    if (e->type == CR_REG_DWORD)
      cr_json_int(j, "data", rd32(d));
    else
      cr_json_int(j, "data", (int64_t)(((uint32_t)d[0] << 24) |
                                       ((uint32_t)d[1] << 16) |
                                       ((uint32_t)d[2] << 8) | d[3]));
    return;
  case CR_REG_QWORD:
    if (e->len == 8) {
      uint64_t q = (uint64_t)rd32(d) | ((uint64_t)rd32(d + 4) << 32);
      if (q <= INT64_MAX) {
        cr_json_int(j, "data", (int64_t)q);
      } else {
        /* JSON readers lose precision past 2^63; a decimal string keeps
         * the number. */
        char num[24];
        snprintf(num, sizeof num, "%llu", (unsigned long long)q);
        cr_json_str(j, "data", num);
      }
      return;
    }
    break;
  case CR_REG_SZ:
  case CR_REG_EXPAND_SZ:
    if (e->len == 0) {
      cr_json_str(j, "data", "");
      return;
    }
    if (e->len % 2 == 0 && rd16(d + e->len - 2) == 0 &&
        utf16_text(&t, d, units - 1) && cr_buf_status(&t) == CR_OK) {
      cr_json_str(j, "data", t.ptr ? t.ptr : "");
      cr_buf_dispose(&t);
      return;
    }
    break;
  case CR_REG_MULTI_SZ: {
    bool ok = e->len % 2 == 0 && multi_sz_shape(d, units);
    /* Each string must also be well-formed UTF-16; convert first so that
     * a bad one leaves no half-written array behind. */
    cr_buf list = CR_BUF_INIT;
    size_t count = 0;
    for (start = i = 0; ok && units >= 3 && i + 1 < units; i++) {
      if (rd16(d + 2 * i) != 0)
        continue;
      if (!utf16_text(&list, d + 2 * start, i - start))
        ok = false;
      cr_buf_putc(&list, '\0');
      count++;
      start = i + 1;
    }
    if (ok && cr_buf_status(&list) == CR_OK) {
      const char *s = list.ptr;
      cr_json_arr(j, "data");
      for (i = 0; i < count; i++, s += strlen(s) + 1)
        cr_json_str(j, NULL, s);
      cr_json_arr_end(j);
      cr_buf_dispose(&list);
      return;
    }
    cr_buf_dispose(&list);
    break;
  }
  case CR_REG_BINARY:
  case CR_REG_NONE:
  default: {
    cr_buf h = CR_BUF_INIT;
    for (i = 0; i < e->len; i++)
      cr_buf_printf(&h, "%02x", d[i]);
    cr_json_str(j, "data", h.ptr ? h.ptr : "");
    cr_buf_dispose(&h);
    return;
  }
  }
  cr_buf_dispose(&t);
  cr_json_null(j, "data");
}

int cr_regpol_to_json(char **out, const cr_regpol *pol)
{
  cr_buf b = CR_BUF_INIT;
  cr_json j;
  size_t i, k;
  if (!out || !pol)
    return cr_error_set(CR_EINVAL, "cr_regpol_to_json: %s is NULL",
                        out ? "pol" : "out");
  *out = NULL;
  cr_json_init(&j, &b);
  cr_json_obj(&j, NULL);
  /* machine (keys under HKLM), user (HKCU) or unknown (the file is not
   * in a Machine or User folder). */
  cr_json_str(&j, "scope", cr_gpo_scope_name(pol->scope));
  cr_json_arr(&j, "entries");
  for (i = 0; i < pol->n; i++) {
    const cr_regpol_ent *e = &pol->ents[i];
    cr_buf h = CR_BUF_INIT;
    cr_json_obj(&j, NULL);
    cr_json_str(&j, "key", e->key);
    cr_json_str(&j, "value", e->value);
    cr_json_int(&j, "type", e->type);
    cr_json_str(&j, "typeName", cr_reg_type_name(e->type));
    json_data(&j, e);
    for (k = 0; k < e->len; k++)
      cr_buf_printf(&h, "%02x", e->data[k]);
    cr_json_str(&j, "hex", h.ptr ? h.ptr : "");
    cr_buf_dispose(&h);
    cr_json_obj_end(&j);
  }
  cr_json_arr_end(&j);
  cr_json_obj_end(&j);
  return cr_json_finish(out, &b);
}

/* ---------------------------------------------------------------- */
/* Applying to a snapshot.                                          */
/* ---------------------------------------------------------------- */

/* Calls fn for each non-empty ';'-separated item of REG_SZ-style data
 * (up to the first NUL). */
static int for_each_item(const cr_regpol_ent *e,
                         int (*fn)(void *ctx, const char *item), void *ctx)
{
  cr_buf t = CR_BUF_INIT;
  size_t units, n;
  char *p;
  int rc = CR_OK;
  for (units = 0; units < e->len / 2; units++)
    if (rd16(e->data + 2 * units) == 0)
      break;
  if (cr_utf16_to_utf8(&t, e->data, units) < 0)
    return CR_ENOMEM;
  for (p = t.ptr; p && *p && rc >= 0; p += n + (p[n] != '\0')) {
    n = strcspn(p, ";");
    if (n) {
      char save = p[n];
      p[n] = '\0';
      rc = fn(ctx, p);
      p[n] = save;
    }
  }
  cr_buf_dispose(&t);
  return rc;
}

static int delete_value_cb(void *ctx, const char *item)
{
  cr_key_delete_value(ctx, item);
  return CR_OK;
}

typedef struct delete_keys {
  cr_snapshot *snap;
  const char *hive;
} delete_keys;

static int delete_key_cb(void *ctx, const char *item)
{
  const delete_keys *d = ctx;
  cr_buf path = CR_BUF_INIT;
  int rc;
  /* A list item of backslashes only would name the hive itself, which no
   * client deletes. */
  if (item[strspn(item, "\\")] == '\0')
    return CR_OK;
  cr_buf_puts(&path, d->hive);
  cr_buf_puts(&path, item);
  if ((rc = cr_buf_status(&path)) == CR_OK)
    rc = cr_snap_delete_key(d->snap, path.ptr);
  cr_buf_dispose(&path);
  return rc;
}

static int apply_entry(cr_snapshot *snap, const cr_regpol_ent *e,
                       const char *path, const char *hive)
{
  delete_keys dk;
  const char *target;
  cr_key *k;
  int rc;
  switch (cr_regpol_classify(e, &target)) {
  case CR_REGPOL_SET:
    if ((rc = cr_snap_make_key(&k, snap, path)) < 0)
      return rc;
    return cr_key_set_value(k, target, e->type, e->data, e->len);
  case CR_REGPOL_SOFT:
    if ((rc = cr_snap_make_key(&k, snap, path)) < 0)
      return rc;
    if (cr_key_find_value(k, target))
      return CR_OK;
    return cr_key_set_value(k, target, e->type, e->data, e->len);
  case CR_REGPOL_CREATE_KEY:
    return cr_snap_make_key(&k, snap, path);
  case CR_REGPOL_DEL:
    if ((k = cr_snap_find_key(snap, path)) != NULL)
      cr_key_delete_value(k, target);
    return CR_OK;
  case CR_REGPOL_DELVALS:
    if ((k = cr_snap_find_key(snap, path)) != NULL)
      while (k->nvalues)
        cr_key_delete_value(k, k->values[k->nvalues - 1].name);
    return CR_OK;
  case CR_REGPOL_DELETE_VALUES:
    if ((k = cr_snap_find_key(snap, path)) == NULL)
      return CR_OK;
    return for_each_item(e, delete_value_cb, k);
  case CR_REGPOL_DELETE_KEYS:
    dk.snap = snap;
    dk.hive = hive;
    return for_each_item(e, delete_key_cb, &dk);
  case CR_REGPOL_SECURE_KEY:
    return CR_OK; /* permissions: a snapshot holds none */
  }
  return CR_OK;
}

int cr_snapshot_apply_regpol(cr_snapshot *snap, const cr_regpol *pol)
{
  cr_buf path = CR_BUF_INIT;
  size_t i;
  int rc = CR_OK;
  if (!snap || !pol)
    return cr_error_set(CR_EINVAL, "cr_snapshot_apply_regpol: %s is NULL",
                        snap ? "pol" : "snap");
  /* A user policy goes to HKEY_CURRENT_USER; a machine policy, or one
   * whose folder does not say, to HKEY_LOCAL_MACHINE. */
  const char *hive = pol && pol->scope == CR_GPO_SCOPE_USER ? HKCU_PREFIX
                                                            : HKLM_PREFIX;
  for (i = 0; i < pol->n && rc >= 0; i++) {
    const cr_regpol_ent *e = &pol->ents[i];
    path.len = 0;
    cr_buf_puts(&path, hive);
    cr_buf_puts(&path, e->key);
    if ((rc = cr_buf_status(&path)) < 0)
      break;
    if ((rc = apply_entry(snap, e, path.ptr, hive)) < 0)
      cr_error_wrap(rc, "applying Registry.pol entry %zu (%s\\%s)", i,
                    path.ptr, e->value);
  }
  cr_buf_dispose(&path);
  return rc < 0 ? rc : CR_OK;
}
