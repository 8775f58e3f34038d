/*
 * plans.c - the certificate fixes as registry change plans, so the change
 * engine backs them up (the old Blob, exact undo), applies, verifies and
 * rolls back as for every other fix:
 *
 *  cr_cert_purpose_plan: seed 001's fix ("Enable only the following
 *  purposes", untick Server Authentication) is the certificate's
 *  CERT_ENHKEY_USAGE_PROP_ID property, stored in its Blob under
 *  HKLM\SOFTWARE\Microsoft\SystemCertificates\MY\Certificates\<thumb>. The
 *  plan writes the same Blob with that property set to the purposes the
 *  certificate keeps: the current property's list, else its EKU
 *  extension's, else (no extension: every purpose) RFC 5280's standard
 *  purposes (knowledge/cert_rules.c), minus the one removed. Every other
 *  property is copied byte for byte.
 *
 *  cr_cert_purpose_enable_plan: the reverse, for the DSC resource's
 *  ServerAuthentication = Present: the purpose added back to the store's
 *  list (only when the certificate's own EKU extension allows it).
 *
 *  cr_sql_cert_plan: an instance's SuperSocketNetLib "Certificate" (REG_SZ,
 *  lower-case thumbprint as SQL Server Configuration Manager and dbatools
 *  write it; "" when cleared, as Configuration Manager's Clear does).
 */
#include "certstore.h"
#include "../core/change.h"
#include "../knowledge/regpaths.h"
#include "../knowledge/cert_rules.h"
#include "weak.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROP_ENHKEY_USAGE 9u

