/*
 * registry.c - the live Win32 registry behind the store table (store.h).
 *
 * Every key is opened in the 64-bit view (KEY_WOW64_64KEY), whatever the
 * bitness of the process, because that is where the settings the checks
 * read live. Paths arrive as UTF-8 "HKEY_LOCAL_MACHINE\\..." (any root
 * spelling cr_reg_root knows) and are converted to UTF-16 here.
 *
 * Every advapi32 call goes through cr_live_syscalls[], a table of
 * overridable pointers in the manner of SQLite's os_win.c aSyscall[], so
 * that tests can make any single call fail (cr_syscall_set()).
 *
 * Value data is copied exactly as the registry returns it: strings keep
 * their terminator or lack of one, odd lengths stay odd. Writes go the
 * other way just as exactly (see set_value on the terminator that
 * RegSetValueExW would otherwise add).
 */
#ifdef _WIN32

#ifndef WIN32_LEAN_AND_MEAN
# define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include "store.h"
#include "win32_error.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- */
/* The syscall table.                                               */
/* ---------------------------------------------------------------- */

#define CR_SYSCALL_(fn) { #fn, (cr_syscall_ptr)fn, (cr_syscall_ptr)fn }

cr_syscall cr_live_syscalls[] = {
  CR_SYSCALL_(RegOpenKeyExW),    /* 0 */
  CR_SYSCALL_(RegCreateKeyExW),  /* 1 */
  CR_SYSCALL_(RegSetValueExW),   /* 2 */
  CR_SYSCALL_(RegDeleteValueW),  /* 3 */
  CR_SYSCALL_(RegDeleteTreeW),   /* 4 */
  CR_SYSCALL_(RegQueryValueExW), /* 5: not called yet; listed so that the
                                  * set of overridable names is stable */
  CR_SYSCALL_(RegEnumValueW),    /* 6 */
  CR_SYSCALL_(RegEnumKeyExW),    /* 7 */
  CR_SYSCALL_(RegQueryInfoKeyW), /* 8 */
  CR_SYSCALL_(RegCloseKey),      /* 9 */
};
const size_t cr_live_syscall_count =
  sizeof cr_live_syscalls / sizeof cr_live_syscalls[0];

#undef CR_SYSCALL_

#define osRegOpenKeyExW                                                     \
  ((LSTATUS(WINAPI *)(HKEY, LPCWSTR, DWORD, REGSAM, PHKEY))               \
     cr_live_syscalls[0].current)
#define osRegCreateKeyExW                                                   \
  ((LSTATUS(WINAPI *)(HKEY, LPCWSTR, DWORD, LPWSTR, DWORD, REGSAM,        \
                      LPSECURITY_ATTRIBUTES, PHKEY, LPDWORD))             \
     cr_live_syscalls[1].current)
#define osRegSetValueExW                                                    \
  ((LSTATUS(WINAPI *)(HKEY, LPCWSTR, DWORD, DWORD, const BYTE *, DWORD))  \
     cr_live_syscalls[2].current)
#define osRegDeleteValueW                                                   \
  ((LSTATUS(WINAPI *)(HKEY, LPCWSTR))cr_live_syscalls[3].current)
#define osRegDeleteTreeW                                                    \
  ((LSTATUS(WINAPI *)(HKEY, LPCWSTR))cr_live_syscalls[4].current)
#define osRegQueryValueExW                                                  \
  ((LSTATUS(WINAPI *)(HKEY, LPCWSTR, LPDWORD, LPDWORD, LPBYTE, LPDWORD))  \
     cr_live_syscalls[5].current)
#define osRegEnumValueW                                                     \
  ((LSTATUS(WINAPI *)(HKEY, DWORD, LPWSTR, LPDWORD, LPDWORD, LPDWORD,     \
                      LPBYTE, LPDWORD))cr_live_syscalls[6].current)
