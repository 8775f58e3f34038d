/*
 * fuzz_tls.c - libFuzzer target for the TLS decoder: records, handshake
 * messages reassembled across records (ClientHello, ServerHello,
 * Certificate through the X.509 reader, ServerKeyExchange), alerts,
 * ChangeCipherSpec/Finished by position, the SSL 2.0-compatible
 * ClientHello; both raw (records straight from the stream) and as TDS
 * hands them over (cr_tls_push, bytes out of PRELOGIN packets).
 *
 * Input: byte 0: bit 0 the direction, bit 1 pushed (TDS) or raw, bits
 * 2-7 the piece size (1 to 64 bytes); then the stream. Seeds: TLS streams
 * from the tests' captures (tests/fixtures/wire/streams).
 */
#include "wire/conn.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static cr_conn_facts f;
  cr_dir_dec d;
  cr_acc buf = { NULL, 0, 0 };
  size_t pos = 1, piece;
  int dir, pushed;
  uint64_t frame = 1;
  if (size < 1)
    return 0;
  dir = data[0] & 1;
  pushed = (data[0] >> 1) & 1;
  piece = (size_t)(data[0] >> 2) + 1;
  memset(&f, 0, sizeof f);
  memset(&d, 0, sizeof d);
  d.mode = CR_DEC_TLS;
  while (pos < size && d.mode != CR_DEC_DONE) {
    size_t n = size - pos < piece ? size - pos : piece;
    if (pushed) {
      cr_tls_push(&f, &d, dir, frame++, data + pos, n);
    } else {
      size_t used;
      if (!cr_acc_put(&buf, data + pos, n, CR_WIRE_BUFFER_MAX))
        break;
      used = cr_tls_records(&f, &d, dir, frame++, buf.p, buf.len);
      if (used > buf.len)
        abort();
      cr_acc_drop(&buf, used);
    }
    pos += n;
  }
  if (f.nalerts > CR_WIRE_MAX_ALERTS || f.ch.nsuites > CR_WIRE_MAX_SUITES ||
      f.ch.nversions > 16 || strlen(f.history) >= sizeof f.history)
    abort();
  cr_dir_dec_free(&d);
  cr_acc_free(&buf);
  return 0;
}
