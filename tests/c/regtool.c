/*
 * regtool.c - cr_regtool.exe, a small driver for the Wine equivalence test
 * (tests/wine/regexport_equiv.sh). It runs on the library's public API,
 * apart from `dump` (prints a snapshot's values, for diagnosis) and `write`
 * (uses the store table directly to put exact bytes into the registry).
 *
 *   cr_regtool live KEY OUT.reg      live KEY (with subkeys) -> .reg file
 *   cr_regtool compare A.reg B.reg   exit 0 when both parse to the same
 *                                    snapshot, else say why and exit 1
 *   cr_regtool livecmp KEY FILE.reg  live KEY (with subkeys) against a .reg
 *                                    file, in memory (no writer involved)
 *   cr_regtool canon IN.reg OUT.reg  parse and write back
 *   cr_regtool dump KEY|FILE.reg     list every value: type, length, bytes
 *   cr_regtool write IN.reg          write every key and value of a .reg file
 *                                    to the live registry through the
 *                                    backend (byte-exact, unlike reg import)
 *   cr_regtool capture FILE OUT.reg  the live state of every key FILE names
 *                                    (as reg import or ConnReset reads it)
 *   cr_regtool importcmp FILE BEFORE.reg
 *                                    after `reg import FILE`: the live state
 *                                    of those keys against BEFORE.reg with
 *                                    FILE read over it as ConnReset reads
 *                                    it (tests/wine/regimport_equiv.sh);
 *                                    exit 4 when ConnReset refuses FILE
 *
 * Files are read strictly (the byte-exact grammar) except FILE in capture
 * and importcmp, which is read as reg import reads it.
 *
 * Exit status: 0 success (or equal), 1 different, 2 error (message on
 * stderr). Arguments are taken as they come (ANSI code page on Windows),
 * so keep key names on the command line ASCII.
 */
#include "connreset.h"
#include "snapshot.h"
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what)
{
  fprintf(stderr, "cr_regtool: %s: %s (%s)\n", what, cr_error_last(),
          cr_err_name(cr_error_last_code()));
  return 2;
}

static int usage(void)
{
  fprintf(stderr,
          "usage: cr_regtool live KEY OUT.reg\n"
          "       cr_regtool compare A.reg B.reg\n"
          "       cr_regtool livecmp KEY FILE.reg\n"
          "       cr_regtool canon IN.reg OUT.reg\n"
          "       cr_regtool dump KEY|FILE.reg\n"
          "       cr_regtool write IN.reg\n"
          "       cr_regtool capture FILE OUT.reg\n"
          "       cr_regtool importcmp FILE BEFORE.reg\n");
  return 2;
}

/* One .reg file, read strictly: these are the library's own byte-exact
 * files (hex(1) without a terminator stays so). */
static int open_strict(cr_snapshot **out, const char *path)
{
  int rc;
  if ((rc = cr_snapshot_new(out)) < 0)
    return rc;
  if ((rc = cr_snapshot_set_strict(*out, 1)) < 0 ||
      (rc = cr_snapshot_load_file(*out, path)) < 0) {
    cr_snapshot_free(*out);
    *out = NULL;
  }
  return rc;
}
#define cr_snapshot_open_files(out, paths, n) open_strict((out), (paths)[0])

static bool looks_like_file(const char *arg)
{
  size_t n = strlen(arg);
  return n > 4 && cr_stricmp(arg + n - 4, ".reg") == 0;
}

/* A snapshot of a .reg file, or of a live key and its subkeys. */
static int load(cr_snapshot **out, const char *what)
{
  int rc;
  if ((rc = cr_snapshot_new(out)) < 0)
    return rc;
  if (looks_like_file(what))
    rc = cr_snapshot_set_strict(*out, 1) < 0 ? -1
                                             : cr_snapshot_load_file(*out, what);
  else
    rc = cr_snapshot_load_live(*out, what, 1);
  if (rc < 0) {
    cr_snapshot_free(*out);
    *out = NULL;
  }
  return rc;
}

