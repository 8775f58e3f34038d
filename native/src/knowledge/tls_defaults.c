/*
 * tls_defaults.c - what Schannel does when nothing is configured: protocol
 * defaults per Windows version and role, the default cipher-suite lists,
 * and the builds that carry the DHE leading-zero fix (KB4557473).
 *
 * Sources (short names used in the rows). MicrosoftDocs/win32 pages were
 * read at that repository's HEAD 47e64c189d (2026-08-21); the commit given
 * is the last one that changed the page.
 *
 *  [SCH-PROTO] MicrosoftDocs/win32 desktop-src/SecAuthN/
 *              protocols-in-tls-ssl--schannel-ssp-.md, commit 508eb2ac53
 *              (ms.date 03/20/2025); learn.microsoft.com/windows/win32/
 *              secauthn/protocols-in-tls-ssl--schannel-ssp-. Three tables:
 *              "TLS protocol version support" (TLS 1.0-1.3, client and
 *              server), "DTLS protocol version support" and "Pre-TLS
 *              standard protocols support" (SSL2, SSL3), each cell Enabled,
 *              Disabled or Not supported. Also: "Beginning with Windows 10,
 *              version 1607 and Windows Server 2016, SSL 2.0 has been
 *              removed and is no longer supported." Server 2025 and Windows
 *              11 24H2 were added by commit b4c48cef06 (2024-11-15) with
 *              TLS 1.0 and 1.1 Enabled.
 *              Gaps, left unknown: the DTLS and pre-TLS tables have no row
 *              for Windows 10 1709, 21H2 or 22H2 (their SSL 3.0 and DTLS
 *              cells stay unknown; SSL 2.0 is Not supported by the sentence
 *              above); the TLS table names Windows 11 only up to 24H2, so
 *              TLS on any other Windows 11 build is unknown while its DTLS
 *              and SSL cells follow the tables' "Windows 11" rows.
 *  [TLS-DEPR]  MicrosoftDocs/win32 .../tls-10-11-deprecation-in-windows.md,
 *              commit 28ef9711dd (ms.date 03/14/2024): "Starting with
 *              Windows 11 Insiders Preview and Windows Server Insiders
 *              Preview releases in 2024, they [TLS 1.0 and 1.1] will be
 *              disabled by default. This change ... won't impact in-market
 *              Operating System versions." It names no build, so no row
 *              uses it: released builds follow [SCH-PROTO], and Insider
 *              builds match no row (unknown).
 *  [SQL-10054] MicrosoftDocs/SupportArticles-docs support/sql/
 *              database-engine/connect/tls-exist-connection-closed.md (the
 *              version with ms.date 05/21/2026) says TLS 1.0/1.1 are
 *              "Disabled by default on Windows 11, Windows Server 2022, and
 *              later". That contradicts [SCH-PROTO], which the same article
 *              names for "the current support state of TLS protocols on
 *              Windows"; the rows follow [SCH-PROTO].
 *  [CS-INDEX]  MicrosoftDocs/win32 .../cipher-suites-in-schannel.md, commit
 *              64f39000e1 (ms.date 11/13/2024): which page covers which OS,
 *              e.g. "Windows Server 2019 and Windows 10, version 1809",
 *              "Windows Server 2016 and Windows 10, version 1607", "Windows
 *              Server 2012 R2 and Windows 8.1", "Windows Server 2012 and
 *              Windows 8", "Windows Server 2008 R2 and Windows 7".
 *  Default cipher-suite pages, all MicrosoftDocs/win32 desktop-src/
 *  SecAuthN/, last changed in commit 85aabcb32e (2025-03-12) unless noted:
 *  [CS-W7]        tls-cipher-suites-in-windows-7.md (ms.date 06/26/2024).
 *                 The list is the one after update 3042058 ("Windows 7,
 *                 Windows 8, and Windows Server 2012 are updated by ... the
 *                 3042058 update which changes the priority order"):
 *                 assumed installed.
 *  [CS-W8]        tls-cipher-suites-in-windows-8.md (ms.date 06/26/2024),
 *                 same 3042058 assumption.
 *  [CS-W81]       tls-cipher-suites-in-windows-8-1.md (ms.date 06/26/2024):
 *                 "Windows 8.1 and Windows Server 2012 R2 are updated by ...
 *                 update 2919355 ... which adds the new cipher suites and
 *                 changes the priority order": assumed installed.
 *  [CS-1507]      tls-cipher-suites-in-windows-10--version-1507.md
 *                 (ms.date 09/05/2024).
 *  [CS-1511]      tls-cipher-suites-in-windows-10-v1511.md (05/31/2018).
 *  [CS-1607]      tls-cipher-suites-in-windows-10-v1607.md (06/26/2024):
 *                 "For Windows 10, version 1607 and Windows Server 2016".
 *  [CS-1703]      tls-cipher-suites-in-windows-10-v1703.md (06/26/2024).
 *  [CS-1709]      tls-cipher-suites-in-windows-10-v1709.md (06/26/2024;
 *                 carries a "pre-released product" disclaimer).
 *  [CS-1803]      tls-cipher-suites-in-windows-10-v1803.md (06/26/2024;
 *                 same disclaimer).
 *  [CS-1809]      tls-cipher-suites-in-windows-10-v1809.md (06/26/2024);
 *                 [CS-INDEX] assigns it to Windows Server 2019 too.
 *  [CS-1903]      tls-cipher-suites-in-windows-10-v1903.md (10/23/2024),
 *                 title "TLS Cipher Suites in Windows 10 v1903, v1909, and
 *                 v2004".
 *  [CS-20H2]      tls-cipher-suites-in-windows-10-v20H2.md (06/26/2024),
 *                 "Windows 10, version v20H2, v21H1, and v21H2".
 *  [CS-W10-22H2]  tls-cipher-suites-in-windows-10-v22H2.md (06/26/2024).
 *  [CS-W11]       tls-cipher-suites-in-windows-11.md (06/26/2024), "For
 *                 Windows 11"; [CS-INDEX] sends 22H2 and later to
 *                 [CS-W11-22H2], so this row is 21H2 only.
 *  [CS-W11-22H2]  tls-cipher-suites-in-windows-11-v22H2.md (11/13/2024),
 *                 "For Windows 11 v22H2 and later".
 *  [CS-WS2022]    tls-cipher-suites-in-windows-server-2022.md, commit
 *                 35fe790928 (ms.date 08/18/2025). Its note says 3DES and
 *                 the two TLS_DHE_RSA_*_GCM suites "are not enabled by
 *                 default in Windows Server 2022 23H2 and later": no source
 *                 here gives that release's build, so it has no row.
 *  [CS-WS2025]    tls-cipher-suites-in-windows-server-2025.md, commit
 *                 3630e3685e (ms.date 08/18/2025), "For Windows Server 2025
 *                 and later".
 *  Transcription: the first column of "the following cipher suites are
 *  enabled and in this priority order by default" goes to `enabled`, in
 *  order, names exactly as written (the _P256/_P384/_P521 curve suffixes
 *  of the pre-Windows 10 pages included). Entries the page marks "Only used
 *  when application explicitly requests" sit in that table and are kept,
 *  marked below; on every page they are the last entries. "Supported ...
 *  but not enabled by default" goes to `supported_not_enabled`, followed by
 *  the PSK table of the Windows 10 1607 and later pages: that table's
 *  heading says "enabled ... by default" but the note under it says "No PSK
 *  cipher suites are enabled by default. Applications need to request PSK
 *  using SCH_USE_PRESHAREDKEY_ONLY." The "Allowed by SCH_USE_STRONG_CRYPTO"
 *  and protocol-version columns are not transcribed.
 *  Not covered: Windows Vista / Server 2008 (schannel-cipher-suites-in-
 *  windows-vista.md lists TLS_RSA_WITH_NULL_MD5 and TLS_RSA_WITH_NULL_SHA
 *  both among the suites in "default order" and among those "not present by
 *  default", so it does not settle either list); XP / Server 2003.
 *
 *  [RELINFO]   Version to build: Windows release health "Windows 10 release
 *              information" and "Windows 11 release information"
 *              (learn.microsoft.com/windows/release-health/), headings of
 *              the form "Version 22H2 (OS build 19045)". Those pages are not
 *              in a public repository; read through quotations of them
 *              (Microsoft's AKS Edge Essentials docs link "client version
 *              22H2 (OS build 19045)" and "Server 2022 (OS build 20348)" to
 *              them; scripts that scrape them quote the other headings) and
 *              microsoft/CSS_SQL_Networking_Tools SQLCheck/SQLCheck/
 *              DriverInfo.cs (1507 10240, 1511 10586, 1607 14393, 1703
 *              15063, 1709 16299, 1803 17134, 1809 17763, 1903 18362, 1909
 *              18363, 2004 19041, 20H2 19042). 21H1 19043, 21H2 19044, 22H2
 *              19045; Windows 11 21H2 22000, 22H2 22621, 23H2 22631, 24H2
 *              26100. Servers as in os.c: 2016 14393, 2019 17763, 2022
 *              20348, 2025 26100. Builds of the Windows 10 releases that
 *              [SCH-PROTO] and the suite pages name only as client versions
 *              (1507, 1511, 1703, 1709, 1803, 1903-22H2) match workstations
 *              only; a server at those builds (a Semi-Annual Channel
 *              release) is not covered by any source read, so it is unknown.
 *
 *  [KB4557473] MicrosoftDocs/SupportArticles-docs support/windows-server/
 *              certificates-and-public-key-infrastructure-pki/
 *              apps-forcibly-closed-tls-connection-errors.md, commit
 *              6188eaf25c (ms.date 01/15/2025); the older copy under
 *              support/windows-server/identity/ (ms.date 09/21/2020) says
 *              the same. Contain the fix: "Windows Server 2016, version 1607
 *              - KB 4537806: February 25, 2020-KB4537806 (OS Build
 *              14393.3542) - KB 4540670: March 10, 2020-KB4540670 (OS Build
 *              14393.3564) - Updates that supersede KB4537806 and KB4540670";
 *              "Windows Server 2019 RTM and later versions"; "Windows 10,
 *              version 1511, and later versions of Windows 10". Don't: "Windows
 *              Server 2016, version 1607 servers that don't have the patches
 *              KB 4537806 and KB 4540670 applied", "Windows 10, version 1507",
 *              "Windows 8.1", "Windows 7", "Windows Server 2012 R2 and
 *              earlier versions of Windows Server". Its Cause section puts
 *              Windows 10 1607 with Server 2016 ("Window Server 2016 or
 *              Windows 10, version 1607 that has updates released on
 *              February 25, 2020, or later"), so build 14393 needs UBR 3542
 *              whatever the role.
 *  [SQLCHECK]  microsoft/CSS_SQL_Networking_Tools SQLCheck/SQLCheck/
 *              Collectors.cs at 9741b6519f (2025-02-07), "Diffie-Hellman
 *              Version": "if (majorVersion < 10) // versions before Windows
 *              10 have the old version"; on 10.0 a server below
 *              "10.0.14393.3542" has version 1, a client with ReleaseID
 *              below 1511 has version 1. (It treats a Windows 10 1607 client
 *              as fixed at any UBR; the rows follow [KB4557473] instead.)
 *              Every 10.0 build in Feb 2020 is settled by [KB4557473]
 *              without a UBR except 14393, so no other UBR is needed.
 */
