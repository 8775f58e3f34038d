/*
 * certstore.c - the certificate-store table over a snapshot: each key
 * under HKLM\SOFTWARE\Microsoft\SystemCertificates\<STORE>\Certificates is
 * one certificate, its "Blob" the serialized store element (x509.h).
 * The private key counts as present when the element carries
 * CERT_KEY_PROV_INFO_PROP_ID, as crypt32 decides for the live store.
 */
#include "certstore.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SYSCERTS "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SystemCertificates"

int cr_certstore_check_name(const char *store)
{
  size_t n = store ? strlen(store) : 0;
  if (!n || n > 64 || strchr(store, '\\') || strchr(store, '/'))
    return cr_error_set(CR_EINVAL, "not a certificate store name: \"%s\" "
                        "(give a name such as MY, Root or WebHosting)",
                        store ? store : "");
  return CR_OK;
}

int cr_cert_list_add_skipped(cr_cert_list *l, const char *fmt, ...)
{
  cr_buf b = CR_BUF_INIT;
  char **p;
  va_list ap;
  char tmp[1024];
  va_start(ap, fmt);
  vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  cr_buf_puts(&b, tmp);
  if (cr_buf_status(&b) < 0)
    return cr_error_oom();
  p = cr_realloc_array(l->skipped, l->nskipped + 1, sizeof *p);
  if (!p) {
    cr_buf_dispose(&b);
    return cr_error_oom();
  }
  l->skipped = p;
  l->skipped[l->nskipped++] = cr_buf_detach(&b, NULL);
  return CR_OK;
}

int cr_cert_list_add_blob(cr_cert_list *l, const uint8_t *blob, size_t len,
                          bool has_private_key, const char *origin)
{
  cr_cert_entry e, *p;
  uint8_t sha1[20];
  size_t i;
  int rc;
  memset(&e, 0, sizeof e);
  e.blob = malloc(len ? len : 1);
  if (!e.blob)
    return cr_error_oom();
  memcpy(e.blob, blob, len);
  e.blob_len = len;
  if ((rc = cr_cert_blob_parse(&e.props, e.blob, len, origin)) < 0) {
    free(e.blob);
    rc = cr_cert_list_add_skipped(l, "%s", cr_error_last());
    cr_error_clear();
    return rc;
  }
  if (e.props.sha1) {
    memcpy(sha1, e.props.sha1, 20);
  } else if ((rc = cr_sha1(sha1, e.props.cert, e.props.cert_len)) < 0) {
    cr_cert_blob_dispose(&e.props);
    free(e.blob);
    return rc;
  }
  for (i = 0; i < 20; i++)
    snprintf(e.thumbprint + 2 * i, 3, "%02X", sha1[i]);
  e.has_private_key = has_private_key || e.props.has_key_prov_info;
  p = cr_realloc_array(l->items, l->n + 1, sizeof *p);
  if (!p) {
    cr_cert_blob_dispose(&e.props);
    free(e.blob);
    return cr_error_oom();
  }
  l->items = p;
  l->items[l->n++] = e;
  return CR_OK;
}

void cr_cert_list_dispose(cr_cert_list *l)
{
  size_t i;
  if (!l)
    return;
  for (i = 0; i < l->n; i++) {
    cr_cert_blob_dispose(&l->items[i].props);
    free(l->items[i].blob);
  }
  for (i = 0; i < l->nskipped; i++)
    free(l->skipped[i]);
  free(l->items);
  free(l->skipped);
  memset(l, 0, sizeof *l);
}

static int by_thumbprint(const void *a, const void *b)
{
  return strcmp(((const cr_cert_entry *)a)->thumbprint,
                ((const cr_cert_entry *)b)->thumbprint);
}

int cr_certstore_list(cr_cert_list *out, cr_certstore *cs, const char *store)
{
  int rc;
  if (!out || !cs)
    return cr_error_set(CR_EINVAL, "cr_certstore_list: bad argument");
  memset(out, 0, sizeof *out);
  if (!store || !*store)
    store = "MY";
  if ((rc = cr_certstore_check_name(store)) < 0)
    return rc;
  if ((rc = cs->ops->list(cs, store, out)) < 0) {
    cr_cert_list_dispose(out);
    return rc;
  }
  if (out->n > 1)
    qsort(out->items, out->n, sizeof *out->items, by_thumbprint);
  return CR_OK;
}

void cr_certstore_close(cr_certstore *cs)
{
  if (cs)
    cs->ops->close(cs);
}

/* ---------------------------------------------------------------- */
/* The snapshot backend.                                            */
/* ---------------------------------------------------------------- */

typedef struct snap_certstore {
  cr_certstore base;
  const cr_snapshot *snap;
} snap_certstore;

static int snap_list(cr_certstore *cs, const char *store, cr_cert_list *out)
{
  const cr_snapshot *snap = ((snap_certstore *)cs)->snap;
  char path[200];
  const cr_key *k;
  size_t i;
  int rc;
  snprintf(path, sizeof path, "%s\\%s\\Certificates", SYSCERTS, store);
  k = cr_snap_find_key(snap, path);
  for (i = 0; k && i < k->nchildren; i++) {
    const cr_key *c = k->children[i];
    const cr_value *v = cr_key_find_value(c, "Blob");
    char origin[300];
    snprintf(origin, sizeof origin, "%s\\%s\\Blob", store, c->name);
    if (!v) {
      rc = cr_cert_list_add_skipped(out, "%s: no Blob value", origin);
    } else if (v->type != CR_REG_BINARY) {
      rc = cr_cert_list_add_skipped(out, "%s: %s, not REG_BINARY", origin,
                                    cr_reg_type_name(v->type));
    } else {
      rc = cr_cert_list_add_blob(out, v->data, v->len, false, origin);
    }
    if (rc < 0)
      return rc;
  }
  return CR_OK;
}

static void snap_close(cr_certstore *cs) { free(cs); }

static const cr_certstore_ops snap_ops = { "snapshot", snap_list, snap_close };

int cr_certstore_snapshot_open(cr_certstore **out, const cr_snapshot *snap)
{
  snap_certstore *s;
  if (!out || !snap)
    return cr_error_set(CR_EINVAL, "cr_certstore_snapshot_open: bad argument");
  if (!(s = cr_calloc(1, sizeof *s)))
    return cr_error_oom();
  s->base.ops = &snap_ops;
  s->snap = snap;
  *out = &s->base;
  return CR_OK;
}