#define osRegEnumKeyExW                                                     \
  ((LSTATUS(WINAPI *)(HKEY, DWORD, LPWSTR, LPDWORD, LPDWORD, LPWSTR,      \
                      LPDWORD, PFILETIME))cr_live_syscalls[7].current)
#define osRegQueryInfoKeyW                                                  \
  ((LSTATUS(WINAPI *)(HKEY, LPWSTR, LPDWORD, LPDWORD, LPDWORD, LPDWORD,   \
                      LPDWORD, LPDWORD, LPDWORD, LPDWORD, LPDWORD,        \
                      PFILETIME))cr_live_syscalls[8].current)
#define osRegCloseKey                                                       \
  ((LSTATUS(WINAPI *)(HKEY))cr_live_syscalls[9].current)

/*
 * VIRTUAL_KEY_NOTE: a handle we have just opened can only be "invalid" for
 * enumeration when the key is virtual. Wine, for one, opens
 * HKLM\Software\Microsoft\Windows NT\CurrentVersion\Perflib\009 as a
 * performance-text pseudo-handle on which RegEnumValueW fails with
 * ERROR_INVALID_HANDLE. Such a key is kept with whatever it listed so far
 * (usually nothing), exactly as `reg export` writes it, instead of failing
 * the whole read.
 */

/* Registry limits (MSDN "Registry Element Size Limits"): key names up to
 * 255 characters, value names up to 16,383, a tree at most 512 deep. */
#define KEY_NAME_UNITS 256
#define VALUE_NAME_UNITS 16384
#define MAX_DEPTH 512
/* ERROR_MORE_DATA retries for one value before giving up: the value would
 * have to grow faster than we can read it. */
#define MAX_RETRIES 32

/* ---------------------------------------------------------------- */
/* Paths.                                                           */
/* ---------------------------------------------------------------- */

static const struct {
  const char *name;
  HKEY hkey;
} live_roots[] = {
  { "HKEY_LOCAL_MACHINE", HKEY_LOCAL_MACHINE },
  { "HKEY_CURRENT_USER", HKEY_CURRENT_USER },
  { "HKEY_CLASSES_ROOT", HKEY_CLASSES_ROOT },
  { "HKEY_USERS", HKEY_USERS },
  { "HKEY_CURRENT_CONFIG", HKEY_CURRENT_CONFIG },
};

/* A parsed path: the predefined root, the subkey below it as a
 * NUL-terminated UTF-16 string, and a canonical UTF-8 spelling for
 * messages ("HKEY_LOCAL_MACHINE\\Software\\X", no empty components). */
typedef struct live_path {
  HKEY root;
  cr_buf display;
  cr_buf wide;
  size_t components;
  size_t last_sep;   /* unit index of the '\' before the last component */
  size_t last_start; /* unit index where the last component starts */
} live_path;

static void path_dispose(live_path *p)
{
  cr_buf_dispose(&p->display);
  cr_buf_dispose(&p->wide);
}

static WCHAR *path_wide(const live_path *p) { return (WCHAR *)p->wide.ptr; }