#include "tls_defaults.h"

#include <limits.h>

#define ANY 0
#define WKS 1
#define SRV 2

/* Protocol defaults, short forms for the rows. */
#define E CR_PDEF_ENABLED
#define D CR_PDEF_DISABLED
#define NS CR_PDEF_NOT_SUPPORTED
#define U CR_PDEF_UNKNOWN

const char *const cr_tls_proto_key[CR_PROTO_COUNT] = {
  "SSL 2.0", "SSL 3.0", "TLS 1.0", "TLS 1.1", "TLS 1.2", "TLS 1.3",
  "DTLS 1.0", "DTLS 1.2"
};

const char *const cr_tls_proto_id[CR_PROTO_COUNT] = {
  "ssl2", "ssl3", "tls1.0", "tls1.1", "tls1.2", "tls1.3", "dtls1.0",
  "dtls1.2"
};

/*
 * Protocol defaults. First matching row wins, so narrower rows come first.
 * Each def row is { client }, { server }, in the order SSL 2.0, SSL 3.0,
 * TLS 1.0, TLS 1.1, TLS 1.2, TLS 1.3, DTLS 1.0, DTLS 1.2. [SCH-PROTO] gives
 * DTLS one value for client and server alike.
 */
#define ALL_10_LATER { NS, D, E, E, E, NS, E, E }  /* 1607 to 21H1 */
#define ALL_11 { NS, D, E, E, E, E, E, E }         /* 2022, Windows 11 */

