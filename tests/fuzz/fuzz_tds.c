/*
 * fuzz_tds.c - libFuzzer target for the TDS decoder (packets, PRELOGIN
 * options, TLS carried inside PRELOGIN packets) and the protocol
 * detection in front of it, as the TCP tracker drives them: the bytes of
 * one direction arrive in pieces and the decoder consumes what it can.
 *
 * Input: byte 0 picks the direction (bit 0) and the piece size (bits
 * 1-7, 1 to 128 bytes); the rest is the stream. Seeds: TDS streams taken
 * from the tests' captures (tests/fixtures/wire/streams).
 *
 * Properties: the decoder never consumes more than it was given, never
 * reads outside it (ASan), and leaves a consistent state that frees.
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
  int dir;
  uint64_t frame = 1;
  if (size < 1)
    return 0;
  dir = data[0] & 1;
  piece = (size_t)(data[0] >> 1) + 1;
  memset(&f, 0, sizeof f);
  memset(&d, 0, sizeof d);
  while (pos < size && d.mode != CR_DEC_DONE) {
    size_t n = size - pos < piece ? size - pos : piece, used;
    if (!cr_acc_put(&buf, data + pos, n, CR_WIRE_BUFFER_MAX))
      break;
    pos += n;
    used = cr_wire_decode(&f, &d, dir, frame++, buf.p, buf.len);
    if (used > buf.len)
      abort();
    cr_acc_drop(&buf, used);
  }
  if (f.nalerts > CR_WIRE_MAX_ALERTS || f.ch.nsuites > CR_WIRE_MAX_SUITES ||
      strlen(f.history) >= sizeof f.history)
    abort();
  cr_dir_dec_free(&d);
  cr_acc_free(&buf);
  return 0;
}
