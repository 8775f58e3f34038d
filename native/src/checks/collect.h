/*
 * collect.h - the keys `collect` reads beyond the static list that
 * cr_collect_key returns: those named by values read in a first pass.
 */
#ifndef CR_COLLECT_H
#define CR_COLLECT_H

#include "../core/snapshot.h"

#include <stdbool.h>

/* Reads, through `read`, the keys that `snap` (holding every key of
 * cr_collect_key) points to: for each SQL Server OLE DB ProgID whose Clsid
 * was read, CLSID\<clsid> in both views, with subkeys. */
int cr_collect_derived(const cr_snapshot *snap,
                       int (*read)(void *ctx, const char *key, int recursive),
                       void *ctx);

/* Is `s` a braced GUID (8-4-4-4-12 hex digits in braces)? A Clsid
 * value is pasted into a key path, so nothing else is taken. */
bool cr_clsid_valid(const char *s);

#endif
