/*
 * regfile_parser.h - what the parts of the .reg reader share
 * (regfile_text.c: encodings and physical lines; regfile_read.c: the
 * header, key lines and the driver; regfile_values.c: value lines; each
 * strict or as reg import reads it). Not part of the API.
 */
#ifndef CR_REGFILE_PARSER_H
#define CR_REGFILE_PARSER_H

#include "regfile.h"

enum text_encoding { ENC_UTF16LE, ENC_UTF8, ENC_CP1252 };

typedef struct parser {
  const uint8_t *buf;
  size_t len, pos;
  enum text_encoding enc;
  const char *file;
  unsigned long lineno; /* physical line held in `line` */
  cr_buf line;          /* that line, decoded to UTF-8, without its end */
  bool regedit4;
  const cr_reg_sink *sink;
  cr_buf key;   /* canonical path of the open key */
  bool have_key;    /* a [KEY] was seen: values go to `key` */
  bool in_deleted;  /* the last section was [-KEY]: values are ignored */
  cr_buf name;  /* value name, UTF-8 */
  cr_buf text;  /* unescaped string data, UTF-8 */
  cr_buf data;  /* value data as handed to the sink */
  cr_buf conv;  /* scratch for conversions */
  /* Reading as reg import does (regfile_read.c): what it skips is skipped
   * with a warning instead of failing the file. */
  bool lenient;
  bool win31;       /* "REGEDIT": Windows 3.1 lines, HKEY_CLASSES_ROOT only */
  bool utf8_bom;    /* EF BB BF */
  cr_reg_warn_fn warn;
  void *warn_ctx;
} parser;

/* Lenient: "<file>:<line>: <what>" to the warning callback (when there is
 * one). */
void rp_warn(parser *ps, unsigned long line, const char *fmt, ...)
  CR_PRINTF(3, 4);

/* "<file>:<line>: <what>" as CR_EPARSE. */
int rp_err(const parser *ps, unsigned long line, const char *fmt, ...)
  CR_PRINTF(3, 4);
/* A sink failure keeps its code; the message gets "<file>:<line>: ". */
int rp_sink_failed(const parser *ps, unsigned long line, int rc);
int rp_oom(const parser *ps);

int rp_char_len(const char *p, const char *end);
size_t rp_utf16_units(const char *s, size_t n);
int rp_excerpt_len(const char *p, const char *end);
#define EXCERPT(p, end) rp_excerpt_len((p), (end)), (p), \
  (end) - (p) > rp_excerpt_len((p), (end)) ? "..." : ""

/* The next physical line into ps->line: 1, 0 at the end, or an error. */
int rp_next_line(parser *ps);

bool rp_is_ws(char c);
bool rp_is_hex(char c);
bool rp_is_alnum(char c);
unsigned rp_hex_val(char c);
const char *rp_skip_ws(const char *p, const char *end);
int rp_expect_end(parser *ps, const char *p, const char *end,
                  const char *after);
bool rp_starts_ci(const char *p, const char *end, const char *word);

/* Lenient reading's word for a line it drops. */
#define SKIP_LINE "the line is skipped, as reg import skips it"

/* A value line, p..end its text without the blanks around it, starting
 * with '"' or '@' (regfile_values.c): 0 or an error. Strict, or as reg
 * import reads it (what it skips is a warning). */
int rp_value_line(parser *ps, const char *p, const char *end);
int rp_value_line_lenient(parser *ps, const char *p, const char *end);

#endif