static uint32_t le32(const uint8_t *p)
{
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

/* The serialized EKU property (header and data) for `oids`, cut out of a
 * Blob that cr_cert_blob_build makes for them. */
static int eku_property(cr_buf *out, const cr_cert_blob *orig, char **oids,
                        size_t n)
{
  cr_cert_blob b;
  cr_buf tmp = CR_BUF_INIT;
  size_t pos = 0;
  int rc;
  memset(&b, 0, sizeof b);
  b.cert = orig->cert;
  b.cert_len = orig->cert_len;
  b.sha1 = orig->sha1;
  b.has_eku_override = true;
  b.eku_override = oids;
  b.neku_override = n;
  if ((rc = cr_cert_blob_build(&tmp, &b)) < 0)
    return rc;
  while (pos + 12 <= tmp.len) {
    const uint8_t *h = (const uint8_t *)tmp.ptr + pos;
    uint32_t len = le32(h + 8);
    if (le32(h) == PROP_ENHKEY_USAGE) {
      cr_buf_put(out, h, 12 + (size_t)len);
      break;
    }
    pos += 12 + (size_t)len;
  }
  cr_buf_dispose(&tmp);
  return cr_buf_status(out);
}

/* `blob` with its EKU property replaced by (or, when absent, joined by)
 * `prop`, keeping property order by id as Windows writes it. */
static int splice(cr_buf *out, const uint8_t *blob, size_t len,
                  const cr_buf *prop)
{
  size_t pos = 0;
  bool placed = false;
  while (pos + 12 <= len) {
    uint32_t id = le32(blob + pos), n = le32(blob + pos + 8);
    if (!placed && id >= PROP_ENHKEY_USAGE) {
      cr_buf_put(out, prop->ptr, prop->len);
      placed = true;
    }
    if (id != PROP_ENHKEY_USAGE)
      cr_buf_put(out, blob + pos, 12 + (size_t)n);
    pos += 12 + (size_t)n;
  }
  if (!placed)
    cr_buf_put(out, prop->ptr, prop->len);
  return cr_buf_status(out);
}

/* Removes `oid` from the enabled purposes, or (enable) adds it back. */
static int purpose_plan(cr_change **out, const cr_snapshot *snap,
                        const char *thumbprint, const char *oid_in,
                        bool enable)
{
  const char *remove_oid = oid_in;
  char thumb[41], path[300], title[400], note[900];
  const cr_key *k;
  const cr_value *v;
  cr_cert_blob blob;
  cr_x509 x;
  cr_buf prop = CR_BUF_INIT, nb = CR_BUF_INIT, kp = CR_BUF_INIT;
  char **keep = NULL;
  size_t nkeep = 0, i;
  const char *from;
  cr_change *c = NULL;
  int rc;

  if (!out || !snap)
    return cr_error_set(CR_EINVAL, "cr_cert_purpose_plan: bad argument");
  *out = NULL;
  if (!remove_oid || !*remove_oid)
    remove_oid = CR_OID_SERVER_AUTH;
  if (!cr_thumbprint_normalise(thumb, thumbprint))
    return cr_error_set(CR_EINVAL, "not a SHA-1 thumbprint (40 hex digits): "
                        "\"%s\"", thumbprint ? thumbprint : "");
  snprintf(path, sizeof path, "%s\\%s", CR_KEY_CERT_STORE_MY, thumb);
  k = cr_snap_find_key(snap, path);
  v = k ? cr_key_find_value(k, "Blob") : NULL;
  if (!v)
    return cr_error_set(CR_ENOTFOUND, "certificate %s is not in "
                        "LocalMachine\\My (no %s\\Blob)", thumb, path);
  if (v->type != CR_REG_BINARY)
    return cr_error_set(CR_EPARSE, "%s\\Blob is %s, not REG_BINARY", path,
                        cr_reg_type_name(v->type));
  if ((rc = cr_cert_blob_parse(&blob, v->data, v->len, path)) < 0)
    return rc;
  if ((rc = cr_x509_parse(&x, blob.cert, blob.cert_len, path)) < 0) {
    cr_cert_blob_dispose(&blob);
    return rc;
  }
  /* The key as the snapshot spells it, so the plan writes that key. */
  if ((rc = cr_key_path(&kp, k)) < 0)
    goto done;

  if (enable) {
    const char *what = !strcmp(remove_oid, CR_OID_SERVER_AUTH)
                         ? " (Server Authentication)" : "";
    snprintf(title, sizeof title, "Enable purpose %s%s of certificate %s in "
             "LocalMachine\\My", remove_oid, what, thumb);
    snprintf(note, sizeof note, "Adds %s%s to the purposes enabled in the "
             "store. Restart the SQL Server service (MSSQLSERVER or "
             "MSSQL$<instance>) for it to take effect.", remove_oid, what);
    if ((rc = cr_change_new(&c, title, note)) < 0)
      goto done;
    if (cr_cert_allows(&x, &blob, remove_oid))
      goto done; /* already enabled: an empty plan */
    if (!cr_x509_allows(&x, remove_oid)) {
      rc = cr_error_set(CR_EINVAL, "certificate %s cannot be used for %s%s: "
                        "its Enhanced Key Usage extension does not allow it, "
                        "and the store can only narrow that list", thumb,
                        remove_oid, what);
      goto done;
    }
    /* Not allowed, yet the extension allows it: the store's list lacks it. */
    keep = cr_calloc(blob.neku_override + 2, sizeof *keep);
    for (i = 0; keep && i < blob.neku_override; i++)
      keep[nkeep++] = blob.eku_override[i];
    if (keep)
      keep[nkeep++] = (char *)remove_oid;
    if (!keep) {
      rc = cr_error_oom();
      goto done;
    }
    if ((rc = eku_property(&prop, &blob, keep, nkeep)) < 0 ||
        (rc = splice(&nb, v->data, v->len, &prop)) < 0)
      goto done;
    rc = cr_change_add_set(c, kp.ptr, "Blob", CR_REG_BINARY, nb.ptr, nb.len);
    goto done;
  }
  if (blob.has_eku_override) {
    from = "the purposes now enabled in the store";
    keep = cr_calloc(blob.neku_override + 1, sizeof *keep);
    for (i = 0; keep && i < blob.neku_override; i++)
      if (strcmp(blob.eku_override[i], remove_oid))
        keep[nkeep++] = blob.eku_override[i];
  } else if (x.has_eku) {
    from = "the certificate's Enhanced Key Usage extension";
    keep = cr_calloc(x.neku + 1, sizeof *keep);
    for (i = 0; keep && i < x.neku; i++)
      if (strcmp(x.eku[i], remove_oid))
        keep[nkeep++] = x.eku[i];
  } else {
    from = "RFC 5280 4.2.1.12's standard purposes (the certificate has no "
           "Enhanced Key Usage extension, so it allows every purpose)";
    keep = cr_calloc(cr_cert_standard_purpose_count + 1, sizeof *keep);
    for (i = 0; keep && i < cr_cert_standard_purpose_count; i++)
      if (strcmp(cr_cert_standard_purposes[i], remove_oid))
        keep[nkeep++] = (char *)cr_cert_standard_purposes[i];
  }
  if (!keep) {
    rc = cr_error_oom();
    goto done;
  }
  snprintf(title, sizeof title, "Disable purpose %s%s of certificate %s in "
           "LocalMachine\\My", remove_oid,
           !strcmp(remove_oid, CR_OID_SERVER_AUTH) ? " (Server Authentication)"
                                                   : "", thumb);
  {
    size_t used = (size_t)snprintf(note, sizeof note, "Enabled purposes "
                                   "become %s minus %s:", from, remove_oid);
    for (i = 0; i < nkeep && used < sizeof note; i++)
      used += (size_t)snprintf(note + used, sizeof note - used, " %s",
                               keep[i]);
    if (!nkeep && used < sizeof note)
      used += (size_t)snprintf(note + used, sizeof note - used, " none");
    if (used < sizeof note)
      snprintf(note + used, sizeof note - used, ". Restart the SQL Server "
               "service (MSSQLSERVER or MSSQL$<instance>) for it to take "
               "effect (seed 001).");
  }
  if ((rc = cr_change_new(&c, title, note)) < 0)
    goto done;
  if (!cr_cert_allows(&x, &blob, remove_oid)) {
    rc = CR_OK; /* already disabled: an empty plan */
    goto done;
  }
  if ((rc = eku_property(&prop, &blob, keep, nkeep)) < 0 ||
      (rc = splice(&nb, v->data, v->len, &prop)) < 0)
    goto done;
  rc = cr_change_add_set(c, kp.ptr, "Blob", CR_REG_BINARY, nb.ptr, nb.len);
done:
  free(keep);
  cr_buf_dispose(&prop);
  cr_buf_dispose(&nb);
  cr_buf_dispose(&kp);
  cr_x509_dispose(&x);
  cr_cert_blob_dispose(&blob);
  if (rc < 0) {
    cr_change_free(c);
    return rc;
  }
  *out = c;
  return CR_OK;
}

int cr_cert_purpose_plan(cr_change **out, const cr_snapshot *snap,
                         const char *thumbprint, const char *remove_oid)
{
  return purpose_plan(out, snap, thumbprint, remove_oid, false);
}

int cr_cert_purpose_enable_plan(cr_change **out, const cr_snapshot *snap,
                                const char *thumbprint, const char *oid)
{
  return purpose_plan(out, snap, thumbprint, oid, true);
}

int cr_sql_cert_plan(cr_change **out, const cr_snapshot *snap,
                     const char *instance, const char *thumbprint)
{
  static const struct {
    const char *names, *root;
  } views[2] = {
    { CR_KEY_SQL_INSTANCE_NAMES, CR_KEY_SQL_ROOT },
    { CR_KEY_SQL_INSTANCE_NAMES_WOW, CR_KEY_SQL_ROOT_WOW },
  };
  char thumb[41] = "", key[600] = "", title[400], note[600], svc[200];
  char *id = NULL, *cur = NULL;
  cr_buf data = CR_BUF_INIT;
  cr_change *c = NULL;
  size_t v, i;
  int rc;

  if (!out || !snap || !instance || !*instance)
    return cr_error_set(CR_EINVAL, "cr_sql_cert_plan: give an instance name");
  *out = NULL;
  if (thumbprint && !cr_thumbprint_normalise(thumb, thumbprint))
    return cr_error_set(CR_EINVAL, "not a SHA-1 thumbprint (40 hex digits): "
                        "\"%s\"", thumbprint);
  for (v = 0; v < 2 && !id; v++) {
    const cr_key *names = cr_snap_find_key(snap, views[v].names);
    for (i = 0; names && i < names->nvalues && !id; i++)
      if (!cr_stricmp(names->values[i].name, instance) &&
          cr_snap_get_string(&id, snap, views[v].names,
                             names->values[i].name) == CR_OK)
        snprintf(key, sizeof key, "%s\\%s\\" CR_SUBKEY_SQL_NETLIB,
                 views[v].root, id);
  }
  if (!id)
    return cr_error_set(CR_ENOTFOUND, "no SQL Server instance named \"%s\" "
                        "under %s", instance, CR_KEY_SQL_INSTANCE_NAMES);
  free(id);
  for (i = 0; thumb[i]; i++)
    thumb[i] = (char)tolower((unsigned char)thumb[i]);
  cr_sql_service_name(svc, sizeof svc, instance);
  if (thumbprint)
    snprintf(title, sizeof title, "Configure SQL Server instance %s to use "
             "certificate %s", instance, thumb);
  else
    snprintf(title, sizeof title, "Clear the certificate of SQL Server "
             "instance %s (SQL Server then picks one or generates a "
             "self-signed one)", instance);
  snprintf(note, sizeof note, "Restart the SQL Server service '%s' for it to "
           "take effect (Restart-Service '%s'). The service account needs "
           "Read access to the certificate's private key.", svc, svc);
  if ((rc = cr_change_new(&c, title, note)) < 0)
    return rc;
  if (cr_snap_get_string(&cur, snap, key, "Certificate") == CR_OK &&
      !cr_stricmp(cur, thumb)) {
    free(cur);
    cr_error_clear();
    *out = c; /* already so */
    return CR_OK;
  }
  free(cur);
  cr_error_clear();
  if ((rc = cr_utf8_to_utf16(&data, thumb, strlen(thumb))) >= 0) {
    cr_buf_put_u16(&data, 0);
    if ((rc = cr_buf_status(&data)) >= 0)
      rc = cr_change_add_set(c, key, "Certificate", CR_REG_SZ, data.ptr,
                             data.len);
  }
  cr_buf_dispose(&data);
  if (rc < 0) {
    cr_change_free(c);
    return rc;
  }
  *out = c;
  return CR_OK;
}