static int compare(const cr_snapshot *a, const cr_snapshot *b,
                   const char *an, const char *bn)
{
  char *why = NULL;
  if (cr_snapshot_equal(&why, a, b)) {
    printf("equal: %s and %s (%u keys, %u values)\n", an, bn,
           (unsigned)cr_snapshot_key_count(a),
           (unsigned)cr_snapshot_value_count(a));
    return 0;
  }
  printf("different: %s (first) and %s (second): %s\n", an, bn,
         why ? why : "(no reason given)");
  cr_free(why);
  return 1;
}

static void dump_key(const cr_key *k)
{
  cr_buf path = CR_BUF_INIT;
  size_t i, j;
  if (k->parent) {
    cr_key_path(&path, k);
    printf("[%s]\n", path.ptr ? path.ptr : "?");
    cr_buf_dispose(&path);
  }
  for (i = 0; i < k->nvalues; i++) {
    const cr_value *v = &k->values[i];
    printf("  \"%s\" %s (%lu) %u bytes:", v->name, cr_reg_type_name(v->type),
           (unsigned long)v->type, (unsigned)v->len);
    for (j = 0; j < v->len && j < 64; j++)
      printf(" %02x", v->data[j]);
    printf("%s\n", v->len > 64 ? " ..." : "");
  }
  for (i = 0; i < k->nchildren; i++)
    dump_key(k->children[i]);
}

/* Creates `k` (hive roots excepted) with its values, then its subkeys.
 * The reader bounds the depth of a snapshot at 512, so recursion is fine. */
static int write_key(cr_store *st, const cr_key *k)
{
  cr_buf path = CR_BUF_INIT;
  size_t i;
  int rc = CR_OK;
  if (k->parent && k->parent->parent) {
    if ((rc = cr_key_path(&path, k)) < 0 ||
        (rc = st->ops->create_key(st, path.ptr)) < 0)
      goto out;
    for (i = 0; i < k->nvalues; i++) {
      const cr_value *v = &k->values[i];
      if ((rc = st->ops->set_value(st, path.ptr, v->name, v->type, v->data,
                                   v->len)) < 0)
        goto out;
    }
  }
  for (i = 0; i < k->nchildren && rc == CR_OK; i++)
    rc = write_key(st, k->children[i]);
out:
  cr_buf_dispose(&path);
  return rc;
}

/* ---------------------------------------------------------------- */
/* The keys a .reg file touches, for capture and importcmp.         */
/* ---------------------------------------------------------------- */

typedef struct key_set {
  char **v;
  size_t n;
} key_set;

static void set_add(key_set *ks, const char *path, size_t len)
{
  cr_buf b = CR_BUF_INIT;
  const char *rest, *root = cr_reg_root(path, len, &rest);
  const char *end = path + len, *q;
  size_t i;
  char **p;
  if (!root || (rest < end && *rest == '\\'))
    return; /* neither reader opens such a key */
  cr_buf_puts(&b, root);
  for (q = rest; q < end;) { /* empty components collapse, as both read */
    const char *c = q;
    while (q < end && *q != '\\')
      q++;
    if (q > c) {
      cr_buf_putc(&b, '\\');
      cr_buf_put(&b, c, (size_t)(q - c));
    }
    if (q < end)
      q++;
  }
  for (i = 0; b.ptr && i < ks->n; i++)
    if (!cr_stricmp(ks->v[i], b.ptr)) {
      cr_buf_dispose(&b);
      return;
    }
  if (b.ptr && (p = realloc(ks->v, (ks->n + 1) * sizeof *p)) != NULL) {
    ks->v = p;
    ks->v[ks->n++] = cr_buf_detach(&b, NULL);
  }
  cr_buf_dispose(&b);
}

/* The keys of ConnReset's reading that the file set (values) or created
 * (leaves); not the keys above them, whose subtrees hold far more (and,
 * under WOW6432Node, keys the registry shares between views). */
