/*
 * tls protocol set, tls suites set, tls dhe disable.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

int cmd_tls_set(const options *o, const char *what)
{
  cr_snapshot *snap = NULL;
  cr_change *change = NULL;
  int rc, code;
  if (!strcmp(what, "protocol") && (!o->protocol || !o->role || !o->state))
    return usage_error("tls protocol set needs --protocol, --role and "
                       "--state%s", "");
  if (!strcmp(what, "suites") &&
      (!!o->order + !!o->add + !!o->remove + o->reset) != 1)
    return usage_error("tls suites set needs one of --order, --add, --remove, "
                       "--reset%s", "");
  if ((rc = open_snapshot(&snap, o)) < 0)
    return fail(o, rc, o->nsnapshots ? "reading the snapshot"
                                     : "reading the live registry");
  if (!strcmp(what, "protocol")) {
    rc = cr_tls_protocol_plan(&change, snap, o->protocol, o->role, o->state);
  } else if (!strcmp(what, "dhe")) {
    rc = cr_tls_dhe_disable_plan(&change, snap);
  } else if (o->reset) {
    rc = cr_tls_suites_reset_plan(&change, snap);
  } else if (o->order) {
    const char *names[512];
    char *buf = malloc(strlen(o->order) + 1);
    size_t n;
    if (!buf) {
      cr_snapshot_free(snap);
      return EXIT_USAGE;
    }
    strcpy(buf, o->order);
    n = split_list(buf, names, sizeof names / sizeof names[0]);
    rc = cr_tls_suites_plan(&change, snap, names, n);
    free(buf);
  } else {
    rc = cr_tls_suites_edit_plan(&change, snap, o->add,
                                 o->add ? (int)o->position : -1, o->remove);
  }
  if (rc < 0) {
    cr_snapshot_free(snap);
    return fail(o, rc, "planning the change");
  }
  code = run_change(o, snap, change, "tls");
  cr_change_free(change);
  cr_snapshot_free(snap);
  return code;
}

