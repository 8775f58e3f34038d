/*
 * restore and collect: a .reg in, a .reg out.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

int cmd_restore(const options *o)
{
  cr_snapshot *snap = NULL;
  cr_change *change = NULL;
  int rc, code;
  if (o->npositional != 2)
    return usage_error("restore needs one .reg file%s", "");
  if ((rc = cr_change_from_file(&change, o->positional[1])) < 0)
    return fail(o, rc, "reading the backup");
  if (o->nsnapshots) {
    if ((rc = open_snapshot(&snap, o)) < 0) {
      cr_change_free(change);
      return fail(o, rc, "reading the snapshot");
    }
  } else {
    /* Describe against the live state of exactly the keys it touches. */
    rc = cr_change_capture_live(&snap, change);
  }
  if (rc >= 0)
    rc = cr_change_prune(change, snap); /* what is already so is no change */
  if (rc < 0) {
    cr_change_free(change);
    cr_snapshot_free(snap);
    return fail(o, rc, "reading the current state");
  }
  code = run_change(o, snap, change, "restore");
  cr_change_free(change);
  cr_snapshot_free(snap);
  return code;
}


int cmd_collect(const options *o)
{
  cr_snapshot *snap = NULL;
  int rc;
  if (!o->out)
    return usage_error("collect needs -o FILE.reg%s", "");
  if (o->os) /* a .reg holds what the registry holds, nothing declared */
    return usage_error("--os does not go into a collected snapshot: give it "
                       "to the command that reads the snapshot%s", "");
  if ((rc = open_snapshot(&snap, o)) < 0)
    return fail(o, rc, o->nsnapshots ? "reading the snapshot"
                                     : "reading the live registry");
  rc = cr_snapshot_save(snap, o->out);
  if (rc < 0) {
    cr_snapshot_free(snap);
    return fail(o, rc, "writing the snapshot");
  }
  if (o->json) {
    printf("{\n  \"schema\": \"connreset.collect/1\",\n  \"out\": ");
    json_string(stdout, o->out);
    printf(",\n  \"keys\": %zu,\n  \"values\": %zu\n}\n",
           cr_snapshot_key_count(snap), cr_snapshot_value_count(snap));
  } else {
    printf("Wrote %s: %zu keys, %zu values.\n", o->out,
           cr_snapshot_key_count(snap), cr_snapshot_value_count(snap));
  }
  cr_snapshot_free(snap);
  return EXIT_CLEAN;
}

