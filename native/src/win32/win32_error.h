/*
 * win32_error.h - Win32 error codes to cr_error_code, and messages that end
 * with the system's own text (FormatMessageW) and the code.
 *
 * Deliberately free of windows.h: codes are plain `unsigned long` (DWORD),
 * so the header can sit next to core headers without dragging the Windows
 * SDK into them.
 */
#ifndef CR_WIN32_ERROR_H
#define CR_WIN32_ERROR_H

#include "common.h"

/*
 * The one mapping from Win32 error codes to library codes, as libuv's
 * uv_translate_sys_error. 0 (ERROR_SUCCESS) maps to CR_OK.
 */
int cr_translate_sys_error(unsigned long code);

/*
 * Appends the system text for `code` as UTF-8, trailing line breaks
 * trimmed, followed by " (error N)": "Access is denied. (error 5)".
 * Falls back to "unknown error (error N)" when the system has no text.
 */
int cr_win32_strerror(cr_buf *out, unsigned long code);

/*
 * Sets the thread's last error for a failed Win32 call and returns the
 * translated code. The message is "<op> <key>[\<value>]: <text> (error N)";
 * `value` is NULL when the call is not about a value ("" names the default
 * value). When `writing` is true and the code means "access denied", the
 * message says the command has to run elevated.
 */
int cr_win32_error(unsigned long code, const char *op, const char *key,
                   const char *value, bool writing);

#endif