const cr_proto_defaults_row cr_proto_defaults_rows[] = {
  { "Windows Server 2008 SP2", { 6, 0, 6002, 0, SRV },
    { { D, E, E, D, D, NS, NS, NS },
      { E, E, E, D, D, NS, NS, NS } },
    "[SCH-PROTO] rows \"Windows Server 2008 with Service Pack 2 (SP2)\"" },
  { "Windows Vista / Server 2008", { 6, 0, 0, 6001, ANY },
    { { D, E, E, NS, NS, NS, NS, NS },
      { E, E, E, NS, NS, NS, NS, NS } },
    "[SCH-PROTO] rows \"Windows Vista/Windows Server 2008\"" },
  { "Windows Vista", { 6, 0, 0, 0, WKS },
    { { D, E, E, NS, NS, NS, NS, NS },
      { E, E, E, NS, NS, NS, NS, NS } },
    "[SCH-PROTO] rows \"Windows Vista/Windows Server 2008\" (the SP2 row "
    "names Server 2008 only)" },
  { "Windows 7 / Server 2008 R2", { 6, 1, 0, 0, ANY },
    { { D, E, E, D, D, NS, E, NS },
      { E, E, E, D, D, NS, E, NS } },
    "[SCH-PROTO] rows \"Windows 7/Windows Server 2008 R2\"" },
  { "Windows 8 / Server 2012", { 6, 2, 0, 0, ANY },
    { { D, E, E, E, E, NS, E, NS },
      { D, E, E, E, E, NS, E, NS } },
    "[SCH-PROTO] rows \"Windows 8/Windows Server 2012\"" },
  { "Windows 8.1 / Server 2012 R2", { 6, 3, 0, 0, ANY },
    { { D, E, E, E, E, NS, E, NS },
      { D, E, E, E, E, NS, E, NS } },
    "[SCH-PROTO] rows \"Windows 8.1/Windows Server 2012 R2\"" },
  { "Windows 10 1507", { 10, 0, 10240, 10240, WKS },
    { { D, E, E, E, E, NS, E, NS },
      { D, E, E, E, E, NS, E, NS } },
    "[SCH-PROTO] rows \"Windows 10, version 1507\"; [RELINFO] build" },
  { "Windows 10 1511", { 10, 0, 10586, 10586, WKS },
    { { D, E, E, E, E, NS, E, NS },
      { D, E, E, E, E, NS, E, NS } },
    "[SCH-PROTO] rows \"Windows 10, version 1511\"; [RELINFO] build" },
  { "Windows 10 1607 / Server 2016", { 10, 0, 14393, 14393, ANY },
    { ALL_10_LATER, ALL_10_LATER },
    "[SCH-PROTO] rows \"Windows 10, version 1607/Windows Server 2016 "
    "Standard\"; [RELINFO] build" },
  { "Windows 10 1703", { 10, 0, 15063, 15063, WKS },
    { ALL_10_LATER, ALL_10_LATER },
    "[SCH-PROTO] rows \"Windows 10, version 1703\"; [RELINFO] build" },
  { "Windows 10 1709", { 10, 0, 16299, 16299, WKS },
    { { NS, U, E, E, E, NS, U, U },
      { NS, U, E, E, E, NS, U, U } },
    "[SCH-PROTO] TLS row \"Windows 10, version 1709\"; SSL 2.0 removed "
    "from 1607 on; no 1709 row in the DTLS and pre-TLS tables (unknown); "
    "[RELINFO] build" },
  { "Windows 10 1803", { 10, 0, 17134, 17134, WKS },
    { ALL_10_LATER, ALL_10_LATER },
    "[SCH-PROTO] rows \"Windows 10, version 1803\"; [RELINFO] build" },
  { "Windows 10 1809 / Server 2019", { 10, 0, 17763, 17763, ANY },
    { ALL_10_LATER, ALL_10_LATER },
    "[SCH-PROTO] rows \"Windows 10, version 1809/Windows Server 2019\"; "
    "[RELINFO] build" },
  { "Windows 10 1903 / 1909", { 10, 0, 18362, 18363, WKS },
    { ALL_10_LATER, ALL_10_LATER },
    "[SCH-PROTO] rows \"Windows 10, version 1903\" and \"version 1909\"; "
    "[RELINFO] builds" },
  { "Windows 10 2004 / 20H2 / 21H1", { 10, 0, 19041, 19043, WKS },
    { ALL_10_LATER, ALL_10_LATER },
    "[SCH-PROTO] rows \"Windows 10, version 2004\", \"20H2\", \"21H1\"; "
    "[RELINFO] builds" },
  { "Windows 10 21H2 / 22H2", { 10, 0, 19044, 19045, WKS },
    { { NS, U, E, E, E, NS, U, U },
      { NS, U, E, E, E, NS, U, U } },
    "[SCH-PROTO] TLS rows \"Windows 10, version 21H2\" and \"22H2\"; SSL "
    "2.0 removed from 1607 on; no 21H2/22H2 row in the DTLS and pre-TLS "
    "tables (unknown); [RELINFO] builds" },
  { "Windows Server 2022", { 10, 0, 20348, 20348, SRV },
    { ALL_11, ALL_11 },
    "[SCH-PROTO] rows \"Windows Server 2022\"; [RELINFO] build" },
  { "Windows 11 21H2", { 10, 0, 22000, 22000, WKS },
    { ALL_11, ALL_11 },
    "[SCH-PROTO] TLS row \"Windows 11, version 21H2\", DTLS and pre-TLS "
    "rows \"Windows 11\"; [RELINFO] build" },
  { "Windows 11 22H2", { 10, 0, 22621, 22621, WKS },
    { ALL_11, ALL_11 },
    "[SCH-PROTO] TLS row \"Windows 11, version 22H2\", DTLS and pre-TLS "
    "rows \"Windows 11\"; [RELINFO] build" },
  { "Windows 11 23H2", { 10, 0, 22631, 22631, WKS },
    { ALL_11, ALL_11 },
    "[SCH-PROTO] TLS row \"Windows 11, version 23H2\", DTLS and pre-TLS "
    "rows \"Windows 11\"; [RELINFO] build" },
  { "Windows 11 24H2", { 10, 0, 26100, 26100, WKS },
    { ALL_11, ALL_11 },
    "[SCH-PROTO] TLS row \"Windows 11, version 24H2\", DTLS and pre-TLS "
    "rows \"Windows 11\"; [RELINFO] build" },
  { "Windows Server 2025", { 10, 0, 26100, 26100, SRV },
    { ALL_11, ALL_11 },
    "[SCH-PROTO] rows \"Windows Server 2025\"; [RELINFO] build" },
  { "Windows 11 (other build)", { 10, 0, 22000, 0, WKS },
    { { NS, D, U, U, U, U, E, E },
      { NS, D, U, U, U, U, E, E } },
    "[SCH-PROTO] DTLS and pre-TLS rows \"Windows 11\"; SSL 2.0 removed "
    "from 1607 on; the TLS table names no other Windows 11 build (unknown; "
    "[TLS-DEPR] for Insider builds)" },
};
const size_t cr_proto_defaults_row_count =
  sizeof cr_proto_defaults_rows / sizeof cr_proto_defaults_rows[0];

