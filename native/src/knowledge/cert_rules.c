/*
 * cert_rules.c - the certificate rules of family CERTHASH, each with its
 * source.
 *
 * Sources:
 *  [seed]  ../shared/seeds/001_d927ed424971f87c.txt = MicrosoftDocs/
 *          SupportArticles-docs, support/sql/database-engine/connect/
 *          tls-exist-connection-closed.md, "SQL Server uses a certificate
 *          signed by a weak-hash algorithm, such as MD5, SHA224, or
 *          SHA512": such certificates "will not work with TLS 1.2";
 *          "Self-signed certificates aren't affected by this issue"; SQL
 *          Server also picks, unprovisioned, any certificate in the store
 *          that supports server authentication. Fix: untick Server
 *          Authentication in the certificate's purposes, restart SQL Server.
 *  [req]   MicrosoftDocs/sql-docs, docs/database-engine/configure-windows/
 *          certificate-requirements.md ("Certificate requirements for SQL
 *          Server"): the current time must lie between Valid from and
 *          Valid to; the certificate must be meant for server
 *          authentication (EKU 1.3.6.1.5.5.7.3.1); the service account
 *          must be able to read the private key (KeySpec AT_KEYEXCHANGE).
 *  [sqlcheck] microsoft/CSS_SQL_Networking_Tools SQLCheck (Collectors.cs):
 *          certificate "Problem" values "No private key", "Future cert",
 *          "Expired cert", "Not server" (shared/reference/sql-server.md 1.2).
 *  [dbatools] dataplat/dbatools public/Test-DbaNetworkCertificate.ps1:
 *          PublicKeyValid requires an RSA key of at least 2048 bits
 *          (shared/reference/sql-server.md 5). Microsoft's SQL Server
 *          articles name no minimum key size, so the rule says "too
 *          small", not "will not load".
 *  [sha1]  Microsoft Security Advisory 2880823, "Deprecation of SHA-1
 *          Hashing Algorithm for Microsoft Root Certificate Program".
 *  [rfc5280] RFC 5280 4.2.1.12 (Extended Key Usage): the key purposes the
 *          standard defines: serverAuth, clientAuth, codeSigning,
 *          emailProtection, timeStamping, OCSPSigning.
 */
#include "cert_rules.h"

#include <string.h>

#define SEED "seed 001 = MicrosoftDocs/SupportArticles-docs support/sql/" \
  "database-engine/connect/tls-exist-connection-closed.md (weak-hash " \
  "scenario)"
#define REQ "MicrosoftDocs/sql-docs docs/database-engine/configure-windows/" \
  "certificate-requirements.md"

const cr_cert_rule cr_cert_rules[] = {
  { "weak-hash", CR_SEVERITY_ERROR, true, false,
    "signed with MD5, SHA224 or SHA512 by a CA: breaks TLS 1.2 for SQL Server",
    SEED },
  { "weak-hash-self-signed", CR_SEVERITY_INFO, false, false,
    "signed with MD5, SHA224 or SHA512 but self-signed: not affected",
    SEED " (\"Self-signed certificates aren't affected by this issue\")" },
  { "sha1", CR_SEVERITY_WARNING, false, false,
    "signed with SHA-1, which Microsoft has deprecated",
    "Microsoft Security Advisory 2880823 (Deprecation of SHA-1 Hashing "
    "Algorithm for Microsoft Root Certificate Program)" },
  { "expired", CR_SEVERITY_ERROR, false, true,
    "expired: SQL Server will not load it",
    REQ " (current time before Valid to); SQLCheck \"Expired cert\"" },
  { "not-yet-valid", CR_SEVERITY_ERROR, false, true,
    "not yet valid: SQL Server will not load it",
    REQ " (current time after Valid from); SQLCheck \"Future cert\"" },
  { "no-private-key", CR_SEVERITY_ERROR, false, true,
    "no private key in the store: SQL Server cannot use it",
    REQ " (the service account reads the private key; KeySpec "
    "AT_KEYEXCHANGE); SQLCheck \"No private key\"" },
  { "no-server-auth", CR_SEVERITY_ERROR, false, true,
    "Server Authentication not enabled: SQL Server will not load it",
    REQ " (Enhanced Key Usage must include Server Authentication "
    "1.3.6.1.5.5.7.3.1); SQLCheck \"Not server\"" },
  { "rsa-too-small", CR_SEVERITY_WARNING, false, false,
    "RSA key under 2048 bits: too small",
    "dataplat/dbatools public/Test-DbaNetworkCertificate.ps1 "
    "(PublicKeyValid: RSA >= 2048 bits); Microsoft's SQL Server articles "
    "name no minimum" },
};
const size_t cr_cert_rule_count = sizeof cr_cert_rules / sizeof cr_cert_rules[0];

const cr_cert_rule *cr_cert_rule_find(const char *id)
{
  size_t i;
  for (i = 0; id && i < cr_cert_rule_count; i++)
    if (strcmp(cr_cert_rules[i].id, id) == 0)
      return &cr_cert_rules[i];
  return NULL;
}

bool cr_cert_hash_breaks_tls12(const char *hash)
{
  return hash && (!strcmp(hash, "MD5") || !strcmp(hash, "SHA224") ||
                  !strcmp(hash, "SHA512"));
}

/* [rfc5280]: the purposes RFC 5280 4.2.1.12 defines, in its order. */
const char *const cr_cert_standard_purposes[] = {
  "1.3.6.1.5.5.7.3.1", /* id-kp-serverAuth */
  "1.3.6.1.5.5.7.3.2", /* id-kp-clientAuth */
  "1.3.6.1.5.5.7.3.3", /* id-kp-codeSigning */
  "1.3.6.1.5.5.7.3.4", /* id-kp-emailProtection */
  "1.3.6.1.5.5.7.3.8", /* id-kp-timeStamping */
  "1.3.6.1.5.5.7.3.9", /* id-kp-OCSPSigning */
};
const size_t cr_cert_standard_purpose_count =
  sizeof cr_cert_standard_purposes / sizeof cr_cert_standard_purposes[0];
