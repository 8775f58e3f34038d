/*
 * syn set: TCP SYN attack protection.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

int cmd_syn_set(const options *o)
{
  cr_syn_options so = CR_SYN_OPTIONS_INIT;
  cr_snapshot *snap = NULL;
  cr_change *change = NULL;
  int rc, code;
  if (o->enable + o->disable + o->reset != 1)
    return usage_error("syn set needs exactly one of --enable, --disable, "
                       "--reset%s", "");
  so.action = o->enable ? CR_SYN_ENABLE
            : o->disable ? CR_SYN_DISABLE : CR_SYN_RESET;
  so.max_half_open = o->max_half_open;
  so.max_half_open_retried = o->max_half_open_retried;
  if ((rc = open_snapshot(&snap, o)) < 0)
    return fail(o, rc, o->nsnapshots ? "reading the snapshot"
                                     : "reading the live registry");
  if ((rc = cr_syn_plan(&change, snap, &so)) < 0) {
    cr_snapshot_free(snap);
    return fail(o, rc, "planning the change");
  }
  code = run_change(o, snap, change, "syn");
  cr_change_free(change);
  cr_snapshot_free(snap);
  return code;
}