static void set_add_tree(key_set *ks, const cr_key *k)
{
  size_t i;
  if (k->parent && (k->nvalues || !k->nchildren)) {
    cr_buf b = CR_BUF_INIT;
    if (cr_key_path(&b, k) >= 0 && b.ptr)
      set_add(ks, b.ptr, b.len);
    cr_buf_dispose(&b);
  }
  for (i = 0; i < k->nchildren; i++)
    set_add_tree(ks, k->children[i]);
}

/* Every key FILE names on a '[' line (the text up to the last ']', as reg
 * import reads it; "-" dropped), every "HKEY_CLASSES_ROOT..." line of a
 * REGEDIT 3.1 file, and every key of ConnReset's own reading of it. The
 * file is decoded as reg import decodes it: UTF-16LE after FF FE, else
 * Windows-1252 bytes. */
static int file_keys(key_set *ks, const char *path)
{
  uint8_t *img = NULL;
  size_t len = 0, i;
  cr_buf text = CR_BUF_INIT;
  cr_snapshot *s = NULL;
  char *p, *line;
  int rc;
  if ((rc = cr_read_file(&img, &len, path)) < 0)
    return rc;
  if (len >= 2 && img[0] == 0xFF && img[1] == 0xFE)
    cr_utf16_to_utf8(&text, img + 2, (len - 2) / 2);
  else
    for (i = 0; i < len; i++) {
      static const uint16_t hi[32] = {
        0x20AC, 0x81, 0x201A, 0x192, 0x201E, 0x2026, 0x2020, 0x2021, 0x2C6,
        0x2030, 0x160, 0x2039, 0x152, 0x8D, 0x17D, 0x8F, 0x90, 0x2018,
        0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x2DC, 0x2122,
        0x161, 0x203A, 0x153, 0x9D, 0x17E, 0x178 };
      uint8_t c = img[i];
      cr_buf_put_utf8(&text, c >= 0x80 && c < 0xA0 ? hi[c - 0x80] : c);
    }
  free(img);
  cr_buf_put(&text, "", 0);
  for (line = text.ptr; line && *line; line = p) {
    char *open, *close = NULL, *q;
    p = line + strcspn(line, "\r\n");
    if (*p)
      *p++ = '\0';
    while (*p == '\r' || *p == '\n')
      *p++ = '\0';
    for (open = line; *open == ' ' || *open == '\t'; open++)
      ;
    if (!strncmp(open, "HKEY_CLASSES_ROOT", 17)) {
      set_add(ks, open, strcspn(open, " \t"));
      continue;
    }
    if (*open != '[')
      continue;
    for (q = open + 1; *q; q++)
      if (*q == ']')
        close = q;
    if (!close)
      continue;
    open++;
    if (*open == '-')
      open++;
    set_add(ks, open, (size_t)(close - open));
  }
  cr_buf_dispose(&text);
  if (cr_snapshot_new(&s) >= 0 && cr_snapshot_load_file(s, path) >= 0)
    set_add_tree(ks, &s->root);
  cr_error_clear();
  cr_snapshot_free(s);
  return CR_OK;
}

static void set_free(key_set *ks)
{
  size_t i;
  for (i = 0; i < ks->n; i++)
    free(ks->v[i]);
  free(ks->v);
}

/* The live state of the keys: recursively, except keys two levels deep or
 * less (HKLM\SOFTWARE), whose values alone are taken. */
static int capture(cr_snapshot **out, const key_set *ks)
{
  size_t i;
  int rc;
  if ((rc = cr_snapshot_new(out)) < 0)
    return rc;
  for (i = 0; i < ks->n && rc >= 0; i++) {
    size_t depth = 1;
    const char *q;
    for (q = ks->v[i]; *q; q++)
      depth += *q == '\\';
    rc = cr_snapshot_load_live(*out, ks->v[i], depth >= 3);
  }
  return rc;
}

