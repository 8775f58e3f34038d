/* fuzz_errorlog.c - the ERRORLOG parser (sql/errorlog.c) on any bytes:
 * either events or CR_EPARSE, never a crash; JSON rendering too. */
#include "sql/errorlog.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  cr_errorlog log;
  if (cr_errorlog_parse(&log, data, size, "fuzz") == CR_OK) {
    cr_buf b = CR_BUF_INIT;
    cr_json j;
    cr_json_init(&j, &b);
    cr_json_obj(&j, NULL);
    cr_errorlog_json(&log, "fuzz", &j);
    cr_json_obj_end(&j);
    cr_buf_dispose(&b);
    cr_errorlog_dispose(&log);
  }
  return 0;
}
