/*
 * fips.c - the FIPS algorithm policy and Schannel.
 *
 * Where the policy lives (the security option writes it; absent means off):
 *  [FIPS-POLICY]  MicrosoftDocs/windows-itpro-docs windows/security/
 *                 threat-protection/security-policy-settings/
 *                 system-cryptography-use-fips-compliant-algorithms-for-
 *                 encryption-hashing-and-signing.md (ms.date 11/16/2018):
 *                 effective default "Disabled" on clients, member servers
 *                 and DCs; for TLS/SSL "the provider only supports the TLS
 *                 protocol as a client computer and as a server". (Its
 *                 sentence that only TLS_RSA_WITH_3DES_EDE_CBC_SHA remains
 *                 describes Windows XP; the per-suite tables below are
 *                 newer and are followed.)
 *  [KB811833]     support.microsoft.com/kb/811833, "System cryptography:
 *                 Use FIPS compliant algorithms ..." effects in Windows XP
 *                 and later: the setting is the DWORD FIPSAlgorithmPolicy
 *                 under HKLM\SYSTEM\CurrentControlSet\Control\Lsa on
 *                 Windows XP and Server 2003, and Enabled under
 *                 ...\Control\Lsa\FipsAlgorithmPolicy from Windows Vista on
 *                 (the key Microsoft's Azure Data Factory docs tell admins
 *                 to set to 0, create-self-hosted-integration-runtime.md).
 *
 * What stays available:
 *  [CS-VISTA]     MicrosoftDocs/win32 desktop-src/SecAuthN/schannel-cipher-
 *                 suites-in-windows-vista.md (commit 3c1fd9cf48, ms.date
 *                 06/26/2024), column "FIPS mode enabled": Yes for every
 *                 suite with AES or 3DES and SHA1 (RSA, DH and ECDH key
 *                 exchange), No for RC4, MD5, NULL and the SSL 2.0 suites.
 *  [CS-W7]        tls-cipher-suites-in-windows-7.md and every later suite
 *                 page (e.g. ...-windows-server-2022.md, 08/18/2025): the
 *                 FIPS column was dropped because ECDHE suites are FIPS-
 *                 compliant only with NIST curves; they send readers to
 *                 NIST SP 800-52 Rev. 2, section 3.3.1, whose approved
 *                 suites use AES (CBC, GCM, CCM) with SHA-1 or SHA-2 and no
 *                 ChaCha20. The rows below extend [CS-VISTA]'s rule to the
 *                 later ciphers and hashes on that basis.
 *  [CURVES-1607]  tls-elliptic-curves-in-windows-10-1607-and-later.md
 *                 (ms.date 06/10/2020), "Available in FIPS mode": NistP256,
 *                 NistP384, nistP521 Yes; curve25519, brainpool*, nistP192,
 *                 nistP224, secP* No.
 */
#include "fips.h"

#include "../core/common.h"

#include <string.h>

const cr_fips_row cr_fips_rows[] = {
  { CR_FIPS_CIPHER, "AES_", true, "[CS-VISTA] AES Yes; [CS-W7] GCM/CCM" },
  { CR_FIPS_CIPHER, "3DES_EDE", true, "[CS-VISTA] 3DES Yes" },
  { CR_FIPS_CIPHER, "RC4", false, "[CS-VISTA] RC4 No" },
  { CR_FIPS_CIPHER, "RC2", false, "[CS-VISTA] not among the Yes ciphers" },
  { CR_FIPS_CIPHER, "DES_", false, "[CS-VISTA] DES suites not FIPS" },
  { CR_FIPS_CIPHER, "DES40", false, "[CS-VISTA] export DES not FIPS" },
  { CR_FIPS_CIPHER, "NULL", false, "[CS-VISTA] NULL No" },
  { CR_FIPS_CIPHER, "CHACHA20", false, "[CS-W7] SP 800-52r2 3.3.1: not approved" },
  { CR_FIPS_HASH, "SHA", true, "[CS-VISTA] SHA1 Yes" },
  { CR_FIPS_HASH, "SHA256", true, "[CS-W7] SP 800-52r2 3.3.1" },
  { CR_FIPS_HASH, "SHA384", true, "[CS-W7] SP 800-52r2 3.3.1" },
  { CR_FIPS_HASH, "MD5", false, "[CS-VISTA] MD5 No" },
  { CR_FIPS_CURVE, "NistP256", true, "[CURVES-1607]" },
  { CR_FIPS_CURVE, "NistP384", true, "[CURVES-1607]" },
  { CR_FIPS_CURVE, "NistP521", true, "[CURVES-1607]" },
  { CR_FIPS_CURVE, "curve25519", false, "[CURVES-1607]" },
  { CR_FIPS_CURVE, "brainpoolP256r1", false, "[CURVES-1607]" },
  { CR_FIPS_CURVE, "brainpoolP384r1", false, "[CURVES-1607]" },
  { CR_FIPS_CURVE, "brainpoolP512r1", false, "[CURVES-1607]" },
  { CR_FIPS_CURVE, "nistP192", false, "[CURVES-1607]" },
  { CR_FIPS_CURVE, "nistP224", false, "[CURVES-1607]" },
};
const size_t cr_fips_row_count = sizeof cr_fips_rows / sizeof cr_fips_rows[0];

int cr_fips_allows(cr_fips_kind kind, const char *name)
{
  size_t i;
  if (!name)
    return -1;
  for (i = 0; i < cr_fips_row_count; i++) {
    const cr_fips_row *r = &cr_fips_rows[i];
    if (r->kind != kind)
      continue;
    if (kind == CR_FIPS_CIPHER ? strncmp(name, r->name, strlen(r->name)) == 0
                               : cr_stricmp(name, r->name) == 0)
      return r->allowed;
  }
  /* secP* curves: none is available ([CURVES-1607]). */
  if (kind == CR_FIPS_CURVE && cr_strnicmp(name, "secP", 4) == 0)
    return 0;
  return -1;
}