/*
 * Default cipher suites, transcribed from the pages named in each comment.
 */
/* [CS-W7] and [CS-W81]: the two pages list the same suites in the same order */
static const char *const w7_w81_enabled[] = {
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P256",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P384",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256_P256",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256_P384",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA_P256",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA_P384",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA_P256",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA_P384",
  "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
  "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
  "TLS_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_RSA_WITH_AES_256_CBC_SHA256",
  "TLS_RSA_WITH_AES_128_CBC_SHA256",
  "TLS_RSA_WITH_AES_256_CBC_SHA",
  "TLS_RSA_WITH_AES_128_CBC_SHA",
  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384_P384",
  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256_P256",
  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256_P384",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384_P384",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256_P256",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256_P384",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA_P256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA_P384",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA_P256",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA_P384",
  "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256",
  "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256",
  "TLS_DHE_DSS_WITH_AES_256_CBC_SHA",
  "TLS_DHE_DSS_WITH_AES_128_CBC_SHA",
  "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
  "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA",
  "TLS_RSA_WITH_RC4_128_SHA",
  "TLS_RSA_WITH_RC4_128_MD5",
  "TLS_RSA_WITH_NULL_SHA256",  /* explicit request only */
  "TLS_RSA_WITH_NULL_SHA",  /* explicit request only */
  "SSL_CK_RC4_128_WITH_MD5",  /* explicit request only */
  "SSL_CK_DES_192_EDE3_CBC_WITH_MD5",  /* explicit request only */
};

/* [CS-W7], [CS-W8] and [CS-W81]: same list on all three pages */
static const char *const w7_w8_w81_supported[] = {
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P521",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256_P521",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA_P521",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA_P521",
  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384_P521",
  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256_P521",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384_P521",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256_P521",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA_P521",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA_P521",
  "TLS_RSA_WITH_DES_CBC_SHA",
  "TLS_RSA_EXPORT1024_WITH_RC4_56_SHA",
  "TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA",
  "TLS_RSA_EXPORT_WITH_RC4_40_MD5",
  "TLS_RSA_WITH_NULL_MD5",
  "TLS_DHE_DSS_WITH_DES_CBC_SHA",
  "TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA",
  "SSL_CK_DES_64_CBC_WITH_MD5",
  "SSL_CK_RC4_128_EXPORT40_WITH_MD5",
};

/* [CS-W8] */
static const char *const w8_enabled[] = {
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P256",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P384",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256_P256",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256_P384",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA_P256",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA_P384",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA_P256",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA_P384",
  "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_RSA_WITH_AES_256_CBC_SHA256",
  "TLS_RSA_WITH_AES_128_CBC_SHA256",
  "TLS_RSA_WITH_AES_256_CBC_SHA",
  "TLS_RSA_WITH_AES_128_CBC_SHA",
  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384_P384",
  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256_P256",
  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256_P384",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384_P384",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256_P256",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256_P384",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA_P256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA_P384",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA_P256",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA_P384",
  "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256",
  "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256",
  "TLS_DHE_DSS_WITH_AES_256_CBC_SHA",
  "TLS_DHE_DSS_WITH_AES_128_CBC_SHA",
  "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
  "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA",
  "TLS_RSA_WITH_RC4_128_SHA",
  "TLS_RSA_WITH_RC4_128_MD5",
  "TLS_RSA_WITH_NULL_SHA256",  /* explicit request only */
  "TLS_RSA_WITH_NULL_SHA",  /* explicit request only */
  "SSL_CK_RC4_128_WITH_MD5",  /* explicit request only */
  "SSL_CK_DES_192_EDE3_CBC_WITH_MD5",  /* explicit request only */
};

/* [CS-1507] */
static const char *const w10_1507_enabled[] = {
  "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
  "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
  "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
  "TLS_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_RSA_WITH_AES_256_CBC_SHA256",
  "TLS_RSA_WITH_AES_128_CBC_SHA256",
  "TLS_RSA_WITH_AES_256_CBC_SHA",
  "TLS_RSA_WITH_AES_128_CBC_SHA",
  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
  "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256",
  "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256",
  "TLS_DHE_DSS_WITH_AES_256_CBC_SHA",
  "TLS_DHE_DSS_WITH_AES_128_CBC_SHA",
  "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
  "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA",
  "TLS_RSA_WITH_RC4_128_SHA",
  "TLS_RSA_WITH_RC4_128_MD5",
  "TLS_RSA_WITH_NULL_SHA256",  /* explicit request only */
  "TLS_RSA_WITH_NULL_SHA",  /* explicit request only */
  "SSL_CK_RC4_128_WITH_MD5",  /* explicit request only */
  "SSL_CK_DES_192_EDE3_CBC_WITH_MD5",  /* explicit request only */
};

/* [CS-1507] and [CS-1511]: same list */
static const char *const w10_1507_1511_supported[] = {
  "TLS_RSA_WITH_DES_CBC_SHA",
  "TLS_RSA_EXPORT1024_WITH_RC4_56_SHA",
  "TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA",
  "TLS_RSA_EXPORT_WITH_RC4_40_MD5",
  "TLS_RSA_WITH_NULL_MD5",
  "TLS_DHE_DSS_WITH_DES_CBC_SHA",
  "TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA",
  "SSL_CK_DES_64_CBC_WITH_MD5",
  "SSL_CK_RC4_128_EXPORT40_WITH_MD5",
};

