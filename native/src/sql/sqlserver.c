/*
 * sqlserver.c - reads the SQL Server instances from a snapshot.
 *
 * Layout (shared/reference/sql-server.md section 3; SQLCheck
 * Collectors.cs, microsoft/CSS_SQL_Networking_Tools@9741b651):
 *   Instance Names\SQL: value name = instance, data = instance id;
 *   <root>\<id>\Setup: Version, PatchLevel, Edition, SP;
 *   <root>\<id>\MSSQLServer\CurrentVersion: CurrentVersion (SQLCheck's
 *     version source, used when Setup has none);
 *   <root>\<id>\MSSQLServer\SuperSocketNetLib: Certificate,
 *     ForceEncryption, ForceStrict;
 *   <root>\<id>\MSSQLServer\Parameters: SQLArg0..N (REG_SZ), "-e" is the
 *     ERRORLOG path (SQLCheck: value.StartsWith("-e")); every SQLArg<n>
 *     is read in numeric order, gaps included (read_args).
 */
#include "sqlserver.h"
#include "../knowledge/regpaths.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int get_dword(const cr_snapshot *snap, const char *key,
                     const char *name)
{
  uint32_t v;
  if (cr_snap_get_dword(&v, snap, key, name) < 0)
    return -1;
  return v > 0x7FFFFFFF ? 0x7FFFFFFF : (int)v;
}

static char *get_str(const cr_snapshot *snap, const char *key,
                     const char *name)
{
  char *s = NULL;
  if (cr_snap_get_string(&s, snap, key, name) < 0)
    return NULL;
  return s;
}

/* "SQLArg<n>" (any case: registry value names are case-insensitive):
 * n, else -1. Nine digits at most keeps n in an int. */
static long arg_index(const char *name)
{
  const char *p;
  long n = 0;
  if (cr_strnicmp(name, "SQLArg", 6) != 0 || !name[6])
    return -1;
  for (p = name + 6; *p; p++) {
    if (!isdigit((unsigned char)*p) || p - (name + 6) >= 9)
      return -1;
    n = n * 10 + (*p - '0');
  }
  return n;
}

typedef struct arg_ref {
  long index;
  size_t order; /* position in the key, breaks ties (SQLArg3 vs SQLArg03) */
  const char *name;
} arg_ref;

