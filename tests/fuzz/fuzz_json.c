/*
 * fuzz_json.c - libFuzzer target for the JSON reader (core/json_read.c)
 * and, for inputs that are objects, the DSC resource input reader on top
 * of it (cr_dsc_open against an empty snapshot).
 *
 * Seeds: tests/fixtures/json (DSC inputs and malformed/); see
 * tests/fuzz/run-fuzzers.sh.
 *
 * Properties checked (abort() on violation, so libFuzzer reports them):
 *  - a failure is CR_EPARSE (or CR_ENOMEM) with the message
 *    "fuzz.json: line L, column C (offset O): ..." and O inside the input;
 *  - every string parsed is NUL-terminated at its length;
 *  - an object given to a DSC type either fails with CR_EPARSE, CR_EINVAL
 *    or CR_ENOMEM, or gives a state that the reader itself reads back as
 *    one JSON object;
 *  - the same object as that type's export filter either fails the same
 *    way or gives JSON Lines, each an object.
 */
#include "connreset.h"
#include "json_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk(const cr_jval *v)
{
  size_t i;
  if (v->type == CR_JSON_STRING && (!v->str || v->str[v->len] != '\0'))
    abort();
  for (i = 0; i < v->n; i++) {
    if (v->type == CR_JSON_OBJECT && !v->keys[i])
      abort();
    walk(&v->items[i]);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  cr_jval *v = NULL, *again = NULL;
  cr_snapshot *snap = NULL;
  cr_dsc *d = NULL;
  char *state = NULL;
  int rc;

  rc = cr_json_parse(&v, (const char *)data, size, "fuzz.json");
  if (rc < 0) {
    unsigned long long line, col, off;
    if (v != NULL || (rc != CR_EPARSE && rc != CR_ENOMEM))
      abort();
    if (rc == CR_EPARSE &&
        (sscanf(cr_error_last(), "fuzz.json: line %llu, column %llu "
                "(offset %llu)", &line, &col, &off) != 3 || off > size ||
         line == 0 || col == 0))
      abort();
    return 0;
  }
  walk(v);
  if (v->type == CR_JSON_OBJECT && cr_snapshot_new(&snap) == CR_OK) {
    /* One type per input, chosen by its length, keeps runs fast. */
    const char *type = cr_dsc_type_name(size % cr_dsc_type_count());
    rc = cr_dsc_open(&d, snap, type, (const char *)data, size);
    if (rc < 0 && rc != CR_EPARSE && rc != CR_EINVAL && rc != CR_ENOMEM &&
        rc != CR_ENOTFOUND)
      abort();
    if (rc == CR_OK) {
      rc = cr_dsc_state_json(&state, d, NULL, 0);
      if (rc == CR_OK &&
          (cr_json_parse(&again, state, strlen(state), "state") != CR_OK ||
           again->type != CR_JSON_OBJECT))
        abort();
    }
    /* --- export filter (i11) --- */
    {
      char *lines = NULL, *line, *end;
      rc = cr_dsc_export_filtered_json(&lines, snap, type, (const char *)data,
                                       size);
      if (rc < 0 && rc != CR_EPARSE && rc != CR_EINVAL && rc != CR_ENOMEM &&
          rc != CR_ENOTFOUND)
        abort();
      for (line = lines; rc == CR_OK && line && *line; line = end + 1) {
        cr_jval *one = NULL;
        if (!(end = strchr(line, '\n')) ||
            cr_json_parse(&one, line, (size_t)(end - line), "line") != CR_OK ||
            one->type != CR_JSON_OBJECT)
          abort();
        cr_jval_free(one);
      }
      cr_free(lines);
    }
    /* --- end export filter --- */
  }
  cr_jval_free(again);
  cr_free(state);
  cr_dsc_free(d);
  cr_snapshot_free(snap);
  cr_jval_free(v);
  return 0;
}
