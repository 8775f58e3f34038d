/*
 * json_read.h - a strict JSON reader (RFC 8259) into a small tree, for the
 * JSON the library is given (DSC resource input). Malformed text fails
 * with CR_EPARSE and "<name>: line L, column C (offset O): <what>", the
 * offset counted in bytes from the start of the text.
 *
 * Strict where RFC 8259 is: no comments, no trailing commas, no control
 * characters or invalid UTF-8 in strings, no lone surrogates in \u
 * escapes, nothing after the value. Tolerated as Windows tools write it:
 * a UTF-8 byte-order mark before the value. Refused because a desired
 * state must not be ambiguous: an object naming a member twice.
 */
#ifndef CR_JSON_READ_H
#define CR_JSON_READ_H

#include "common.h"

typedef enum cr_jtype {
  CR_JSON_NULL = 0,
  CR_JSON_BOOL,
  CR_JSON_NUMBER,
  CR_JSON_STRING,
  CR_JSON_ARRAY,
  CR_JSON_OBJECT
} cr_jtype;

typedef struct cr_jval cr_jval;
struct cr_jval {
  cr_jtype type;
  size_t offset;    /* byte offset of the value's first character */
  bool b;           /* CR_JSON_BOOL */
  double num;       /* CR_JSON_NUMBER */
  bool is_int;      /* written without fraction or exponent, fits int64 */
  int64_t i;        /* its value when is_int */
  char *str;        /* CR_JSON_STRING: UTF-8, NUL-terminated */
  size_t len;       /* its length; may hold "\u0000" (strlen(str) < len) */
  size_t n;         /* items of an array, members of an object */
  cr_jval *items;   /* array items / member values, in input order */
  char **keys;      /* object member names, UTF-8 (NULL for arrays) */
};

/* Parses `len` bytes of `text`; `name` names the input in messages. */
int cr_json_parse(cr_jval **out, const char *text, size_t len,
                  const char *name);
void cr_jval_free(cr_jval *v);
/* The member `key` of an object (exact match), or NULL. */
const cr_jval *cr_jval_member(const cr_jval *obj, const char *key);
const char *cr_jtype_name(cr_jtype t);

#endif
