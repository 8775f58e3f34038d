/*
 * index.c - the fleet's hash index: item numbers by 64-bit hash, open
 * addressing with linear probing, for classes, finding kinds, names and
 * class pairs. The caller's eq() settles collisions.
 */
#include "fleet.h"

#include <stdlib.h>
#include <string.h>

uint64_t fl_hash(const void *p, size_t n, bool fold_case)
{
  const unsigned char *s = p;
  uint64_t h = 1469598103934665603ull; /* FNV-1a */
  size_t i;
  for (i = 0; i < n; i++) {
    unsigned char c = s[i];
    if (fold_case && c >= 'A' && c <= 'Z')
      c = (unsigned char)(c + 32);
    h = (h ^ c) * 1099511628211ull;
  }
  return fl_mix64(h);
}

/* The finaliser of MurmurHash3: every input bit moves the low bits, which
 * pick the slot. */
uint64_t fl_mix64(uint64_t x)
{
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  return x ^ (x >> 33);
}

void fl_index_dispose(fl_index *ix)
{
  free(ix->hash);
  free(ix->item);
  memset(ix, 0, sizeof *ix);
}

static void put(fl_index *ix, uint64_t h, uint32_t item)
{
  size_t i = (size_t)(h & (ix->cap - 1));
  while (ix->item[i])
    i = (i + 1) & (ix->cap - 1);
  ix->hash[i] = h;
  ix->item[i] = item + 1;
  ix->n++;
}

int fl_index_reserve(fl_index *ix, size_t want)
{
  fl_index big;
  size_t i;
  if (ix->cap && (want + 1) * 4 < ix->cap * 3)
    return CR_OK; /* under 3/4 full */
  memset(&big, 0, sizeof big);
  big.cap = ix->cap ? ix->cap * 2 : 64;
  while ((want + 1) * 4 >= big.cap * 3)
    big.cap *= 2;
  big.hash = cr_calloc(big.cap, sizeof *big.hash);
  big.item = cr_calloc(big.cap, sizeof *big.item);
  if (!big.hash || !big.item) {
    fl_index_dispose(&big);
    return cr_error_oom();
  }
  for (i = 0; i < ix->cap; i++)
    if (ix->item[i])
      put(&big, ix->hash[i], ix->item[i] - 1);
  fl_index_dispose(ix);
  *ix = big;
  return CR_OK;
}

int fl_index_add(fl_index *ix, uint64_t h, uint32_t item)
{
  int rc = fl_index_reserve(ix, ix->n + 1);
  if (rc >= 0)
    put(ix, h, item);
  return rc;
}

long fl_index_find(const fl_index *ix, uint64_t h,
                   bool (*eq)(const void *ctx, uint32_t item), const void *ctx)
{
  size_t i;
  if (!ix->cap)
    return -1;
  for (i = (size_t)(h & (ix->cap - 1)); ix->item[i]; i = (i + 1) & (ix->cap - 1))
    if (ix->hash[i] == h && (!eq || eq(ctx, ix->item[i] - 1)))
      return (long)(ix->item[i] - 1);
  return -1;
}
