/*
 * certstore.h - the one function table behind which a certificate store
 * lives, as store.h is for the registry: the registry image of a store in
 * a snapshot (HKLM\SOFTWARE\Microsoft\SystemCertificates\<STORE>\
 * Certificates\<thumbprint> "Blob", certstore.c) or the live store read
 * through crypt32 (src/win32/certstore_crypt32.c; certstore_none.c where
 * there is no crypt32). Both give the same entries, so the certificate
 * checks never know which one they read.
 */
#ifndef CR_CERTSTORE_H
#define CR_CERTSTORE_H

#include "../core/snapshot.h"
#include "../core/store.h"
#include "../x509/x509.h"

/* One certificate of a store. `props` points into `blob`, which holds the
 * properties as a serialized store element: the registry's own Blob for a
 * snapshot, or one assembled from crypt32's properties (SHA-1, EKU,
 * friendly name, certificate) for the live store. */
typedef struct cr_cert_entry {
  char thumbprint[41];     /* SHA-1, upper-case hex */
  uint8_t *blob;
  size_t blob_len;
  cr_cert_blob props;      /* cert/cert_len: the DER; eku override; name */
  bool has_private_key;    /* CERT_KEY_PROV_INFO_PROP_ID present */
} cr_cert_entry;

typedef struct cr_cert_list {
  cr_cert_entry *items;    /* sorted by thumbprint */
  size_t n;
  char **skipped;          /* "<thumbprint>: <why>" for unreadable entries */
  size_t nskipped;
} cr_cert_list;

typedef struct cr_certstore cr_certstore;

typedef struct cr_certstore_ops {
  const char *name;        /* "snapshot", "crypt32" */
  /* Appends every certificate of `store` ("MY", "Root", ...) to `out`. A
   * store that does not exist is empty, not an error. */
  int (*list)(cr_certstore *cs, const char *store, cr_cert_list *out);
  void (*close)(cr_certstore *cs);
} cr_certstore_ops;

struct cr_certstore {
  const cr_certstore_ops *ops;
};

/* The store image in `snap` (which must outlive the store). */
int cr_certstore_snapshot_open(cr_certstore **out, const cr_snapshot *snap);
/* The live LocalMachine stores through crypt32; CR_ENOTSUP without it. */
int cr_certstore_live_open(cr_certstore **out);
/* Lists `store` (NULL or "": "MY"), sorted by thumbprint. */
int cr_certstore_list(cr_cert_list *out, cr_certstore *cs, const char *store);
void cr_certstore_close(cr_certstore *cs);
void cr_cert_list_dispose(cr_cert_list *l);

/* CR_EINVAL unless `store` is a plain store name (no backslash, 1..64). */
int cr_certstore_check_name(const char *store);
/* Adds an entry made from a serialized element (copied); `why` is set and
 * the entry skipped when it does not parse. Used by both backends. */
int cr_cert_list_add_blob(cr_cert_list *l, const uint8_t *blob, size_t len,
                          bool has_private_key, const char *origin);
int cr_cert_list_add_skipped(cr_cert_list *l, const char *fmt, ...)
  CR_PRINTF(2, 3);


#endif