static int path_parse(live_path *p, const char *path)
{
  const char *rest = NULL, *root;
  size_t i;
  int rc;

  memset(p, 0, sizeof *p);
  if (!path)
    return cr_error_set(CR_EINVAL, "no registry path given");
  root = cr_reg_root(path, strlen(path), &rest);
  if (!root)
    return cr_error_set(CR_EINVAL, "registry path '%s' does not start with "
                        "a known root such as HKEY_LOCAL_MACHINE", path);
  for (i = 0; i < sizeof live_roots / sizeof live_roots[0]; i++)
    if (strcmp(live_roots[i].name, root) == 0)
      p->root = live_roots[i].hkey;
  if (!p->root)
    return cr_error_set(CR_ENOTSUP, "registry root %s is not supported",
                        root);
  cr_buf_puts(&p->display, root);
  while (*rest) {
    const char *end = strchr(rest, '\\');
    size_t len = end ? (size_t)(end - rest) : strlen(rest);
    if (len) {
      cr_buf_putc(&p->display, '\\');
      cr_buf_put(&p->display, rest, len);
      p->last_sep = p->wide.len / 2;
      if (p->components)
        cr_buf_put_u16(&p->wide, '\\');
      p->last_start = p->wide.len / 2;
      if ((rc = cr_utf8_to_utf16(&p->wide, rest, len)) < 0) {
        if (rc == CR_EPARSE)
          cr_error_wrap(rc, "registry path '%s'", path);
        path_dispose(p);
        return rc;
      }
      p->components++;
    }
    rest += len;
    if (*rest == '\\')
      rest++;
  }
  cr_buf_put_u16(&p->wide, 0);
  if ((rc = cr_buf_status(&p->display)) < 0 ||
      (rc = cr_buf_status(&p->wide)) < 0) {
    path_dispose(p);
    return rc;
  }
  return CR_OK;
}

/* A value name as NUL-terminated UTF-16; NULL and "" are the default. */
static int value_name_wide(cr_buf *out, const char *name)
{
  int rc;
  if (name && (rc = cr_utf8_to_utf16(out, name, strlen(name))) < 0) {
    if (rc == CR_EPARSE)
      cr_error_wrap(rc, "registry value name '%s'", name);
    return rc;
  }
  cr_buf_put_u16(out, 0);
  return cr_buf_status(out);
}

/* ---------------------------------------------------------------- */
/* Reading.                                                         */
/* ---------------------------------------------------------------- */

/* Scratch space shared by every key of one read. */
typedef struct read_ctx {
  cr_snapshot *into;
  WCHAR *value_name;   /* VALUE_NAME_UNITS */
  WCHAR *key_name;
  DWORD key_name_cap;  /* in units */
  BYTE *data;
  DWORD data_cap;      /* in bytes */
  cr_buf utf8;
} read_ctx;

static int grow_data(read_ctx *c, DWORD want)
{
  BYTE *p;
  if (want <= c->data_cap)
    return CR_OK;
  p = realloc(c->data, want);
  if (!p)
    return cr_error_oom();
  c->data = p;
  c->data_cap = want;
  return CR_OK;
}

static const char *to_utf8(read_ctx *c, const WCHAR *s, size_t units)
{
  c->utf8.len = 0;
  if (cr_utf16_to_utf8(&c->utf8, (const uint8_t *)s, units) < 0)
    return NULL;
  if (!c->utf8.ptr && cr_buf_grow(&c->utf8, 0) < 0)
    return NULL;
  c->utf8.ptr[c->utf8.len] = '\0';
  return c->utf8.ptr;
}

/* Copies every value of the open key `h` into `dst`. */
static int copy_values(read_ctx *c, HKEY h, const char *path, cr_key *dst)
{
  DWORD index = 0, retries = 0;
  int rc;

  for (;;) {
    DWORD name_len = VALUE_NAME_UNITS, data_len = c->data_cap, type = 0;
    LSTATUS err = osRegEnumValueW(h, index, c->value_name, &name_len, NULL,
                                  &type, c->data, &data_len);
    if (err == ERROR_NO_MORE_ITEMS || err == ERROR_INVALID_HANDLE)
      return CR_OK; /* ERROR_INVALID_HANDLE: see VIRTUAL_KEY_NOTE */
    if (err == ERROR_MORE_DATA) {
      /* The value is larger than the buffer, possibly because it grew
       * since the last look: ask for the current maximum and try the
       * same index again, with at least twice the room. */
      DWORD max_data = 0, want;
      if (++retries > MAX_RETRIES)
        return cr_win32_error((unsigned long)err, "RegEnumValueW", path,
                              NULL, false);
      err = osRegQueryInfoKeyW(h, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                               NULL, &max_data, NULL, NULL);
      if (err != ERROR_SUCCESS)
        return cr_win32_error((unsigned long)err, "RegQueryInfoKeyW", path,
                              NULL, false);
      want = c->data_cap > MAXDWORD / 2 ? MAXDWORD : c->data_cap * 2;
      if (data_len > want)
        want = data_len;
      if (max_data > want)
        want = max_data;
      if ((rc = grow_data(c, want)) < 0)
        return rc;
      continue;
    }
    if (err != ERROR_SUCCESS)
      return cr_win32_error((unsigned long)err, "RegEnumValueW", path, NULL,
                            false);
    retries = 0;
    if (!to_utf8(c, c->value_name, name_len))
      return cr_error_wrap(cr_error_last_code(), "value name in %s", path);
    if ((rc = cr_key_set_value(dst, c->utf8.ptr, (uint32_t)type, c->data,
                               data_len)) < 0)
      return rc;
    index++;
  }
}