int main(int argc, char **argv)
{
  cr_snapshot *a = NULL, *b = NULL;
  int rc = 2;

  if (argc < 3)
    return usage();
  if (!strcmp(argv[1], "live") && argc == 4) {
    if (cr_snapshot_new(&a) < 0 || cr_snapshot_load_live(a, argv[2], 1) < 0)
      rc = fail(argv[2]);
    else if (cr_snapshot_save(a, argv[3]) < 0)
      rc = fail(argv[3]);
    else
      rc = 0;
  } else if (!strcmp(argv[1], "compare") && argc == 4) {
    if (cr_snapshot_open_files(&a, (const char *const *)&argv[2], 1) < 0)
      rc = fail(argv[2]);
    else if (cr_snapshot_open_files(&b, (const char *const *)&argv[3], 1) < 0)
      rc = fail(argv[3]);
    else
      rc = compare(a, b, argv[2], argv[3]);
  } else if (!strcmp(argv[1], "livecmp") && argc == 4) {
    if (cr_snapshot_new(&a) < 0 || cr_snapshot_load_live(a, argv[2], 1) < 0)
      rc = fail(argv[2]);
    else if (cr_snapshot_open_files(&b, (const char *const *)&argv[3], 1) < 0)
      rc = fail(argv[3]);
    else
      rc = compare(a, b, argv[2], argv[3]);
  } else if (!strcmp(argv[1], "canon") && argc == 4) {
    if (cr_snapshot_open_files(&a, (const char *const *)&argv[2], 1) < 0)
      rc = fail(argv[2]);
    else if (cr_snapshot_save(a, argv[3]) < 0)
      rc = fail(argv[3]);
    else
      rc = 0;
  } else if (!strcmp(argv[1], "dump") && argc == 3) {
    if (load(&a, argv[2]) < 0) {
      rc = fail(argv[2]);
    } else {
      dump_key(&a->root);
      rc = 0;
    }
  } else if (!strcmp(argv[1], "write") && argc == 3) {
    cr_store *st = NULL;
    if (cr_snapshot_open_files(&a, (const char *const *)&argv[2], 1) < 0)
      rc = fail(argv[2]);
    else if (cr_store_live_open(&st) < 0 || write_key(st, &a->root) < 0)
      rc = fail("writing the live registry");
    else
      rc = 0;
    cr_store_close(st);
  } else if (!strcmp(argv[1], "capture") && argc == 4) {
    key_set ks = { NULL, 0 };
    if (file_keys(&ks, argv[2]) < 0)
      rc = fail(argv[2]);
    else if (capture(&a, &ks) < 0)
      rc = fail("reading the live registry");
    else if (cr_snapshot_save(a, argv[3]) < 0)
      rc = fail(argv[3]);
    else
      rc = 0;
    set_free(&ks);
  } else if (!strcmp(argv[1], "importcmp") && argc == 4) {
    key_set ks = { NULL, 0 };
    size_t i;
    if (file_keys(&ks, argv[2]) < 0 || open_strict(&a, argv[3]) < 0) {
      rc = fail(argv[2]);
    } else if (cr_snapshot_set_strict(a, 0) < 0 ||
               cr_snapshot_load_file(a, argv[2]) < 0) {
      /* ConnReset refuses the file: say why, and compare nothing. */
      printf("refused by ConnReset: %s\n", cr_error_last());
      rc = 4;
    } else if (capture(&b, &ks) < 0) {
      rc = fail("reading the live registry");
    } else {
      for (i = 0; i < cr_snapshot_warning_count(a); i++)
        printf("warning: %s\n", cr_snapshot_warning(a, i));
      rc = compare(a, b, "ConnReset's reading", "Wine's reg import");
    }
    set_free(&ks);
  } else {
    rc = usage();
  }
  cr_snapshot_free(a);
  cr_snapshot_free(b);
  return rc;
}
