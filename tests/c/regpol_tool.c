/*
 * regpol_tool.c - a small host tool for the Samba readback test
 * (tests/gpo/samba_readback.sh); not a ctest of its own.
 *
 *   regpol_tool write-sample OUT.pol   writes a policy with every common
 *                                      type, Unicode names and **del. /
 *                                      **delvals. entries
 *   regpol_tool json IN.pol            prints cr_regpol_to_json of IN.pol
 */
#include "connreset.h"

#include <stdio.h>
#include <string.h>

static int fail(const char *what)
{
  fprintf(stderr, "regpol_tool: %s: %s (%s)\n", what, cr_error_last(),
          cr_err_name(cr_error_last_code()));
  return 1;
}

/* UTF-16LE of ASCII text; enough for the sample's typed data. */
static size_t ascii16(unsigned char *out, const char *s)
{
  size_t n = 0;
  for (; *s; s++) {
    out[n++] = (unsigned char)*s;
    out[n++] = 0;
  }
  return n;
}

#define SAMPLE_KEY "SOFTWARE\\Policies\\ConnReset\\Sample"

static int write_sample(const char *path)
{
  static const unsigned char bin[] = { 0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff };
  static const unsigned char qword[] = { 0x08, 0x07, 0x06, 0x05,
                                         0x04, 0x03, 0x02, 0x01 };
  const char *key = SAMPLE_KEY;
  /* "Ünïcode 日本 😀" (the last one a surrogate pair in the file). */
  const char *ukey = "SOFTWARE\\Policies\\ConnReset\\\xc3\x9cn\xc3\xaf"
                     "code \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80";
  unsigned char buf[256];
  size_t n;
  cr_regpol *pol = NULL;
  int rc = 0;
  if (cr_regpol_new(&pol) < 0)
    return fail("new");
  if (cr_regpol_add_dword(pol, key, "Dword", 0xfeedf00d) < 0 ||
      cr_regpol_add_sz(pol, key, "Sz", "TLS_ECDHE_RSA_WITH_AES_256_GCM_"
                       "SHA384,TLS_AES_128_GCM_SHA256") < 0)
    rc = fail("add");
  n = ascii16(buf, "%SystemRoot%\\System32");
  buf[n++] = 0;
  buf[n++] = 0;
  if (!rc && cr_regpol_add(pol, key, "ExpandSz", CR_REG_EXPAND_SZ, buf, n) < 0)
    rc = fail("add");
  n = ascii16(buf, "first");
  buf[n++] = 0;
  buf[n++] = 0;
  n += ascii16(buf + n, "second");
  buf[n++] = 0;
  buf[n++] = 0;
  buf[n++] = 0;
  buf[n++] = 0;
  if (!rc && cr_regpol_add(pol, key, "MultiSz", CR_REG_MULTI_SZ, buf, n) < 0)
    rc = fail("add");
  if (!rc && (cr_regpol_add(pol, key, "Binary", CR_REG_BINARY, bin,
                            sizeof bin) < 0 ||
              cr_regpol_add(pol, key, "Qword", CR_REG_QWORD, qword,
                            sizeof qword) < 0 ||
              cr_regpol_add_sz(pol, key, "", "the default value") < 0 ||
              cr_regpol_add_sz(pol, ukey, "\xe5\x90\x8d\xe5\x89\x8d",
                               "\xe5\x80\xa4 \xf0\x9f\x98\x80") < 0 ||
              cr_regpol_add_dword(pol, ukey, "Enabled", 1) < 0 ||
              cr_regpol_add_sz(pol, key, "**del.Obsolete", " ") < 0 ||
              cr_regpol_add_sz(pol, SAMPLE_KEY "\\List", "**delvals.",
                               " ") < 0 ||
              cr_regpol_add_sz(pol, SAMPLE_KEY "\\List", "1", "one") < 0 ||
              cr_regpol_add_sz(pol, key, "**DeleteValues", "A;B") < 0 ||
              cr_regpol_add_sz(pol, "SOFTWARE\\Policies\\ConnReset",
                               "**DeleteKeys",
                               "SOFTWARE\\Policies\\ConnReset\\Old") < 0 ||
              cr_regpol_add_dword(pol, key, "**soft.Soft", 7) < 0))
    rc = fail("add");
  if (!rc && cr_regpol_save(pol, path) < 0)
    rc = fail(path);
  cr_regpol_free(pol);
  return rc;
}

static int print_json(const char *path)
{
  cr_regpol *pol = NULL;
  char *json = NULL;
  if (cr_regpol_open(&pol, path) < 0)
    return fail("open");
  if (cr_regpol_to_json(&json, pol) < 0) {
    cr_regpol_free(pol);
    return fail("json");
  }
  fputs(json, stdout);
  cr_free(json);
  cr_regpol_free(pol);
  return fflush(stdout) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
  if (argc == 3 && strcmp(argv[1], "write-sample") == 0)
    return write_sample(argv[2]);
  if (argc == 3 && strcmp(argv[1], "json") == 0)
    return print_json(argv[2]);
  fprintf(stderr, "usage: regpol_tool write-sample OUT.pol\n"
                  "       regpol_tool json IN.pol\n");
  return 2;
}
