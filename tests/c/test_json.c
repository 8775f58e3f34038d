/*
 * test_json.c - tests of the strict JSON reader (core/json_read.c): values
 * and their offsets, the limits of RFC 8259 it enforces, and every file
 * of tests/fixtures/json/malformed failing at the offset, and with the
 * words, that EXPECTED.txt gives.
 *
 * Usage: test_json [JSON_FIXTURES_DIR]
 */
#define _POSIX_C_SOURCE 200809L
#include "json.h"
#include "json_read.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef CR_FIXTURES_DIR
static const char *fixtures = CR_FIXTURES_DIR "/json";
#else
static const char *fixtures = "tests/fixtures/json";
#endif
#include "cases.h"

static cr_jval *parse(const char *text)
{
  cr_jval *v = NULL;
  int rc = cr_json_parse(&v, text, strlen(text), "t.json");
  CHECK_MSG(rc == CR_OK, "'%s': %s", text, cr_error_last());
  return v;
}

static void fails(const char *text, size_t len, size_t offset,
                  const char *words)
{
  cr_jval *v = (cr_jval *)1;
  char want[64];
  int rc = cr_json_parse(&v, text, len, "t.json");
  snprintf(want, sizeof want, "(offset %zu): ", offset);
  CHECK_MSG(rc == CR_EPARSE && v == NULL, "'%.40s' parsed (rc %d)", text, rc);
  CHECK_MSG(strstr(cr_error_last(), want) != NULL, "'%.40s': want %s in %s",
            text, want, cr_error_last());
  CHECK_MSG(strstr(cr_error_last(), words) != NULL, "'%.40s': want '%s' in %s",
            text, words, cr_error_last());
  CHECK_MSG(!strncmp(cr_error_last(), "t.json: line ", 13), "%s",
            cr_error_last());
}

static void test_values(void)
{
  char *path = NULL, *text;
  uint8_t *data = NULL;
  size_t len = 0;
  cr_jval *v = NULL;
  cr_buf b = CR_BUF_INIT;
  cr_buf_printf(&b, "%s/values.json", fixtures);
  path = cr_buf_detach(&b, NULL);
  CHECK_OK(cr_read_file(&data, &len, path));
  text = (char *)data;
  CHECK_OK(cr_json_parse(&v, text, len, path));
  if (v) {
    CHECK(v->type == CR_JSON_ARRAY && v->n == 15);
    CHECK(v->items[0].type == CR_JSON_NULL && v->items[0].offset == 1);
    CHECK(v->items[1].type == CR_JSON_BOOL && v->items[1].b);
    CHECK(v->items[2].type == CR_JSON_BOOL && !v->items[2].b);
    CHECK(v->items[3].is_int && v->items[3].i == 0);
    CHECK(v->items[4].is_int && v->items[4].i == 0);
    CHECK(v->items[5].is_int && v->items[5].i == INT64_MIN);
    CHECK(v->items[6].is_int && v->items[6].i == INT64_MAX);
    CHECK(!v->items[7].is_int && v->items[7].num > 9.2e18);
    CHECK(!v->items[8].is_int && v->items[8].num == 1500.0);
    CHECK(fabs(v->items[9].num + 0.0225) < 1e-12);
    CHECK(v->items[10].type == CR_JSON_STRING &&
          !strcmp(v->items[10].str, "\"\\/\b\f\n\r\t"));
    /* \u escapes, a surrogate pair, and the same characters as UTF-8 */
    CHECK(!strcmp(v->items[11].str,
                  "\xc3\xa9\xf0\x9f\x98\x80\xc3\xa9\xf0\x9f\x98\x80"));
    CHECK(v->items[12].type == CR_JSON_OBJECT && v->items[12].n == 0);
    CHECK(v->items[13].type == CR_JSON_ARRAY && v->items[13].n == 0);
    CHECK(cr_jval_member(cr_jval_member(&v->items[14], "a"), "b")->n == 1);
    CHECK(cr_jval_member(&v->items[14], "b") == NULL);
    CHECK(cr_jval_member(&v->items[0], "a") == NULL);
  }
  cr_jval_free(v);
  cr_free(data);
  cr_free(path);
}

static void test_objects(void)
{
  cr_jval *v = parse("\xef\xbb\xbf {\"State\" : \"Enabled\", \"N\": -12,"
                     "\"L\": [\"a\", \"b\"], \"E\": \"\\u0000x\"}\r\n");
  const cr_jval *m;
  if (!v)
    return;
  CHECK(v->type == CR_JSON_OBJECT && v->n == 4);
  CHECK(!strcmp(v->keys[0], "State") && !strcmp(v->items[0].str, "Enabled"));
  CHECK(v->items[0].offset == 15);
  m = cr_jval_member(v, "N");
  CHECK(m && m->is_int && m->i == -12);
  m = cr_jval_member(v, "L");
  CHECK(m && m->n == 2 && !strcmp(m->items[1].str, "b"));
  /* \u0000 is kept, with the length saying so */
  m = cr_jval_member(v, "E");
  CHECK(m && m->len == 2 && m->str[0] == '\0' && m->str[1] == 'x');
  CHECK(cr_jval_member(v, "state") == NULL); /* names are exact */
  cr_jval_free(v);
  cr_jval_free(NULL);
}

