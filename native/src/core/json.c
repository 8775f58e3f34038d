/* json.c - the streaming JSON writer behind every --json output. */
#include "json.h"

#include <inttypes.h>
#include <string.h>

void cr_json_init(cr_json *j, cr_buf *out)
{
  memset(j, 0, sizeof *j);
  j->out = out;
  j->first[0] = true;
}

void cr_json_init_compact(cr_json *j, cr_buf *out)
{
  cr_json_init(j, out);
  j->compact = true;
}

/* Strings reach the writer from registry values, files and messages cut to
 * fixed buffers (which may end inside a character), so the writer keeps its
 * output valid UTF-8 by itself (RFC 8259 section 8.1): every byte that does
 * not start a strictly valid sequence, WTF-8 surrogates included, is written
 * as U+FFFD, as .NET's and browsers' decoders do. */
void cr_json_raw_string(cr_buf *out, const char *s)
{
  cr_buf_putc(out, '"');
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c >= 0x80) {
      uint32_t cp;
      size_t avail = 1, n;
      while (avail < 4 && s[avail] != '\0')
        avail++;
      n = cr_utf8_decode((const uint8_t *)s, avail, &cp);
      if (n == 0) {
        cr_buf_puts(out, "\xEF\xBF\xBD"); /* U+FFFD */
      } else {
        cr_buf_put(out, s, n);
        s += n - 1;
      }
      continue;
    }
    switch (c) {
    case '"': cr_buf_puts(out, "\\\""); break;
    case '\\': cr_buf_puts(out, "\\\\"); break;
    case '\n': cr_buf_puts(out, "\\n"); break;
    case '\r': cr_buf_puts(out, "\\r"); break;
    case '\t': cr_buf_puts(out, "\\t"); break;
    default:
      if (c < 0x20)
        cr_buf_printf(out, "\\u%04x", c);
      else
        cr_buf_putc(out, (char)c);
    }
  }
  cr_buf_putc(out, '"');
}

static void member(cr_json *j, const char *name)
{
  int i;
  if (!j->first[j->depth])
    cr_buf_putc(j->out, ',');
  j->first[j->depth] = false;
  if (j->depth > 0 && !j->compact) {
    cr_buf_putc(j->out, '\n');
    for (i = 0; i < j->depth; i++)
      cr_buf_puts(j->out, "  ");
  }
  if (name) {
    cr_json_raw_string(j->out, name);
    cr_buf_puts(j->out, j->compact ? ":" : ": ");
  }
}

static void open(cr_json *j, const char *name, char c)
{
  member(j, name);
  cr_buf_putc(j->out, c);
  if (j->depth + 1 < (int)(sizeof j->first / sizeof j->first[0]))
    j->depth++;
  j->first[j->depth] = true;
}

static void close(cr_json *j, char c)
{
  int i;
  bool empty = j->first[j->depth];
  if (j->depth > 0)
    j->depth--;
  if (!empty && !j->compact) {
    cr_buf_putc(j->out, '\n');
    for (i = 0; i < j->depth; i++)
      cr_buf_puts(j->out, "  ");
  }
  cr_buf_putc(j->out, c);
}

void cr_json_obj(cr_json *j, const char *name) { open(j, name, '{'); }
void cr_json_obj_end(cr_json *j) { close(j, '}'); }
void cr_json_arr(cr_json *j, const char *name) { open(j, name, '['); }
void cr_json_arr_end(cr_json *j) { close(j, ']'); }

void cr_json_str(cr_json *j, const char *name, const char *s)
{
  member(j, name);
  if (s)
    cr_json_raw_string(j->out, s);
  else
    cr_buf_puts(j->out, "null");
}

void cr_json_int(cr_json *j, const char *name, int64_t v)
{
  member(j, name);
  cr_buf_printf(j->out, "%" PRId64, v);
}

void cr_json_bool(cr_json *j, const char *name, bool v)
{
  member(j, name);
  cr_buf_puts(j->out, v ? "true" : "false");
}

void cr_json_null(cr_json *j, const char *name)
{
  member(j, name);
  cr_buf_puts(j->out, "null");
}

int cr_json_finish(char **out, cr_buf *b)
{
  int rc;
  cr_buf_putc(b, '\n');
  if ((rc = cr_buf_status(b)) < 0) {
    cr_buf_dispose(b);
    return rc;
  }
  *out = cr_buf_detach(b, NULL);
  return CR_OK;
}

void cr_json_raw(cr_json *j, const char *name, const char *json)
{
  size_t n = strlen(json);
  while (n && (json[n - 1] == '\n' || json[n - 1] == ' '))
    n--;
  member(j, name);
  cr_buf_put(j->out, json, n);
}