static int arg_ref_cmp(const void *a, const void *b)
{
  const arg_ref *x = a, *y = b;
  if (x->index != y->index)
    return x->index < y->index ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

static int add_arg(cr_sql_instance *in, char *s)
{
  char **p = cr_realloc_array(in->args, in->nargs + 1, sizeof *p);
  if (!p) {
    free(s);
    return cr_error_oom();
  }
  in->args = p;
  in->args[in->nargs++] = s;
  if (s[0] == '-' && s[1] && s[2]) {
    char **slot = NULL;
    switch (s[1]) {
    case 'e': case 'E': slot = &in->errorlog; break;
    case 'd': case 'D': slot = &in->master_data; break;
    case 'l': case 'L': slot = &in->master_log; break;
    default: break;
    }
    if (slot && !*slot && !(*slot = cr_strdup(s + 2)))
      return cr_error_oom();
  }
  return CR_OK;
}

/* Every SQLArg<n> the key holds, in numeric order. Configuration Manager
 * writes SQLArg0..N contiguously, but values deleted or added by hand in
 * regedit leave gaps (SQLArg0, 1, 3); Microsoft documents no rule for
 * them, and the scripts DBAs use to list startup parameters enumerate the
 * key's values and order them by the number (xp_instance_regenumvalues),
 * so a gap never hides the -e ERRORLOG behind it. Values of another type
 * are skipped, as before. */
static int read_args(cr_sql_instance *in, const cr_snapshot *snap,
                     const char *key)
{
  const cr_key *k = cr_snap_find_key(snap, key);
  arg_ref *refs;
  size_t i, n = 0;
  int rc = CR_OK;

  if (!k || !k->nvalues)
    return CR_OK;
  if (!(refs = cr_realloc_array(NULL, k->nvalues, sizeof *refs)))
    return cr_error_oom();
  for (i = 0; i < k->nvalues; i++) {
    long idx = arg_index(k->values[i].name);
    if (idx < 0)
      continue;
    refs[n].index = idx;
    refs[n].order = i;
    refs[n].name = k->values[i].name;
    n++;
  }
  qsort(refs, n, sizeof *refs, arg_ref_cmp);
  for (i = 0; i < n && rc == CR_OK; i++) {
    char *s = get_str(snap, key, refs[i].name);
    if (s)
      rc = add_arg(in, s);
  }
  free(refs);
  return rc;
}

static int read_instance(cr_sql_instance *in, const cr_snapshot *snap,
                         const char *root)
{
  char key[512];
  char *cv;
  int rc;

  snprintf(key, sizeof key, "%s\\%s", root, in->id);
  if (!(in->root = cr_strdup(key)))
    return cr_error_oom();
  snprintf(key, sizeof key, "%s\\%s\\" CR_SUBKEY_SQL_SETUP, root, in->id);
  in->version = get_str(snap, key, "Version");
  if (in->version)
    in->version_from = "Setup\\Version";
  in->patch_level = get_str(snap, key, "PatchLevel");
  in->edition = get_str(snap, key, "Edition");
  in->sp = get_dword(snap, key, "SP");
  if (!in->version) {
    snprintf(key, sizeof key, "%s\\%s\\" CR_SUBKEY_SQL_CURRENT_VERSION, root,
             in->id);
    if ((cv = get_str(snap, key, "CurrentVersion")) != NULL) {
      in->version = cv;
      in->version_from = CR_SUBKEY_SQL_CURRENT_VERSION "\\CurrentVersion";
    }
  }
  /* PatchLevel is the full build (Version is the release's). */
  if (in->patch_level && cr_ver4_parse(&in->ver, in->patch_level))
    in->has_version = true;
  else if (in->version && cr_ver4_parse(&in->ver, in->version))
    in->has_version = true;
  if (in->has_version) {
    unsigned major = (unsigned)(in->ver >> 48);
    unsigned minor = (unsigned)((in->ver >> 32) & 0xFFFF);
    in->product = (major == 10 && minor == 50) ? "SQL Server 2008 R2"
                                               : cr_sql_product_name(major);
  }
  snprintf(key, sizeof key, "%s\\%s\\" CR_SUBKEY_SQL_NETLIB, root,
           in->id);
  in->cert_raw = get_str(snap, key, "Certificate");
  if (in->cert_raw && *in->cert_raw &&
      !cr_thumbprint_normalise(in->thumbprint, in->cert_raw)) {
    in->thumbprint[0] = '\0';
    in->cert_invalid = true;
  }
  in->force_encryption = get_dword(snap, key, "ForceEncryption");
  in->force_strict = get_dword(snap, key, "ForceStrict");
  snprintf(key, sizeof key, "%s\\%s\\" CR_SUBKEY_SQL_PARAMETERS, root, in->id);
  rc = read_args(in, snap, key);
  cr_error_clear(); /* absent or mistyped values are not errors here */
  return rc;
}

static void instance_dispose(cr_sql_instance *in)
{
  size_t i;
  free(in->name);
  free(in->id);
  free(in->root);
  free(in->version);
  free(in->patch_level);
  free(in->edition);
  free(in->cert_raw);
  for (i = 0; i < in->nargs; i++)
    free(in->args[i]);
  free(in->args);
  free(in->errorlog);
  free(in->master_data);
  free(in->master_log);
}

int cr_sql_instances_read(cr_sql_instances *out, const cr_snapshot *snap)
{
  static const struct {
    const char *names, *root;
    bool wow;
  } views[2] = {
    { CR_KEY_SQL_INSTANCE_NAMES, CR_KEY_SQL_ROOT, false },
    { CR_KEY_SQL_INSTANCE_NAMES_WOW, CR_KEY_SQL_ROOT_WOW, true },
  };
  size_t v, i;
  int rc = CR_OK;
  memset(out, 0, sizeof *out);
  for (v = 0; v < 2 && rc >= 0; v++) {
    const cr_key *names = cr_snap_find_key(snap, views[v].names);
    for (i = 0; names && i < names->nvalues && rc >= 0; i++) {
      const cr_value *iv = &names->values[i];
      cr_sql_instance *p, *in;
      char *id = NULL;
      if (!iv->name[0] || (iv->type != CR_REG_SZ &&
                           iv->type != CR_REG_EXPAND_SZ) ||
          cr_snap_get_string(&id, snap, views[v].names, iv->name) < 0 ||
          !*id || strchr(id, '\\')) {
        free(id);
        cr_error_clear();
        continue;
      }
      p = cr_realloc_array(out->v, out->n + 1, sizeof *p);
      if (!p) {
        free(id);
        rc = cr_error_oom();
        break;
      }
      out->v = p;
      in = &out->v[out->n++];
      memset(in, 0, sizeof *in);
      in->id = id;
      in->wow = views[v].wow;
      in->sp = in->force_encryption = in->force_strict = -1;
      if (!(in->name = cr_strdup(iv->name))) {
        rc = cr_error_oom();
        break;
      }
      rc = read_instance(in, snap, views[v].root);
    }
  }
  if (rc < 0)
    cr_sql_instances_dispose(out);
  return rc;
}

void cr_sql_instances_dispose(cr_sql_instances *list)
{
  size_t i;
  for (i = 0; i < list->n; i++)
    instance_dispose(&list->v[i]);
  free(list->v);
  list->v = NULL;
  list->n = 0;
}
