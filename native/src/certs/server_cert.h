/*
 * server_cert.h - which certificate a machine serves TLS with, as far as
 * its snapshot says: the thumbprint each SQL Server instance is configured
 * with (SuperSocketNetLib\Certificate), decoded from LocalMachine\My.
 */
#ifndef CR_SERVER_CERT_H
#define CR_SERVER_CERT_H

#include "../core/snapshot.h"
#include "../x509/x509.h"

typedef struct cr_server_cert {
  bool found;                /* one key type settled by configured certs */
  cr_key_type key;
  unsigned key_bits;
  char thumbprint[41];       /* of the first instance that settled it */
  char instance[128];
  char why[400];             /* how it was decided, or why it was not */
} cr_server_cert;

int cr_server_cert_find(cr_server_cert *out, const cr_snapshot *snap);

#endif
