/*
 * fuzz_capture.c - libFuzzer target for the capture reader (pcap,
 * pcapng), the packet layers and the TCP tracker, through the public
 * cr_trace API down to its JSON and text reports.
 *
 * Seeds: tests/fixtures/wire (captures made by the tests' peers, and
 * damaged ones); see tests/fuzz/run-fuzzers.sh.
 *
 * Properties checked (abort() on violation, so libFuzzer reports them):
 *  - reading fails only with CR_EPARSE (or CR_ENOMEM), and the message
 *    names the input and an offset inside it;
 *  - whatever was read, damaged or not, renders as JSON and as text;
 *  - the reader alone (cr_cap_next) agrees with the trace on the error.
 */
#include "connreset.h"
#include "wire/capture.h"
#include "wire/layers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_offset(const char *msg, size_t size)
{
  const char *at = strstr(msg, "fuzz.pcap: offset ");
  unsigned long long off;
  if (!at || sscanf(at + 18, "%llu", &off) != 1 || off > size) {
    fprintf(stderr, "bad damage message: %s\n", msg);
    abort();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  cr_trace *t = NULL;
  cr_cap *cap = NULL;
  cr_cap_pkt pkt;
  char *json = NULL, *text = NULL;
  int rc, rc2;
  uint64_t frames = 0;

  if (cr_trace_new(&t, NULL) < 0)
    abort();
  rc = cr_trace_add_buffer(t, data, size, "fuzz.pcap");
  if (rc < 0) {
    if (rc != CR_EPARSE && rc != CR_ENOMEM)
      abort();
    if (rc == CR_EPARSE)
      check_offset(cr_error_last(), size);
  }
  if (cr_trace_to_json(&json, t) < 0 || cr_trace_to_text(&text, t) < 0)
    abort();
  if (rc == CR_EPARSE && cr_trace_damaged_count(t) != 1)
    abort();
  cr_free(json);
  cr_free(text);
  cr_trace_free(t);

  rc2 = cr_cap_open_buffer(&cap, data, size, "fuzz.pcap");
  while (rc2 >= 0 && (rc2 = cr_cap_next(cap, &pkt)) > 0) {
    cr_seg seg;
    frames++;
    if (pkt.caplen && !pkt.data)
      abort();
    (void)cr_layers_decode(&seg, &pkt);
  }
  if ((rc2 < 0) != (rc < 0) && rc != CR_ENOMEM)
    abort();
  cr_cap_free(cap);
  (void)frames;
  return 0;
}
