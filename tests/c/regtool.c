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
          "       cr_regtool write IN.reg\n");
  return 2;
}

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
  rc = looks_like_file(what) ? cr_snapshot_load_file(*out, what)
                             : cr_snapshot_load_live(*out, what, 1);
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
  } else {
    rc = usage();
  }
  cr_snapshot_free(a);
  cr_snapshot_free(b);
  return rc;
}
