/*
 * collect.c - the keys `collect` exports and cr_snapshot_open_live reads:
 * every key a check reads (see regpaths.h), and nothing else, so that a
 * snapshot stays small enough to mail and holds no unrelated data.
 */
#include "../core/common.h"
#include "regpaths.h"

static const struct {
  const char *key;
  int recursive;
} collect_keys[] = {
  { CR_KEY_WINDOWS_NT_CURRENTVERSION, 0 }, /* values only: subkeys are big */
  { CR_KEY_PRODUCT_OPTIONS, 0 },
  { CR_KEY_CONTROL_WINDOWS, 0 },
  { CR_KEY_TCPIP_PARAMETERS, 0 },          /* Interfaces\* not needed */
  { CR_KEY_SCHANNEL, 1 },                  /* Protocols, Ciphers, Hashes, KEAs */
  { CR_KEY_SSL_LOCAL, 0 },
  { CR_KEY_SSL_POLICY, 0 },
  { CR_KEY_NETFX_V2, 0 },
  { CR_KEY_NETFX_V4, 0 },
  { CR_KEY_NETFX_V2_WOW, 0 },
  { CR_KEY_NETFX_V4_WOW, 0 },
  { CR_KEY_WINHTTP, 0 },
  { CR_KEY_WINHTTP_WOW, 0 },
  { CR_KEY_SQL_ROOT, 1 },                  /* instances, Setup, SuperSocketNetLib */
  { CR_KEY_SQL_ROOT_WOW, 1 },
  { CR_KEY_ODBCINST, 1 },                  /* ODBC drivers (family PROTO) */
  { CR_KEY_ODBCINST_WOW, 1 },
  { CR_KEY_CERT_STORE_MY, 1 },             /* every certificate's Blob */
};

size_t cr_collect_key_count(void)
{
  return sizeof collect_keys / sizeof collect_keys[0];
}

const char *cr_collect_key(size_t index, int *recursive)
{
  if (index >= cr_collect_key_count())
    return NULL;
  if (recursive)
    *recursive = collect_keys[index].recursive;
  return collect_keys[index].key;
}