/* One open key on the way down a recursive read. */
typedef struct read_frame {
  HKEY h;
  char *path;
  DWORD index; /* next subkey to enumerate */
} read_frame;

/*
 * Depth-first walk with an explicit stack (bounded by MAX_DEPTH, the
 * registry's own nesting limit), so a deep tree or a link loop cannot
 * exhaust the C stack. Subkeys that disappear while we walk are skipped;
 * subkeys we may not read are skipped too, so that an unprivileged read of
 * a large tree still yields everything readable.
 */
static int read_subkeys(read_ctx *c, HKEY top, const char *top_path)
{
  read_frame *frames;
  size_t depth = 0, i;
  int rc = CR_OK;

  frames = cr_calloc(MAX_DEPTH, sizeof *frames);
  if (!frames)
    return cr_error_oom();
  frames[0].h = top;
  frames[0].path = cr_strdup(top_path);
  if (!frames[0].path) {
    free(frames);
    return cr_error_oom();
  }
  depth = 1;

  while (depth) {
    read_frame *f = &frames[depth - 1];
    DWORD len = c->key_name_cap;
    HKEY child = NULL;
    cr_buf child_path = CR_BUF_INIT;
    cr_key *dst;
    LSTATUS err = osRegEnumKeyExW(f->h, f->index, c->key_name, &len, NULL,
                                  NULL, NULL, NULL);
    if (err == ERROR_NO_MORE_ITEMS || err == ERROR_INVALID_HANDLE) {
      /* ERROR_INVALID_HANDLE: see VIRTUAL_KEY_NOTE */
      if (depth > 1) /* the caller owns and closes the top handle */
        osRegCloseKey(f->h);
      free(f->path);
      f->path = NULL;
      depth--;
      continue;
    }
    if (err == ERROR_MORE_DATA && c->key_name_cap < 65536) {
      /* Longer than the documented limit; give it more room. */
      WCHAR *p = cr_realloc_array(c->key_name, c->key_name_cap * 2,
                                  sizeof *p);
      if (!p) {
        rc = cr_error_oom();
        goto out;
      }
      c->key_name = p;
      c->key_name_cap *= 2;
      continue;
    }
    if (err != ERROR_SUCCESS) {
      rc = cr_win32_error((unsigned long)err, "RegEnumKeyExW", f->path, NULL,
                          false);
      goto out;
    }
    f->index++;
    if (!to_utf8(c, c->key_name, len)) {
      rc = cr_error_wrap(cr_error_last_code(), "subkey name in %s", f->path);
      goto out;
    }
    cr_buf_printf(&child_path, "%s\\%s", f->path, c->utf8.ptr);
    if ((rc = cr_buf_status(&child_path)) < 0)
      goto out;
    err = osRegOpenKeyExW(f->h, c->key_name, 0, KEY_READ | KEY_WOW64_64KEY,
                          &child);
    if (err == ERROR_FILE_NOT_FOUND || err == ERROR_ACCESS_DENIED) {
      cr_buf_dispose(&child_path);
      continue;
    }
    if (err != ERROR_SUCCESS) {
      rc = cr_win32_error((unsigned long)err, "RegOpenKeyExW",
                          child_path.ptr, NULL, false);
      cr_buf_dispose(&child_path);
      goto out;
    }
    if (depth == MAX_DEPTH) {
      osRegCloseKey(child);
      rc = cr_error_set(CR_EIO, "%s: keys nested deeper than %d levels "
                        "(a registry link that loops?)", child_path.ptr,
                        MAX_DEPTH);
      cr_buf_dispose(&child_path);
      goto out;
    }
    if ((rc = cr_snap_make_key(&dst, c->into, child_path.ptr)) < 0 ||
        (rc = copy_values(c, child, child_path.ptr, dst)) < 0) {
      osRegCloseKey(child);
      cr_buf_dispose(&child_path);
      goto out;
    }
    frames[depth].h = child;
    frames[depth].path = cr_buf_detach(&child_path, NULL);
    frames[depth].index = 0;
    depth++;
  }

out:
  for (i = 0; i < depth; i++) {
    if (i > 0)
      osRegCloseKey(frames[i].h);
    free(frames[i].path);
  }
  free(frames);
  return rc;
}