static void test_limits(void)
{
  char deep[200];
  memset(deep, '[', 64);
  memset(deep + 64, ']', 64);
  deep[128] = '\0';
  cr_jval_free(parse(deep)); /* 64 levels: the limit itself */
  fails("{\"a\":1}x", 8, 7, "after the JSON value");
  fails("[1,]", 4, 3, "trailing comma");
  fails("\"a\0b\"", 5, 2, "control character");
  fails("[", 1, 1, "end of input");
  fails("{", 1, 1, "member name");
  fails("{\"a\":", 5, 5, "end of input");
  fails("-", 1, 1, "digit");
  fails("[1 2]", 5, 3, "expected ',' or ']'");
  fails("\"\\ud800\\u0041\"", 14, 1, "high surrogate");
  fails("\"\xf4\x90\x80\x80\"", 6, 1, "invalid UTF-8"); /* past U+10FFFF */
  fails("\"\xe0\x80\xaf\"", 5, 1, "invalid UTF-8");     /* overlong */
  {
    cr_jval *v = (cr_jval *)1;
    CHECK(cr_json_parse(&v, NULL, 0, NULL) == CR_EPARSE && v == NULL);
    CHECK(strstr(cr_error_last(), "JSON: line 1, column 1 (offset 0)") != NULL);
    CHECK(cr_json_parse(NULL, "1", 1, "x") == CR_EINVAL);
  }
}

/* Every malformed fixture fails where EXPECTED.txt says. */
static void test_malformed_fixtures(void)
{
  cr_buf b = CR_BUF_INIT;
  uint8_t *list = NULL;
  size_t len = 0, nfiles = 0;
  char *line, *next;
  cr_buf_printf(&b, "%s/malformed/EXPECTED.txt", fixtures);
  CHECK_OK(cr_read_file(&list, &len, b.ptr));
  cr_buf_dispose(&b);
  for (line = (char *)list; line && *line; line = next) {
    char name[128], words[128];
    size_t offset;
    uint8_t *data = NULL;
    size_t dlen = 0;
    cr_jval *v = NULL;
    char want[64];
    int rc;
    next = strchr(line, '\n');
    if (next)
      *next++ = '\0';
    if (line[0] == '#' ||
        sscanf(line, "%127[^\t]\t%zu\t%127[^\n]", name, &offset, words) != 3)
      continue;
    nfiles++;
    cr_buf_printf(&b, "%s/malformed/%s", fixtures, name);
    CHECK_OK(cr_read_file(&data, &dlen, b.ptr));
    rc = cr_json_parse(&v, (const char *)data, dlen, name);
    snprintf(want, sizeof want, "(offset %zu): ", offset);
    CHECK_MSG(rc == CR_EPARSE && !v, "%s parsed", name);
    CHECK_MSG(strstr(cr_error_last(), want) && strstr(cr_error_last(), words)
              && !strncmp(cr_error_last(), name, strlen(name)),
              "%s: want '%s' and '%s' in: %s", name, want, words,
              cr_error_last());
    cr_jval_free(v);
    cr_free(data);
    cr_buf_dispose(&b);
  }
  CHECK_MSG(nfiles >= 20, "only %zu malformed fixtures", nfiles);
  cr_free(list);
}

/* The writer keeps its output valid UTF-8 whatever it is given (found by
 * fuzz_json: a DSC phrase cut to its buffer inside a character): the reader
 * must read back every string the writer writes. */
static void test_writer_utf8(void)
{
  static const struct { const char *in, *want; } t[] = {
    { "plain", "\"plain\"" },
    { "caf\xC3\xA9", "\"caf\xC3\xA9\"" },                     /* kept */
    { "cut \xEF\xBF", "\"cut \xEF\xBF\xBD\xEF\xBF\xBD\"" },   /* cut inside */
    { "l1 \xE9t\xE9", "\"l1 \xEF\xBF\xBDt\xEF\xBF\xBD\"" },   /* Latin-1 */
    { "\xC0\xAF", "\"\xEF\xBF\xBD\xEF\xBF\xBD\"" },           /* overlong */
    { "\xED\xA0\x80",                                         /* WTF-8 */
      "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"" },
    { "\xF0\x9F\x98\x80 \"q\"", "\"\xF0\x9F\x98\x80 \\\"q\\\"\"" }, /* U+1F600 */
  };
  size_t i;
  for (i = 0; i < sizeof t / sizeof t[0]; i++) {
    cr_buf b = { 0 };
    cr_jval *v = NULL;
    cr_json_raw_string(&b, t[i].in);
    CHECK(cr_buf_status(&b) == CR_OK && b.ptr != NULL);
    if (!b.ptr)
      continue;
    CHECK_MSG(strcmp(b.ptr, t[i].want) == 0, "case %zu: got %s", i, b.ptr);
    CHECK_MSG(cr_json_parse(&v, b.ptr, b.len, "w.json") == CR_OK,
              "case %zu: %s", i, cr_error_last());
    cr_jval_free(v);
    cr_buf_dispose(&b);
  }
}

static const test_case cases[] = {
  { "values", test_values },
  { "objects", test_objects },
  { "limits", test_limits },
  { "malformed_fixtures", test_malformed_fixtures },
  { "writer_utf8", test_writer_utf8 },
};

int main(int argc, char **argv)
{
  if (argc > 1)
    fixtures = argv[1];
  return run_cases(cases, sizeof cases / sizeof cases[0]);
}
