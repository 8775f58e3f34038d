/*
 * common.h - what every core file shares: error reporting, growable
 * buffers, UTF-8/UTF-16 conversion and case-insensitive comparison.
 * Never includes windows.h (the Win32 backend lives in src/win32/).
 */
#ifndef CR_COMMON_H
#define CR_COMMON_H

#include "connreset.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#if defined(__MINGW32__)
/* With __USE_MINGW_ANSI_STDIO (set by the build) printf is C99: %zu etc. */
# define CR_PRINTF(f, a) __attribute__((format(gnu_printf, f, a)))
#elif defined(__GNUC__)
# define CR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
# define CR_PRINTF(f, a)
#endif

/* Sets the thread's last error and returns `code`, so callers can write
 * `return cr_error_set(CR_EPARSE, "%s:%d: ...", file, line);`. */
int cr_error_set(int code, const char *fmt, ...) CR_PRINTF(2, 3);
int cr_error_setv(int code, const char *fmt, va_list ap);
/* Prefixes the current message ("while X: <old message>"). */
int cr_error_wrap(int code, const char *fmt, ...) CR_PRINTF(2, 3);
int cr_error_oom(void);

/* Growable byte buffer; always NUL-terminated after any append. */
typedef struct cr_buf {
  char *ptr;
  size_t len;
  size_t cap;
  bool failed; /* an allocation failed: every later append is a no-op */
} cr_buf;

#define CR_BUF_INIT { NULL, 0, 0, false }

int cr_buf_grow(cr_buf *b, size_t extra);
int cr_buf_put(cr_buf *b, const void *data, size_t len);
int cr_buf_puts(cr_buf *b, const char *s);
int cr_buf_putc(cr_buf *b, char c);
int cr_buf_printf(cr_buf *b, const char *fmt, ...) CR_PRINTF(2, 3);
/* Appends UTF-16LE code units (2 bytes each). */
int cr_buf_put_u16(cr_buf *b, uint16_t unit);
/* Hands the memory to the caller (cr_free), leaving the buffer empty. */
char *cr_buf_detach(cr_buf *b, size_t *len);
void cr_buf_dispose(cr_buf *b);
/* CR_ENOMEM with a message when an append failed, else CR_OK. */
int cr_buf_status(const cr_buf *b);

char *cr_strdup(const char *s);
char *cr_strndup(const char *s, size_t n);
void *cr_calloc(size_t n, size_t size);
void *cr_realloc_array(void *p, size_t n, size_t size);

/* ASCII case folding, as Windows does for the names we use. */
int cr_stricmp(const char *a, const char *b);
int cr_strnicmp(const char *a, const char *b, size_t n);

/*
 * UTF-16LE <-> UTF-8. Unpaired surrogates are carried through as WTF-8 so
 * that any name Windows can hold survives a round trip. `units` counts
 * 16-bit units. Return CR_EPARSE on input that is not WTF-8.
 */
int cr_utf16_to_utf8(cr_buf *out, const uint8_t *utf16le, size_t units);
/* One code point as UTF-8 (1 to 4 bytes; surrogates too, for WTF-8). */
size_t cr_utf8_encode(char s[4], uint32_t cp);
int cr_buf_put_utf8(cr_buf *out, uint32_t cp);
int cr_utf8_to_utf16(cr_buf *out, const char *utf8, size_t len);
/* Length of the strictly valid UTF-8 sequence at s (n bytes available),
 * or 0: no overlongs, no surrogates, nothing above U+10FFFF. */
size_t cr_utf8_decode(const uint8_t *s, size_t n, uint32_t *cp);
bool cr_utf8_valid(const uint8_t *s, size_t n);
/* A Windows-1252 byte as a code point (the five unassigned bytes as the
 * C1 controls of the same number, as MultiByteToWideChar does). */
uint32_t cr_cp1252_decode(uint8_t c);

/* fopen with a UTF-8 path on every OS (_wfopen on Windows). */
FILE *cr_file_open(const char *path, const char *mode);
/* Reads a whole file. CR_EIO / CR_ENOTFOUND with the path in the message. */
int cr_read_file(uint8_t **out, size_t *out_len, const char *path);
/* Writes a whole file through a temporary name and a rename, so that a
 * failure never leaves a half-written file behind. */
int cr_write_file(const char *path, const void *data, size_t len);

/* SHA-1 of `data` (the thumbprint). The platform's crypto provides it:
 * bcrypt on Windows (src/win32/hash_bcrypt.c), OpenSSL's libcrypto
 * elsewhere (src/core/hash_openssl.c). CR_ERROR when the provider fails. */
int cr_sha1(uint8_t out[20], const uint8_t *data, size_t len);

/* Root key spellings: HKLM -> HKEY_LOCAL_MACHINE. Returns the canonical
 * root name and sets *rest to the part after the root (skipping the
 * separator), or NULL if the path does not start with a known root. */
const char *cr_reg_root(const char *path, size_t len, const char **rest);

const char *cr_reg_type_name(uint32_t type);

#endif