static int live_read_key(cr_store *st, const char *key, bool recursive,
                         cr_snapshot *into)
{
  read_ctx c;
  live_path p;
  HKEY h = NULL;
  cr_key *dst;
  LSTATUS err;
  int rc;

  (void)st;
  if (!into)
    return cr_error_set(CR_EINVAL, "read_key: no snapshot to read into");
  if ((rc = path_parse(&p, key)) < 0)
    return rc;
  memset(&c, 0, sizeof c);
  c.into = into;

  err = osRegOpenKeyExW(p.root, path_wide(&p), 0,
                        KEY_READ | KEY_WOW64_64KEY, &h);
  if (err == ERROR_FILE_NOT_FOUND) {
    rc = CR_OK; /* a missing key adds nothing */
    goto out;
  }
  if (err != ERROR_SUCCESS) {
    rc = cr_win32_error((unsigned long)err, "RegOpenKeyExW", p.display.ptr,
                        NULL, false);
    h = NULL;
    goto out;
  }
  c.value_name = cr_calloc(VALUE_NAME_UNITS, sizeof *c.value_name);
  c.key_name_cap = KEY_NAME_UNITS;
  c.key_name = cr_calloc(c.key_name_cap, sizeof *c.key_name);
  if (!c.value_name || !c.key_name || grow_data(&c, 4096) < 0) {
    rc = cr_error_oom();
    goto out;
  }
  if ((rc = cr_snap_make_key(&dst, c.into, p.display.ptr)) < 0 ||
      (rc = copy_values(&c, h, p.display.ptr, dst)) < 0)
    goto out;
  if (recursive)
    rc = read_subkeys(&c, h, p.display.ptr);

out:
  if (h)
    osRegCloseKey(h);
  free(c.value_name);
  free(c.key_name);
  free(c.data);
  cr_buf_dispose(&c.utf8);
  path_dispose(&p);
  return rc;
}

static int live_key_exists(cr_store *st, const char *key)
{
  live_path p;
  HKEY h;
  LSTATUS err;
  int rc;

  (void)st;
  if ((rc = path_parse(&p, key)) < 0)
    return rc;
  err = osRegOpenKeyExW(p.root, path_wide(&p), 0,
                        KEY_QUERY_VALUE | KEY_WOW64_64KEY, &h);
  if (err == ERROR_SUCCESS) {
    osRegCloseKey(h);
    rc = 1;
  } else if (err == ERROR_FILE_NOT_FOUND) {
    rc = 0;
  } else if (err == ERROR_ACCESS_DENIED) {
    rc = 1; /* it is there, we just may not look inside */
  } else {
    rc = cr_win32_error((unsigned long)err, "RegOpenKeyExW", p.display.ptr,
                        NULL, false);
  }
  path_dispose(&p);
  return rc;
}

