/*
 * win32_error.c - Win32 error translation and system message text.
 */
#ifdef _WIN32

#ifndef WIN32_LEAN_AND_MEAN
# define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include "win32_error.h"

#include <string.h>

int cr_translate_sys_error(unsigned long code)
{
  switch (code) {
  case ERROR_SUCCESS:
    return CR_OK;
  case ERROR_ACCESS_DENIED:
  case ERROR_PRIVILEGE_NOT_HELD:
    return CR_EACCES;
  case ERROR_FILE_NOT_FOUND:
    return CR_ENOTFOUND;
  case ERROR_NOT_ENOUGH_MEMORY:
  case ERROR_OUTOFMEMORY:
    return CR_ENOMEM;
  default:
    return CR_EIO;
  }
}

int cr_win32_strerror(cr_buf *out, unsigned long code)
{
  WCHAR *text = NULL;
  DWORD units;
  size_t start = out->len;

  units = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER |
                         FORMAT_MESSAGE_FROM_SYSTEM |
                         FORMAT_MESSAGE_IGNORE_INSERTS,
                         NULL, (DWORD)code, 0, (LPWSTR)&text, 0, NULL);
  if (units && text) {
    /* WCHAR is UTF-16LE on every Windows target, so the units are the
     * bytes cr_utf16_to_utf8 expects. */
    cr_utf16_to_utf8(out, (const uint8_t *)text, units);
    LocalFree(text);
    while (out->len > start &&
           (out->ptr[out->len - 1] == '\r' || out->ptr[out->len - 1] == '\n' ||
            out->ptr[out->len - 1] == ' ' || out->ptr[out->len - 1] == '\t'))
      out->ptr[--out->len] = '\0';
  }
  if (out->len == start)
    cr_buf_puts(out, "unknown error");
  cr_buf_printf(out, " (error %lu)", code);
  return cr_buf_status(out);
}

int cr_win32_error(unsigned long code, const char *op, const char *key,
                   const char *value, bool writing)
{
  int rc = cr_translate_sys_error(code);
  cr_buf msg = CR_BUF_INIT;

  if (rc == CR_OK) /* a caller bug; still report something sensible */
    rc = CR_ERROR;
  cr_buf_printf(&msg, "%s %s", op, key ? key : "");
  if (value)
    cr_buf_printf(&msg, "\\%s", *value ? value : "(Default)");
  cr_buf_puts(&msg, ": ");
  if (rc == CR_EACCES && writing)
    cr_buf_puts(&msg, "changing the registry needs an elevated command "
                      "(run as Administrator): ");
  cr_win32_strerror(&msg, code);
  if (cr_buf_status(&msg) < 0) {
    cr_buf_dispose(&msg);
    /* Keep the translated code; the text is the best we can still do. */
    return cr_error_set(rc, "%s failed (error %lu)", op, code);
  }
  cr_error_set(rc, "%s", msg.ptr);
  cr_buf_dispose(&msg);
  return rc;
}

#else /* !_WIN32 */

/* ISO C forbids an empty translation unit. */
typedef int cr_win32_error_unused;

#endif