/* [CS-1511] */
static const char *const w10_1511_enabled[] = {
  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
  "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
  "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
  "TLS_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_RSA_WITH_AES_256_CBC_SHA256",
  "TLS_RSA_WITH_AES_128_CBC_SHA256",
  "TLS_RSA_WITH_AES_256_CBC_SHA",
  "TLS_RSA_WITH_AES_128_CBC_SHA",
  "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
  "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256",
  "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256",
  "TLS_DHE_DSS_WITH_AES_256_CBC_SHA",
  "TLS_DHE_DSS_WITH_AES_128_CBC_SHA",
  "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA",
  "TLS_RSA_WITH_RC4_128_SHA",
  "TLS_RSA_WITH_RC4_128_MD5",
  "TLS_RSA_WITH_NULL_SHA256",  /* explicit request only */
  "TLS_RSA_WITH_NULL_SHA",  /* explicit request only */
  "SSL_CK_DES_192_EDE3_CBC_WITH_MD5",  /* explicit request only */
  "SSL_CK_RC4_128_WITH_MD5",  /* explicit request only */
};

/* [CS-1607] */
static const char *const w10_1607_enabled[] = {
  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
  "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
  "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
  "TLS_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_RSA_WITH_AES_256_CBC_SHA256",
  "TLS_RSA_WITH_AES_128_CBC_SHA256",
  "TLS_RSA_WITH_AES_256_CBC_SHA",
  "TLS_RSA_WITH_AES_128_CBC_SHA",
  "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
  "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256",
  "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256",
  "TLS_DHE_DSS_WITH_AES_256_CBC_SHA",
  "TLS_DHE_DSS_WITH_AES_128_CBC_SHA",
  "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA",
  "TLS_RSA_WITH_RC4_128_SHA",
  "TLS_RSA_WITH_RC4_128_MD5",
  "TLS_RSA_WITH_NULL_SHA256",  /* explicit request only */
  "TLS_RSA_WITH_NULL_SHA",  /* explicit request only */
};

/* [CS-1607] */
static const char *const w10_1607_supported[] = {
  "TLS_RSA_WITH_DES_CBC_SHA",
  "TLS_RSA_EXPORT1024_WITH_RC4_56_SHA",
  "TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA",
  "TLS_RSA_EXPORT_WITH_RC4_40_MD5",
  "TLS_RSA_WITH_NULL_MD5",
  "TLS_DHE_DSS_WITH_DES_CBC_SHA",
  "TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA",
  /* the PSK table; its NOTE: no PSK suite is enabled by default */
  "TLS_PSK_WITH_AES_256_GCM_SHA384",
  "TLS_PSK_WITH_AES_128_GCM_SHA256",
  "TLS_PSK_WITH_AES_256_CBC_SHA384",
  "TLS_PSK_WITH_AES_128_CBC_SHA256",
  "TLS_PSK_WITH_NULL_SHA384",
  "TLS_PSK_WITH_NULL_SHA256",
};

/* [CS-1703] */
static const char *const w10_1703_enabled[] = {
  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
  "TLS_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_RSA_WITH_AES_256_CBC_SHA256",
  "TLS_RSA_WITH_AES_128_CBC_SHA256",
  "TLS_RSA_WITH_AES_256_CBC_SHA",
  "TLS_RSA_WITH_AES_128_CBC_SHA",
  "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
  "TLS_RSA_WITH_RC4_128_SHA",
  "TLS_RSA_WITH_RC4_128_MD5",
  "TLS_RSA_WITH_NULL_SHA256",  /* explicit request only */
  "TLS_RSA_WITH_NULL_SHA",  /* explicit request only */
};

/* [CS-1703] */
static const char *const w10_1703_supported[] = {
  "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
  "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
  "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256",
  "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256",
  "TLS_DHE_DSS_WITH_AES_256_CBC_SHA",
  "TLS_DHE_DSS_WITH_AES_128_CBC_SHA",
  "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA",
  "TLS_RSA_WITH_DES_CBC_SHA",
  "TLS_DHE_DSS_WITH_DES_CBC_SHA",
  "TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA",
  "TLS_RSA_WITH_NULL_MD5",
  "TLS_RSA_EXPORT1024_WITH_RC4_56_SHA",
  "TLS_RSA_EXPORT_WITH_RC4_40_MD5",
  "TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA",
  /* the PSK table; its NOTE: no PSK suite is enabled by default */
  "TLS_PSK_WITH_AES_256_GCM_SHA384",
  "TLS_PSK_WITH_AES_128_GCM_SHA256",
  "TLS_PSK_WITH_AES_256_CBC_SHA384",
  "TLS_PSK_WITH_AES_128_CBC_SHA256",
  "TLS_PSK_WITH_NULL_SHA384",
  "TLS_PSK_WITH_NULL_SHA256",
};

/* [CS-1709], [CS-1803], [CS-1809], [CS-1903] and [CS-20H2]: same list on
 * all five pages */
static const char *const w10_1709_21h2_enabled[] = {
  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
  "TLS_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_RSA_WITH_AES_256_CBC_SHA256",
  "TLS_RSA_WITH_AES_128_CBC_SHA256",
  "TLS_RSA_WITH_AES_256_CBC_SHA",
  "TLS_RSA_WITH_AES_128_CBC_SHA",
  "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
  "TLS_RSA_WITH_NULL_SHA256",  /* explicit request only */
  "TLS_RSA_WITH_NULL_SHA",  /* explicit request only */
};

/* [CS-1709], [CS-1803], [CS-1809], [CS-1903] and [CS-20H2]: same list */
static const char *const w10_1709_21h2_supported[] = {
  "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
  "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
  "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256",
  "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256",
  "TLS_DHE_DSS_WITH_AES_256_CBC_SHA",
  "TLS_DHE_DSS_WITH_AES_128_CBC_SHA",
  "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA",
  "TLS_RSA_WITH_RC4_128_SHA",
  "TLS_RSA_WITH_RC4_128_MD5",
  "TLS_RSA_WITH_DES_CBC_SHA",
  "TLS_DHE_DSS_WITH_DES_CBC_SHA",
  "TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA",
  "TLS_RSA_WITH_NULL_MD5",
  "TLS_RSA_EXPORT1024_WITH_RC4_56_SHA",
  "TLS_RSA_EXPORT_WITH_RC4_40_MD5",
  "TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA",
  /* the PSK table; its NOTE: no PSK suite is enabled by default */
  "TLS_PSK_WITH_AES_256_GCM_SHA384",
  "TLS_PSK_WITH_AES_128_GCM_SHA256",
  "TLS_PSK_WITH_AES_256_CBC_SHA384",
  "TLS_PSK_WITH_AES_128_CBC_SHA256",
  "TLS_PSK_WITH_NULL_SHA384",
  "TLS_PSK_WITH_NULL_SHA256",
};