/* ---------------------------------------------------------------- */
/* Writing.                                                         */
/* ---------------------------------------------------------------- */

static int create_key(HKEY *out, const live_path *p, REGSAM access)
{
  LSTATUS err = osRegCreateKeyExW(p->root, path_wide(p), 0, NULL,
                                  REG_OPTION_NON_VOLATILE,
                                  access | KEY_WOW64_64KEY, NULL, out, NULL);
  if (err != ERROR_SUCCESS) {
    *out = NULL;
    return cr_win32_error((unsigned long)err, "RegCreateKeyExW",
                          p->display.ptr, NULL, true);
  }
  return CR_OK;
}

static bool is_string_type(uint32_t type)
{
  return type == REG_SZ || type == REG_EXPAND_SZ || type == REG_MULTI_SZ;
}

static int live_set_value(cr_store *st, const char *key, const char *name,
                          uint32_t type, const void *data, size_t len)
{
  static const BYTE nothing[1] = { 0 };
  live_path p;
  cr_buf wname = CR_BUF_INIT;
  BYTE *padded = NULL;
  const BYTE *bytes = data ? (const BYTE *)data : nothing;
  HKEY h = NULL;
  LSTATUS err;
  int rc;

  (void)st;
  if (!data && len)
    return cr_error_set(CR_EINVAL, "set_value %s: data length given but "
                        "no data", key ? key : "(null)");
  if (len > MAXDWORD - 4)
    return cr_error_set(CR_EINVAL, "set_value %s: data too large for a "
                        "registry value (4 GB or more)", key ? key : "(null)");
  if ((rc = path_parse(&p, key)) < 0)
    return rc;
  if ((rc = value_name_wide(&wname, name)) < 0)
    goto out;

  /*
   * RegSetValueExW looks one WCHAR past the end of string data and, when
   * the data lacks a terminator but the memory after it holds one, counts
   * it in ("yes NT does this", as Wine's source says), and with a 1-byte
   * count it even looks one WCHAR before. Our buffers are sized exactly,
   * so both reads would leave them. Hand it a copy fenced on both sides by
   * non-zero units: the call then stores exactly `len` bytes and reads
   * only memory we own.
   */
  if (len && is_string_type(type)) {
    padded = malloc(len + 4);
    if (!padded) {
      rc = cr_error_oom();
      goto out;
    }
    padded[0] = padded[1] = 0xFF;
    memcpy(padded + 2, data, len);
    padded[len + 2] = padded[len + 3] = 0xFF;
    bytes = padded + 2;
  }

  if ((rc = create_key(&h, &p, KEY_SET_VALUE)) < 0)
    goto out;
  err = osRegSetValueExW(h, (const WCHAR *)wname.ptr, 0, (DWORD)type, bytes,
                         (DWORD)len);
  if (err != ERROR_SUCCESS)
    rc = cr_win32_error((unsigned long)err, "RegSetValueExW", p.display.ptr,
                        name ? name : "", true);

out:
  if (h)
    osRegCloseKey(h);
  free(padded);
  cr_buf_dispose(&wname);
  path_dispose(&p);
  return rc;
}

