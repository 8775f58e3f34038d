/*
 * der.h - the strict DER reader (X.690) shared by the X.509 parser
 * (x509.c), its name and extension readers (name.c, extensions.c) and
 * the certificate store Blob reader (blob.c). Internal to src/x509.
 *
 * The reader accepts DER only: definite lengths in their shortest form,
 * every structure consumed exactly, no length past the end of its
 * container, and no constructed encoding nested deeper than
 * DER_MAX_DEPTH. Every failure is CR_EPARSE "<origin>: offset N: <what>",
 * N counting from the first byte handed to the parser.
 */
#ifndef CR_X509_DER_H
#define CR_X509_DER_H

#include "x509.h"

/* Deeper than any certificate needs (a real one nests about 8 levels);
 * bounds the recursion of cr_der_walk(). */
#define DER_MAX_DEPTH 32
/* Longest dotted OID we format; real ones stay under 64 characters. */
#define OID_MAX 256

/* Identifier octets (class, constructed bit, tag number) we read. */
enum {
  ID_BOOLEAN = 0x01,
  ID_INTEGER = 0x02,
  ID_BIT_STRING = 0x03,
  ID_OCTET_STRING = 0x04,
  ID_NULL = 0x05,
  ID_OID = 0x06,
  ID_UTF8_STRING = 0x0C,
  ID_NUMERIC_STRING = 0x12,
  ID_PRINTABLE_STRING = 0x13,
  ID_T61_STRING = 0x14,
  ID_IA5_STRING = 0x16,
  ID_UTC_TIME = 0x17,
  ID_GENERALIZED_TIME = 0x18,
  ID_VISIBLE_STRING = 0x1A,
  ID_UNIVERSAL_STRING = 0x1C,
  ID_BMP_STRING = 0x1E,
  ID_SEQUENCE = 0x30,
  ID_SET = 0x31
};
#define ID_CTX(n) (0xA0 | (n))      /* [n], constructed (EXPLICIT) */
#define ID_CTX_PRIM(n) (0x80 | (n)) /* [n], primitive (IMPLICIT) */


typedef struct der_src {
  const uint8_t *base; /* offsets in messages count from here */
  const char *origin;  /* names the input in messages */
} der_src;

/* A cursor over [p, end). */
typedef struct der {
  const der_src *src;
  const uint8_t *p, *end;
} der;

/* One element: identifier, where it starts, its contents. */
typedef struct tlv {
  uint8_t id;           /* the first identifier octet */
  uint32_t tag;         /* the tag number (high-tag-number form decoded) */
  const uint8_t *start; /* the identifier octet */
  const uint8_t *val;   /* the contents */
  size_t len;
} tlv;


/* CR_EPARSE "<origin>: offset <at - base>: <what>". */
int cr_der_bad(const der_src *src, const uint8_t *at, const char *fmt, ...)
  CR_PRINTF(3, 4);
der cr_der_over(const der_src *src, const uint8_t *p, size_t len);
/* The contents of `t` as a cursor. */
der cr_der_in(const der *outer, const tlv *t);
bool cr_der_more(const der *d);
/* Reads the next element, whatever it is. */
int cr_der_read(der *d, tlv *t);
/* "SEQUENCE", "INTEGER", ... for messages. */
const char *cr_der_id_name(uint8_t id);
/* The next element must have identifier `id` (`what` names it). */
int cr_der_expect(der *d, tlv *t, uint8_t id, const char *what);
/* 1 and *t when the next element has identifier `id`, 0 when not. */
int cr_der_optional(der *d, tlv *t, uint8_t id);
/* Everything inside `what` must have been read. */
int cr_der_end(const der *d, const char *what);
/* Checks that [p, end) is well-formed DER, nested at most DER_MAX_DEPTH. */
int cr_der_walk(const der_src *src, const uint8_t *p, const uint8_t *end,
                int depth);

extern const char cr_der_hexdigits[]; /* "0123456789ABCDEF" */
char *cr_der_hex_dup(const uint8_t *p, size_t n);
int cr_der_put_hex(cr_buf *b, const uint8_t *p, size_t n);
int cr_der_oid_format(const der_src *src, const tlv *t, char out[OID_MAX]);
/* Reads an OBJECT IDENTIFIER into out[OID_MAX]. */
int cr_der_read_oid(der *d, char out[OID_MAX], const char *what);
/* A non-negative INTEGER that fits an int. */
int cr_der_int_value(const der_src *src, const tlv *t, int *out,
                     const char *what);
/* Bits in a positive INTEGER's magnitude (leading zero octets skipped). */
unsigned cr_der_int_bits(const tlv *t);
int cr_der_read_bool(der *d, bool *out, const char *what);
/* A BIT STRING's bytes (no unused bits allowed). */
int cr_der_bit_string_bytes(const der_src *src, const tlv *t, tlv *bytes,
                            const char *what);
/* UTCTime or GeneralizedTime as seconds since 1970-01-01 UTC. */
int cr_der_read_time(der *d, int64_t *out, const char *what);

/* name.c: a Name as an RFC 4514 string ("CN=sql01,O=Contoso"). */
int cr_x509_name_string(const der_src *src, const tlv *name, char **out);
/* extensions.c: the [3] EXPLICIT Extensions of a TBSCertificate. */
int cr_x509_read_extensions(der *d, const tlv *explicit3, cr_x509 *c);

#endif