/* [CS-W10-22H2] */
static const char *const w10_22h2_enabled[] = {
  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
  "TLS_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_RSA_WITH_AES_256_CBC_SHA256",
  "TLS_RSA_WITH_AES_128_CBC_SHA256",
  "TLS_RSA_WITH_AES_256_CBC_SHA",
  "TLS_RSA_WITH_AES_128_CBC_SHA",
  "TLS_RSA_WITH_NULL_SHA256",  /* explicit request only */
  "TLS_RSA_WITH_NULL_SHA",  /* explicit request only */
};

/* [CS-W10-22H2] */
static const char *const w10_22h2_supported[] = {
  "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
  "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
  "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
  "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256",
  "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256",
  "TLS_DHE_DSS_WITH_AES_256_CBC_SHA",
  "TLS_DHE_DSS_WITH_AES_128_CBC_SHA",
  "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA",
  "TLS_RSA_WITH_RC4_128_SHA",
  "TLS_RSA_WITH_RC4_128_MD5",
  "TLS_RSA_WITH_DES_CBC_SHA",
  "TLS_DHE_DSS_WITH_DES_CBC_SHA",
  "TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA",
  "TLS_RSA_WITH_NULL_MD5",
  "TLS_RSA_EXPORT1024_WITH_RC4_56_SHA",
  "TLS_RSA_EXPORT_WITH_RC4_40_MD5",
  "TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA",
  /* the PSK table; its NOTE: no PSK suite is enabled by default */
  "TLS_PSK_WITH_AES_256_GCM_SHA384",
  "TLS_PSK_WITH_AES_128_GCM_SHA256",
  "TLS_PSK_WITH_AES_256_CBC_SHA384",
  "TLS_PSK_WITH_AES_128_CBC_SHA256",
  "TLS_PSK_WITH_NULL_SHA384",
  "TLS_PSK_WITH_NULL_SHA256",
};

/* [CS-W11] and [CS-WS2022]: same list on both pages */
static const char *const w11_ws2022_enabled[] = {
  "TLS_AES_256_GCM_SHA384",
  "TLS_AES_128_GCM_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
  "TLS_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_RSA_WITH_AES_256_CBC_SHA256",
  "TLS_RSA_WITH_AES_128_CBC_SHA256",
  "TLS_RSA_WITH_AES_256_CBC_SHA",
  "TLS_RSA_WITH_AES_128_CBC_SHA",
  "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
  "TLS_RSA_WITH_NULL_SHA256",  /* explicit request only */
  "TLS_RSA_WITH_NULL_SHA",  /* explicit request only */
};

/* [CS-W11] and [CS-WS2022]: same list */
static const char *const w11_ws2022_supported[] = {
  "TLS_CHACHA20_POLY1305_SHA256",
  "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
  "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
  "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256",
  "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256",
  "TLS_DHE_DSS_WITH_AES_256_CBC_SHA",
  "TLS_DHE_DSS_WITH_AES_128_CBC_SHA",
  "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA",
  "TLS_RSA_WITH_RC4_128_SHA",
  "TLS_RSA_WITH_RC4_128_MD5",
  "TLS_RSA_WITH_DES_CBC_SHA",
  "TLS_DHE_DSS_WITH_DES_CBC_SHA",
  "TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA",
  "TLS_RSA_WITH_NULL_MD5",
  "TLS_RSA_EXPORT1024_WITH_RC4_56_SHA",
  "TLS_RSA_EXPORT_WITH_RC4_40_MD5",
  "TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA",
  /* the PSK table; its NOTE: no PSK suite is enabled by default */
  "TLS_PSK_WITH_AES_256_GCM_SHA384",
  "TLS_PSK_WITH_AES_128_GCM_SHA256",
  "TLS_PSK_WITH_AES_256_CBC_SHA384",
  "TLS_PSK_WITH_AES_128_CBC_SHA256",
  "TLS_PSK_WITH_NULL_SHA384",
  "TLS_PSK_WITH_NULL_SHA256",
};

/* [CS-W11-22H2] and [CS-WS2025]: same list on both pages */
static const char *const w11_22h2_ws2025_enabled[] = {
  "TLS_AES_256_GCM_SHA384",
  "TLS_AES_128_GCM_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
  "TLS_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_RSA_WITH_AES_256_CBC_SHA256",
  "TLS_RSA_WITH_AES_128_CBC_SHA256",
  "TLS_RSA_WITH_AES_256_CBC_SHA",
  "TLS_RSA_WITH_AES_128_CBC_SHA",
  "TLS_RSA_WITH_NULL_SHA256",  /* explicit request only */
  "TLS_RSA_WITH_NULL_SHA",  /* explicit request only */
};

/* [CS-W11-22H2] and [CS-WS2025]: same list */
static const char *const w11_22h2_ws2025_supported[] = {
  "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
  "TLS_CHACHA20_POLY1305_SHA256",
  "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
  "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
  "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256",
  "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256",
  "TLS_DHE_DSS_WITH_AES_256_CBC_SHA",
  "TLS_DHE_DSS_WITH_AES_128_CBC_SHA",
  "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA",
  "TLS_RSA_WITH_RC4_128_SHA",
  "TLS_RSA_WITH_RC4_128_MD5",
  "TLS_RSA_WITH_DES_CBC_SHA",
  "TLS_DHE_DSS_WITH_DES_CBC_SHA",
  "TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA",
  "TLS_RSA_WITH_NULL_MD5",
  "TLS_RSA_EXPORT1024_WITH_RC4_56_SHA",
  "TLS_RSA_EXPORT_WITH_RC4_40_MD5",
  "TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA",
  /* the PSK table; its NOTE: no PSK suite is enabled by default */
  "TLS_PSK_WITH_AES_256_GCM_SHA384",
  "TLS_PSK_WITH_AES_128_GCM_SHA256",
  "TLS_PSK_WITH_AES_256_CBC_SHA384",
  "TLS_PSK_WITH_AES_128_CBC_SHA256",
  "TLS_PSK_WITH_NULL_SHA384",
  "TLS_PSK_WITH_NULL_SHA256",
};

#define LIST(a) a, sizeof a / sizeof a[0]