static int live_delete_value(cr_store *st, const char *key, const char *name)
{
  live_path p;
  cr_buf wname = CR_BUF_INIT;
  HKEY h = NULL;
  LSTATUS err;
  int rc;

  (void)st;
  if ((rc = path_parse(&p, key)) < 0)
    return rc;
  if ((rc = value_name_wide(&wname, name)) < 0)
    goto out;
  err = osRegOpenKeyExW(p.root, path_wide(&p), 0,
                        KEY_SET_VALUE | KEY_WOW64_64KEY, &h);
  if (err == ERROR_FILE_NOT_FOUND) {
    h = NULL; /* no key, so no value: nothing to do */
    goto out;
  }
  if (err != ERROR_SUCCESS) {
    h = NULL;
    rc = cr_win32_error((unsigned long)err, "RegOpenKeyExW", p.display.ptr,
                        NULL, true);
    goto out;
  }
  err = osRegDeleteValueW(h, (const WCHAR *)wname.ptr);
  if (err != ERROR_SUCCESS && err != ERROR_FILE_NOT_FOUND)
    rc = cr_win32_error((unsigned long)err, "RegDeleteValueW",
                        p.display.ptr, name ? name : "", true);

out:
  if (h)
    osRegCloseKey(h);
  cr_buf_dispose(&wname);
  path_dispose(&p);
  return rc;
}

static int live_create_key(cr_store *st, const char *key)
{
  live_path p;
  HKEY h = NULL;
  int rc;

  (void)st;
  if ((rc = path_parse(&p, key)) < 0)
    return rc;
  rc = create_key(&h, &p, KEY_QUERY_VALUE);
  if (h)
    osRegCloseKey(h);
  path_dispose(&p);
  return rc;
}

/*
 * RegDeleteTreeW on the parent, opened in the 64-bit view with the rights
 * the call documents (DELETE, KEY_ENUMERATE_SUB_KEYS, KEY_QUERY_VALUE).
 * Note that it follows registry links like any open: never point it at a
 * tree that contains one.
 */
static int live_delete_key(cr_store *st, const char *key)
{
  live_path p;
  HKEY parent = NULL;
  WCHAR *wide;
  LSTATUS err;
  int rc;

  (void)st;
  if ((rc = path_parse(&p, key)) < 0)
    return rc;
  if (p.components == 0) {
    rc = cr_error_set(CR_EINVAL, "refusing to delete the root key %s",
                      p.display.ptr);
    goto out;
  }
  /* Split "a\\b\\c" into the parent "a\\b" and the name "c"; a key
   * right below the root has the root itself as parent (""). */
  wide = path_wide(&p);
  if (p.components > 1)
    wide[p.last_sep] = 0;
  err = osRegOpenKeyExW(p.root, p.components > 1 ? wide : L"", 0,
                        DELETE | KEY_ENUMERATE_SUB_KEYS | KEY_QUERY_VALUE |
                          KEY_WOW64_64KEY,
                        &parent);
  if (err == ERROR_FILE_NOT_FOUND) {
    parent = NULL; /* no parent, so no key */
    goto out;
  }
  if (err != ERROR_SUCCESS) {
    parent = NULL;
    rc = cr_win32_error((unsigned long)err, "RegOpenKeyExW", p.display.ptr,
                        NULL, true);
    goto out;
  }
  err = osRegDeleteTreeW(parent, wide + p.last_start);
  if (err != ERROR_SUCCESS && err != ERROR_FILE_NOT_FOUND)
    rc = cr_win32_error((unsigned long)err, "RegDeleteTreeW", p.display.ptr,
                        NULL, true);

out:
  if (parent)
    osRegCloseKey(parent);
  path_dispose(&p);
  return rc;
}

static void live_close(cr_store *st) { free(st); }

static const cr_store_ops live_store_ops = {
  "live", true, live_read_key, live_key_exists, live_set_value, live_delete_value,
  live_create_key, live_delete_key, live_close
};

int cr_store_live_open(cr_store **out)
{
  cr_store *st;
  if (!out)
    return cr_error_set(CR_EINVAL, "cr_store_live_open: out is NULL");
  st = cr_calloc(1, sizeof *st);
  if (!st)
    return cr_error_oom();
  st->ops = &live_store_ops;
  *out = st;
  return CR_OK;
}

#else /* !_WIN32 */

/* ISO C forbids an empty translation unit; see core/live_none.c. */
typedef int cr_registry_unused;

#endif
