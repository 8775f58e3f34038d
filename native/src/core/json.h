/* json.h - a small streaming JSON writer (pretty-printed, UTF-8). */
#ifndef CR_JSON_H
#define CR_JSON_H

#include "common.h"

typedef struct cr_json {
  cr_buf *out;
  int depth;
  bool first[64]; /* no member written yet at this depth */
  bool compact;   /* one line, no spaces: a JSON Lines record */
} cr_json;

void cr_json_init(cr_json *j, cr_buf *out);
/* The same writer producing one line (DSC reads JSON Lines). */
void cr_json_init_compact(cr_json *j, cr_buf *out);
/* `name` is the member name inside an object, NULL inside an array. */
void cr_json_obj(cr_json *j, const char *name);
void cr_json_obj_end(cr_json *j);
void cr_json_arr(cr_json *j, const char *name);
void cr_json_arr_end(cr_json *j);
void cr_json_str(cr_json *j, const char *name, const char *s); /* NULL -> null */
void cr_json_int(cr_json *j, const char *name, int64_t v);
void cr_json_bool(cr_json *j, const char *name, bool v);
void cr_json_null(cr_json *j, const char *name);
void cr_json_raw_string(cr_buf *out, const char *s); /* quoted, escaped */
/* A member whose value is a JSON text written elsewhere (not re-indented). */
void cr_json_raw(cr_json *j, const char *name, const char *json);
/* Ends the document with a newline and hands it to *out (cr_free), or
 * disposes of the buffer and returns CR_ENOMEM when an append failed. */
int cr_json_finish(char **out, cr_buf *b);

#endif