/* First matching row wins. */
const cr_default_suites_row cr_default_suites_rows[] = {
  { "Windows 7 / Server 2008 R2", { 6, 1, 0, 0, ANY },
    LIST(w7_w81_enabled), LIST(w7_w8_w81_supported),
    "[CS-W7] (update 3042058 assumed); [CS-INDEX]" },
  { "Windows 8 / Server 2012", { 6, 2, 0, 0, ANY },
    LIST(w8_enabled), LIST(w7_w8_w81_supported),
    "[CS-W8] (update 3042058 assumed); [CS-INDEX]" },
  { "Windows 8.1 / Server 2012 R2", { 6, 3, 0, 0, ANY },
    LIST(w7_w81_enabled), LIST(w7_w8_w81_supported),
    "[CS-W81] (update 2919355 assumed); [CS-INDEX]" },
  { "Windows 10 1507", { 10, 0, 10240, 10240, WKS },
    LIST(w10_1507_enabled), LIST(w10_1507_1511_supported),
    "[CS-1507]; [RELINFO] build" },
  { "Windows 10 1511", { 10, 0, 10586, 10586, WKS },
    LIST(w10_1511_enabled), LIST(w10_1507_1511_supported),
    "[CS-1511]; [RELINFO] build" },
  { "Windows 10 1607 / Server 2016", { 10, 0, 14393, 14393, ANY },
    LIST(w10_1607_enabled), LIST(w10_1607_supported),
    "[CS-1607]; [CS-INDEX]; [RELINFO] build" },
  { "Windows 10 1703", { 10, 0, 15063, 15063, WKS },
    LIST(w10_1703_enabled), LIST(w10_1703_supported),
    "[CS-1703]; [RELINFO] build" },
  { "Windows 10 1709", { 10, 0, 16299, 16299, WKS },
    LIST(w10_1709_21h2_enabled), LIST(w10_1709_21h2_supported),
    "[CS-1709]; [RELINFO] build" },
  { "Windows 10 1803", { 10, 0, 17134, 17134, WKS },
    LIST(w10_1709_21h2_enabled), LIST(w10_1709_21h2_supported),
    "[CS-1803]; [RELINFO] build" },
  { "Windows 10 1809 / Server 2019", { 10, 0, 17763, 17763, ANY },
    LIST(w10_1709_21h2_enabled), LIST(w10_1709_21h2_supported),
    "[CS-1809]; [CS-INDEX]; [RELINFO] build" },
  { "Windows 10 1903 / 1909", { 10, 0, 18362, 18363, WKS },
    LIST(w10_1709_21h2_enabled), LIST(w10_1709_21h2_supported),
    "[CS-1903]; [RELINFO] builds" },
  { "Windows 10 2004", { 10, 0, 19041, 19041, WKS },
    LIST(w10_1709_21h2_enabled), LIST(w10_1709_21h2_supported),
    "[CS-1903]; [RELINFO] build" },
  { "Windows 10 20H2 / 21H1 / 21H2", { 10, 0, 19042, 19044, WKS },
    LIST(w10_1709_21h2_enabled), LIST(w10_1709_21h2_supported),
    "[CS-20H2]; [RELINFO] builds" },
  { "Windows 10 22H2", { 10, 0, 19045, 19045, WKS },
    LIST(w10_22h2_enabled), LIST(w10_22h2_supported),
    "[CS-W10-22H2]; [RELINFO] build" },
  { "Windows Server 2022", { 10, 0, 20348, 20348, SRV },
    LIST(w11_ws2022_enabled), LIST(w11_ws2022_supported),
    "[CS-WS2022]; [RELINFO] build" },
  { "Windows 11 21H2", { 10, 0, 22000, 22000, WKS },
    LIST(w11_ws2022_enabled), LIST(w11_ws2022_supported),
    "[CS-W11]; [CS-INDEX]; [RELINFO] build" },
  { "Windows 11 22H2 and later", { 10, 0, 22621, 0, WKS },
    LIST(w11_22h2_ws2025_enabled), LIST(w11_22h2_ws2025_supported),
    "[CS-W11-22H2]; [RELINFO] build" },
  { "Windows Server 2025 and later", { 10, 0, 26100, 0, SRV },
    LIST(w11_22h2_ws2025_enabled), LIST(w11_22h2_ws2025_supported),
    "[CS-WS2025]; [RELINFO] build" },
};
const size_t cr_default_suites_row_count =
  sizeof cr_default_suites_rows / sizeof cr_default_suites_rows[0];

/*
 * The DHE leading-zero fix. `build` is exact; 0 stands for every build of
 * that major.minor. NO_FIX as fixed_ubr: no update of that build carries the
 * fix (no UBR reaches it). A 10.0 build that has no row of its own and is
 * later than 17763 takes the 17763 row: [KB4557473] "Windows Server 2019
 * RTM and later versions", "version 1511, and later versions of Windows 10".
 */
#define NO_FIX UINT_MAX
#define LATER_THAN 17763u

