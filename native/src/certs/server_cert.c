/*
 * server_cert.c - the key type of the certificate a server presents, from
 * its snapshot, for the client/server match. SQL Server uses the
 * thumbprint in <instance>\MSSQLServer\SuperSocketNetLib "Certificate";
 * the certificate itself is the Blob under LocalMachine\My. When no
 * instance names one (SQL Server then picks one itself or generates a
 * self-signed one), or instances disagree, nothing is settled and the
 * caller says what it assumed.
 */
#include "server_cert.h"
#include "../knowledge/regpaths.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cert_key(cr_key_type *key, unsigned *bits, const cr_snapshot *snap,
                    const char *thumb, char *why, size_t whylen)
{
  char path[300];
  const cr_key *k;
  const cr_value *v;
  cr_cert_blob blob;
  cr_x509 cert;
  int rc;
  snprintf(path, sizeof path, "%s\\%s", CR_KEY_CERT_STORE_MY, thumb);
  k = cr_snap_find_key(snap, path);
  v = k ? cr_key_find_value(k, "Blob") : NULL;
  if (!v) {
    snprintf(why, whylen, "certificate %s is not in LocalMachine\\My in the "
             "snapshot", thumb);
    return CR_ENOTFOUND;
  }
  if ((rc = cr_cert_blob_parse(&blob, v->data, v->len, path)) < 0) {
    snprintf(why, whylen, "%s", cr_error_last());
    return rc;
  }
  if (!blob.cert) {
    cr_cert_blob_dispose(&blob);
    snprintf(why, whylen, "the Blob of %s holds no certificate", thumb);
    return CR_EPARSE;
  }
  rc = cr_x509_parse(&cert, blob.cert, blob.cert_len, path);
  if (rc < 0) {
    snprintf(why, whylen, "%s", cr_error_last());
  } else {
    *key = cert.key_type;
    *bits = cert.key_bits;
    cr_x509_dispose(&cert);
  }
  cr_cert_blob_dispose(&blob);
  return rc;
}

int cr_server_cert_find(cr_server_cert *out, const cr_snapshot *snap)
{
  static const struct {
    const char *names, *root;
  } views[2] = {
    { CR_KEY_SQL_INSTANCE_NAMES, CR_KEY_SQL_ROOT },
    { CR_KEY_SQL_INSTANCE_NAMES_WOW, CR_KEY_SQL_ROOT_WOW },
  };
  size_t v, i, settled = 0, named = 0;
  bool conflict = false;
  memset(out, 0, sizeof *out);
  for (v = 0; v < 2; v++) {
    const cr_key *names = cr_snap_find_key(snap, views[v].names);
    for (i = 0; names && i < names->nvalues; i++) {
      const cr_value *iv = &names->values[i];
      char key[400], thumb[41], why[300];
      char *id = NULL, *cfg = NULL;
      cr_key_type kt = CR_KEYTYPE_UNKNOWN;
      unsigned bits = 0;
      if (iv->type != CR_REG_SZ ||
          cr_snap_get_string(&id, snap, views[v].names, iv->name) < 0)
        continue;
      snprintf(key, sizeof key, "%s\\%s\\" CR_SUBKEY_SQL_NETLIB,
               views[v].root, id);
      free(id);
      if (cr_snap_get_string(&cfg, snap, key, "Certificate") < 0 || !*cfg ||
          !cr_thumbprint_normalise(thumb, cfg)) {
        free(cfg);
        continue;
      }
      free(cfg);
      named++;
      if (cert_key(&kt, &bits, snap, thumb, why, sizeof why) < 0) {
        if (!settled)
          snprintf(out->why, sizeof out->why, "instance %s: %s", iv->name, why);
        continue;
      }
      if (!settled) {
        out->key = kt;
        out->key_bits = bits;
        memcpy(out->thumbprint, thumb, sizeof thumb);
        snprintf(out->instance, sizeof out->instance, "%s", iv->name);
      } else if (kt != out->key) {
        conflict = true;
      }
      settled++;
    }
  }
  cr_error_clear();
  if (settled && !conflict) {
    out->found = true;
    snprintf(out->why, sizeof out->why, "SQL Server instance %s is configured "
             "with certificate %s (%s %u)", out->instance, out->thumbprint,
             cr_key_type_name(out->key), out->key_bits);
  } else if (conflict) {
    out->found = false;
    snprintf(out->why, sizeof out->why, "the SQL Server instances use "
             "certificates of different key types");
  } else if (!named) {
    snprintf(out->why, sizeof out->why, "no SQL Server instance in the "
             "snapshot is configured with a certificate");
  }
  return CR_OK;
}