const cr_dhe_fix_row cr_dhe_fix_rows[] = {
  { "Windows 10 1507", 10, 0, 10240, false, NO_FIX,
    "[KB4557473] \"Windows 10, version 1507\" lacks it; [SQLCHECK] client "
    "ReleaseID < 1511; [RELINFO] build" },
  { "Windows 10 1511", 10, 0, 10586, true, 0,
    "[KB4557473] \"Windows 10, version 1511, and later\"; [RELINFO] build" },
  { "Windows 10 1607 / Server 2016", 10, 0, 14393, false, 3542,
    "[KB4557473] KB4537806 (OS Build 14393.3542, February 25, 2020), "
    "KB4540670 (14393.3564) and later; [SQLCHECK] server < "
    "10.0.14393.3542; [RELINFO] build" },
  { "Windows 10 1703", 10, 0, 15063, true, 0,
    "[KB4557473] \"version 1511, and later versions of Windows 10\"; "
    "[RELINFO] build" },
  { "Windows 10 1709", 10, 0, 16299, true, 0,
    "[KB4557473] \"version 1511, and later versions of Windows 10\"; "
    "[RELINFO] build" },
  { "Windows 10 1803", 10, 0, 17134, true, 0,
    "[KB4557473] \"version 1511, and later versions of Windows 10\"; "
    "[RELINFO] build" },
  { "Windows 10 1809 / Server 2019 and later", 10, 0, 17763, true, 0,
    "[KB4557473] \"Windows Server 2019 RTM and later versions\", \"version "
    "1511, and later versions of Windows 10\"; [RELINFO] build" },
  { "Windows 10 1903", 10, 0, 18362, true, 0,
    "[KB4557473] \"version 1511, and later versions of Windows 10\"; "
    "[RELINFO] build" },
  { "Windows 10 1909", 10, 0, 18363, true, 0,
    "[KB4557473] \"version 1511, and later versions of Windows 10\"; "
    "[RELINFO] build" },
  { "Windows 10 2004", 10, 0, 19041, true, 0,
    "[KB4557473] later versions; released after February 2020; [RELINFO]" },
  { "Windows 10 20H2", 10, 0, 19042, true, 0,
    "[KB4557473] later versions; released after February 2020; [RELINFO]" },
  { "Windows 10 21H1", 10, 0, 19043, true, 0,
    "[KB4557473] later versions; released after February 2020; [RELINFO]" },
  { "Windows 10 21H2", 10, 0, 19044, true, 0,
    "[KB4557473] later versions; released after February 2020; [RELINFO]" },
  { "Windows 10 22H2", 10, 0, 19045, true, 0,
    "[KB4557473] later versions; released after February 2020; [RELINFO]" },
  { "Windows Server 2022", 10, 0, 20348, true, 0,
    "[KB4557473] \"Windows Server 2019 RTM and later versions\"; "
    "[RELINFO]" },
  { "Windows 11 21H2", 10, 0, 22000, true, 0,
    "[KB4557473] later versions; released after February 2020; [RELINFO]" },
  { "Windows 11 22H2", 10, 0, 22621, true, 0,
    "[KB4557473] later versions; released after February 2020; [RELINFO]" },
  { "Windows 11 23H2", 10, 0, 22631, true, 0,
    "[KB4557473] later versions; released after February 2020; [RELINFO]" },
  { "Windows 11 24H2 / Server 2025", 10, 0, 26100, true, 0,
    "[KB4557473] later versions; released after February 2020; [RELINFO]" },
  { "Windows 8.1 / Server 2012 R2", 6, 3, 0, false, NO_FIX,
    "[KB4557473] \"Windows 8.1\", \"Windows Server 2012 R2 and earlier\" "
    "lack it; [SQLCHECK] major < 10" },
  { "Windows 8 / Server 2012", 6, 2, 0, false, NO_FIX,
    "[KB4557473] \"Windows Server 2012 R2 and earlier versions of Windows "
    "Server\"; [SQLCHECK] major < 10" },
  { "Windows 7 / Server 2008 R2", 6, 1, 0, false, NO_FIX,
    "[KB4557473] \"Windows 7\", \"Windows Server 2012 R2 and earlier\"; "
    "[SQLCHECK] major < 10" },
  { "Windows Vista / Server 2008", 6, 0, 0, false, NO_FIX,
    "[KB4557473] \"Windows Server 2012 R2 and earlier versions of Windows "
    "Server\"; [SQLCHECK] major < 10" },
  { "Windows XP x64 / Server 2003", 5, 2, 0, false, NO_FIX,
    "[KB4557473] \"Windows Server 2012 R2 and earlier versions of Windows "
    "Server\"; [SQLCHECK] major < 10" },
  { "Windows XP", 5, 1, 0, false, NO_FIX, "[SQLCHECK] major < 10" },
  { "Windows 2000", 5, 0, 0, false, NO_FIX,
    "[KB4557473] \"Windows Server 2012 R2 and earlier versions of Windows "
    "Server\"; [SQLCHECK] major < 10" },
};
const size_t cr_dhe_fix_row_count =
  sizeof cr_dhe_fix_rows / sizeof cr_dhe_fix_rows[0];

static bool os_matches(const cr_os_match *m, const cr_os *os)
{
  if (!os->known || os->major != m->major || os->minor != m->minor)
    return false;
  if (m->build_min || m->build_max) {
    if (os->build == 0)
      return false; /* a build range cannot claim an unknown build */
    if (m->build_min && os->build < m->build_min)
      return false;
    if (m->build_max && os->build > m->build_max)
      return false;
  }
  if (m->role == WKS && os->role != CR_ROLE_WORKSTATION)
    return false;
  if (m->role == SRV && !cr_os_is_server(os))
    return false;
  return true;
}

const cr_proto_defaults_row *cr_tls_proto_defaults(const cr_os *os)
{
  size_t i;
  if (!os)
    return NULL;
  for (i = 0; i < cr_proto_defaults_row_count; i++)
    if (os_matches(&cr_proto_defaults_rows[i].os, os))
      return &cr_proto_defaults_rows[i];
  return NULL;
}

const cr_default_suites_row *cr_tls_default_suites(const cr_os *os)
{
  size_t i;
  if (!os)
    return NULL;
  for (i = 0; i < cr_default_suites_row_count; i++)
    if (os_matches(&cr_default_suites_rows[i].os, os))
      return &cr_default_suites_rows[i];
  return NULL;
}

static const cr_dhe_fix_row *dhe_row(unsigned major, unsigned minor,
                                     unsigned build)
{
  size_t i;
  for (i = 0; i < cr_dhe_fix_row_count; i++) {
    const cr_dhe_fix_row *r = &cr_dhe_fix_rows[i];
    if (r->major == major && r->minor == minor &&
        (r->build == 0 || r->build == build))
      return r;
  }
  return NULL;
}

cr_dhe_fix_state cr_tls_dhe_fix(const cr_os *os, const cr_dhe_fix_row **row)
{
  const cr_dhe_fix_row *r = NULL;
  cr_dhe_fix_state st = CR_DHE_FIX_UNKNOWN;
  if (os && os->known) {
    if (os->major == 10 && os->minor == 0 && os->build == 0)
      r = NULL; /* 10.0 rows are per build */
    else
      r = dhe_row(os->major, os->minor, os->build);
    if (!r && os->major == 10 && os->minor == 0 && os->build > LATER_THAN)
      r = dhe_row(10, 0, LATER_THAN);
  }
  if (r) {
    if (r->fixed_in_release)
      st = CR_DHE_FIX_PRESENT;
    else if (r->fixed_ubr == NO_FIX)
      st = CR_DHE_FIX_MISSING;
    else if (os->has_ubr)
      st = os->ubr >= r->fixed_ubr ? CR_DHE_FIX_PRESENT : CR_DHE_FIX_MISSING;
  }
  if (row)
    *row = r;
  return st;
}
