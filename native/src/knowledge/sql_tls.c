/*
 * sql_tls.c - SQL Server TLS knowledge tables.
 *
 * Sources (short names used below):
 *  [KB3135244] "TLS 1.2 support for Microsoft SQL Server" (original KB
 *              3135244), MicrosoftDocs/SupportArticles-docs
 *              support/sql/database-engine/connect/
 *              tls-1-2-support-microsoft-sql-server.md at commit 0cc387e0
 *              (ms.date 10/18/2023): the table "Initial build/release that
 *              supported TLS 1.2" per branch; "Builds that are later than
 *              those listed in this table also support TLS 1.2"; "TLS 1.2
 *              support is also available in 2014 SP2 and 2014 SP3" and
 *              "in 2012 SP4"; "SQL Server 2016, SQL Server 2017, and SQL
 *              Server 2019 support TLS 1.2 without the need for an
 *              update"; "TLS 1.2 support is offered only for SQL Server
 *              2008 and later versions". The 2008 SP3 and 2008 R2 SP2
 *              updates are for IA-64 only.
 *  [DRIVERINFO] SQLCheck DriverInfo.cs, microsoft/CSS_SQL_Networking_Tools
 *              SQLCheck/SQLCheck/DriverInfo.cs at commit 9741b651 (MIT):
 *              per-driver "MinTLS12Version" (file version), and for
 *              SQLOLEDB and {SQL Server} the Windows builds whose
 *              December/October 2020 updates added TLS 1.2.
 *  [VERSIONS]  Major version -> product. 10.0 = 2008, 10.50 = 2008 R2,
 *              11 = 2012, 12 = 2014 are settled by [KB3135244]'s build
 *              numbers; 13 = 2016, 14 = 2017, 15 = 2019, 16 = 2022,
 *              17 = 2025 follow KB321185 ("How to determine the version,
 *              edition, and update level of SQL Server"), which this table
 *              cites but was not re-read when it was written.
 *
 * Not settled by any source found (reported as unknown): which servicing
 * branch (GDR or CU) a build between the two thresholds of one service
 * pack belongs to; the build of each service pack's release (the check
 * uses the instance's Setup\SP value instead); where a driver's file
 * version is recorded in the registry (SQLCheck reads the DLL's version
 * resource, which a snapshot does not hold); SQLOLEDB and {SQL Server} on
 * Windows 8.1 / Server 2012 R2 (SQLCheck's comment leaves it open).
 */
#include "sql_tls.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/common.h"

const char *cr_tri_name(cr_tri t)
{
  switch (t) {
  case CR_TRI_YES: return "yes";
  case CR_TRI_NO: return "no";
  default: return "unknown";
  }
}

const char *cr_sql_product_name(unsigned major)
{
  switch (major) {
  case 9: return "SQL Server 2005";     /* [VERSIONS] */
  case 10: return "SQL Server 2008";    /* 10.50 is 2008 R2: see callers */
  case 11: return "SQL Server 2012";
  case 12: return "SQL Server 2014";
  case 13: return "SQL Server 2016";
  case 14: return "SQL Server 2017";
  case 15: return "SQL Server 2019";
  case 16: return "SQL Server 2022";
  case 17: return "SQL Server 2025";
  default: return NULL;
  }
}

const cr_sql_tls_row cr_sql_tls_rows[] = {
  /* [KB3135244] SQL Server 2014 */
  { 12, 0, 0, CR_VER4(12, 0, 2271, 0), CR_VER4(12, 0, 2564, 0), false, false,
    "SQL Server 2014 SP3 (KB4022619) or SP2 (KB3171021); RTM itself: CU12 "
    "(KB3130923) or later" },
  { 12, 0, 1, CR_VER4(12, 0, 4219, 0), CR_VER4(12, 0, 4439, 1), false, false,
    "SQL Server 2014 SP1 CU5 (KB3130926, now installs CU13 KB4019099) or the "
    "SP1 GDR KB4019091; or SP2/SP3" },
  { 12, 0, 2, 0, 0, true, false, NULL },
  /* [KB3135244] SQL Server 2012 */
  { 11, 0, 2, CR_VER4(11, 0, 5352, 0), CR_VER4(11, 0, 5644, 2), false, false,
    "SQL Server 2012 SP2 CU10 (KB3120313, now installs CU16 KB3205054) or the "
    "SP2 GDR KB3194719; or SP3/SP4" },
  { 11, 0, 3, CR_VER4(11, 0, 6216, 27), CR_VER4(11, 0, 6518, 0), false, false,
    "SQL Server 2012 SP3 CU1 (KB3123299, now installs CU10 KB4025925) or the "
    "SP3 GDR of January 16, 2018; or SP4 (KB4018073)" },
  { 11, 0, 4, 0, 0, true, false, NULL },
  /* [KB3135244] SQL Server 2008 R2 */
  { 10, 50, 3, CR_VER4(10, 50, 6542, 0), 0, false, false,
    "the SQL Server 2008 R2 SP3 TLS 1.2 update (latest: KB4057113)" },
  { 10, 50, 2, CR_VER4(10, 50, 4047, 0), CR_VER4(10, 50, 4344, 0), false,
    true, "the SQL Server 2008 R2 SP2 IA-64 TLS 1.2 update" },
  /* [KB3135244] SQL Server 2008 */
  { 10, 0, 4, CR_VER4(10, 0, 6547, 0), 0, false, false,
    "the SQL Server 2008 SP4 TLS 1.2 update (latest: KB4057114)" },
  { 10, 0, 3, CR_VER4(10, 0, 5545, 0), CR_VER4(10, 0, 5896, 0), false, true,
    "the SQL Server 2008 SP3 IA-64 TLS 1.2 update" },
};
const size_t cr_sql_tls_row_count =
    sizeof cr_sql_tls_rows / sizeof cr_sql_tls_rows[0];

static unsigned vpart(cr_ver4 v, int i)
{
  return (unsigned)((v >> (48 - 16 * i)) & 0xFFFF);
}

void cr_ver4_format(char *out, size_t size, cr_ver4 v)
{
  snprintf(out, size, "%u.%u.%u.%u", vpart(v, 0), vpart(v, 1), vpart(v, 2),
           vpart(v, 3));
}

bool cr_ver4_parse(cr_ver4 *out, const char *s)
{
  unsigned long part[4] = { 0, 0, 0, 0 };
  int n = 0;
  if (!s)
    return false;
  while (*s == ' ')
    s++;
  for (;;) {
    char *end;
    if (!isdigit((unsigned char)*s) || n == 4)
      return false;
    part[n] = strtoul(s, &end, 10);
    if (part[n] > 0xFFFF)
      return false;
    n++;
    s = end;
    if (*s != '.')
      break;
    s++;
  }
  while (*s == ' ')
    s++;
  if (*s)
    return false;
  *out = CR_VER4(part[0], part[1], part[2], part[3]);
  return true;
}

static const char *tls_fix_latest(unsigned major, unsigned minor)
{
  if (major == 12)
    return "SQL Server 2014 SP3 (KB4022619) and its latest GDR/CU";
  if (major == 11)
    return "SQL Server 2012 SP4 (KB4018073)";
  if (major == 10 && minor == 50)
    return "SQL Server 2008 R2 SP3 and its TLS 1.2 update (KB4057113)";
  if (major == 10)
    return "SQL Server 2008 SP4 and its TLS 1.2 update (KB4057114)";
  return "a supported SQL Server version (2016 or later ships with TLS 1.2)";
}

void cr_sql_tls12(cr_sql_tls_verdict *out, cr_ver4 v, int sp)
{
  unsigned major = vpart(v, 0), minor = vpart(v, 1);
  const cr_sql_tls_row *row = NULL;
  cr_ver4 lowest = 0, highest = 0;
  int max_sp = -1;
  bool all_from = false;
  size_t i;
  char a[32], b[32], have[32];

  memset(out, 0, sizeof *out);
  cr_ver4_format(have, sizeof have, v);
  /* Setup\\Version writes a service pack's minor (12.1.4100.1 for what
   * KB3135244 numbers 12.0.x): only 10.0 / 10.50 tell products apart. */
  if (major != 10) {
    minor = 0;
    v &= ~CR_VER4(0, 0xFFFF, 0, 0);
  }
  if (major >= 13) {
    out->tls12 = CR_TRI_YES;
    snprintf(out->reason, sizeof out->reason, "SQL Server 2016 and later "
             "ship with TLS 1.2 (KB3135244)");
    return;
  }
  if (major < 10) {
    out->tls12 = CR_TRI_NO;
    snprintf(out->reason, sizeof out->reason, "build %s: TLS 1.2 support "
             "is offered only for SQL Server 2008 and later (KB3135244)",
             have);
    snprintf(out->fix, sizeof out->fix, "%s", tls_fix_latest(major, minor));
    return;
  }
  for (i = 0; i < cr_sql_tls_row_count; i++) {
    const cr_sql_tls_row *r = &cr_sql_tls_rows[i];
    cr_ver4 lo;
    if (r->major != major || r->minor != minor || r->ia64_only)
      continue;
    if (r->sp > max_sp)
      max_sp = r->sp;
    if (r->all_from_sp && sp >= r->sp)
      all_from = true;
    if (r->sp == sp)
      row = r;
    lo = r->gdr_min ? r->gdr_min : r->cu_min;
    if (lo && (!lowest || lo < lowest))
      lowest = lo;
    if (r->cu_min > highest)
      highest = r->cu_min;
    if (r->gdr_min > highest)
      highest = r->gdr_min;
  }
  snprintf(out->fix, sizeof out->fix, "%s", tls_fix_latest(major, minor));
  if (!lowest) {
    out->tls12 = CR_TRI_UNKNOWN;
    snprintf(out->reason, sizeof out->reason, "build %s: KB3135244 lists no "
             "build of this version", have);
    return;
  }
  if (all_from) {
    out->tls12 = CR_TRI_YES;
    out->fix[0] = '\0';
    snprintf(out->reason, sizeof out->reason, "build %s, service pack %d: "
             "every build of this service pack has TLS 1.2 (KB3135244)",
             have, sp);
    return;
  }
  if (v < lowest) {
    cr_ver4_format(a, sizeof a, lowest);
    out->tls12 = CR_TRI_NO;
    snprintf(out->reason, sizeof out->reason, "build %s is older than the "
             "first build of this version with TLS 1.2 (%s, KB3135244)",
             have, a);
    return;
  }
  if (row) {
    if (row->cu_min && v >= row->cu_min) {
      cr_ver4_format(a, sizeof a, row->cu_min);
      out->tls12 = CR_TRI_YES;
      out->fix[0] = '\0';
      snprintf(out->reason, sizeof out->reason, "build %s is at or after %s, "
               "the first CU build of service pack %d with TLS 1.2 "
               "(KB3135244)", have, a, sp);
    } else if (row->gdr_min && v < row->gdr_min) {
      cr_ver4_format(a, sizeof a, row->gdr_min);
      out->tls12 = CR_TRI_NO;
      snprintf(out->fix, sizeof out->fix, "%s", row->fix);
      snprintf(out->reason, sizeof out->reason, "build %s (service pack %d) "
               "is older than %s, the first build of that service pack with "
               "TLS 1.2 (KB3135244)", have, sp, a);
    } else if (row->gdr_min && !row->cu_min) {
      cr_ver4_format(a, sizeof a, row->gdr_min);
      out->tls12 = CR_TRI_YES;
      out->fix[0] = '\0';
      snprintf(out->reason, sizeof out->reason, "build %s is at or after %s "
               "(KB3135244)", have, a);
    } else {
      cr_ver4_format(a, sizeof a, row->gdr_min);
      cr_ver4_format(b, sizeof b, row->cu_min);
      out->tls12 = CR_TRI_UNKNOWN;
      snprintf(out->fix, sizeof out->fix, "%s", row->fix);
      snprintf(out->reason, sizeof out->reason, "build %s lies between the "
               "GDR build with TLS 1.2 (%s) and the CU build with it (%s); "
               "the registry does not say which branch is installed "
               "(KB3135244)", have, a, b);
    }
    return;
  }
  if (sp >= 0 && sp > max_sp && v > highest) {
    out->tls12 = CR_TRI_YES;
    out->fix[0] = '\0';
    snprintf(out->reason, sizeof out->reason, "build %s (service pack %d) "
             "is later than every build KB3135244 lists, and later builds "
             "support TLS 1.2", have, sp);
    return;
  }
  if (sp < 0 && highest && v >= highest) {
    cr_ver4_format(a, sizeof a, highest);
    out->tls12 = CR_TRI_YES;
    out->fix[0] = '\0';
    snprintf(out->reason, sizeof out->reason, "build %s is at or after %s, "
             "the latest threshold KB3135244 lists for this version", have, a);
    return;
  }
  out->tls12 = CR_TRI_UNKNOWN;
  snprintf(out->reason, sizeof out->reason, "build %s: the service pack "
           "level is %s, so KB3135244's per-service-pack thresholds do not "
           "settle it", have, sp < 0 ? "not recorded" : "not in the table");
}

/* [DRIVERINFO] rows. `name` is the ODBC driver name as ODBCINST.INI lists
 * it, or the OLE DB ProgID. */
const cr_sql_driver_row cr_sql_driver_rows[] = {
  { "SQL Server", "ODBC", CR_DRV_WINDOWS_BUILD, 0, 0, 0, 0, 0, 0,
    "Use ODBC Driver 17 or 18 for SQL Server (the {SQL Server} driver is "
    "deprecated), or install the Windows update that adds TLS 1.2 to it",
    "DriverInfo.cs \"SQL Server\"; KB3135244 (MDAC client components)" },
  { "SQLOLEDB", "OLE DB", CR_DRV_WINDOWS_BUILD, 0, 0, 0, 0, 0, 0,
    "Use MSOLEDBSQL (Microsoft OLE DB Driver for SQL Server), or install the "
    "Windows update that adds TLS 1.2 to SQLOLEDB",
    "DriverInfo.cs \"SQLOLEDB\"" },
  { "SQL Server Native Client 9.0", "ODBC", CR_DRV_NONE, 0, 0, 0, 0, 0, 0,
    "Use ODBC Driver 17 or 18 for SQL Server",
    "DriverInfo.cs (TLS12 \"No\")" },
  { "SQLNCLI", "OLE DB", CR_DRV_NONE, 0, 0, 0, 0, 0, 0,
    "Use MSOLEDBSQL", "DriverInfo.cs (TLS12 \"No\")" },
  { "SQL Server Native Client 10.0", "ODBC", CR_DRV_MIN_VERSION,
    10, 0, 6543, 10, 50, 6537,
    "Install the SQL Server 2008/2008 R2 Native Client TLS 1.2 update "
    "(KB3135244), or use ODBC Driver 17 or 18",
    "DriverInfo.cs (10.0 >= 10.0.6543, 10.50/10.51 >= 6537)" },
  { "SQLNCLI10", "OLE DB", CR_DRV_MIN_VERSION, 10, 0, 6543, 10, 50, 6537,
    "Install the SQL Server 2008/2008 R2 Native Client TLS 1.2 update "
    "(KB3135244), or use MSOLEDBSQL",
    "DriverInfo.cs (10.0 >= 10.0.6543, 10.50/10.51 >= 6537)" },
  { "SQL Server Native Client 11.0", "ODBC", CR_DRV_MIN_VERSION,
    11, 0, 6538, 0, 0, 0,
    "Install \"Microsoft SQL Server 2012 Native Client - QFE\" (KB3135244), "
    "or use ODBC Driver 17 or 18", "DriverInfo.cs (>= 11.0.6538)" },
  { "SQLNCLI11", "OLE DB", CR_DRV_MIN_VERSION, 11, 0, 6538, 0, 0, 0,
    "Install \"Microsoft SQL Server 2012 Native Client - QFE\" (KB3135244), "
    "or use MSOLEDBSQL", "DriverInfo.cs (>= 11.0.6538)" },
  { "ODBC Driver 11 for SQL Server", "ODBC", CR_DRV_MIN_VERSION,
    12, 0, 4219, 0, 0, 0, "Update ODBC Driver 11 to 12.0.4219 or later, or "
    "use ODBC Driver 17 or 18", "DriverInfo.cs (>= 12.0.4219)" },
  { "ODBC Driver 13 for SQL Server", "ODBC", CR_DRV_ALL, 0, 0, 0, 0, 0, 0,
    NULL, "DriverInfo.cs (\"Yes\")" },
  { "ODBC Driver 17 for SQL Server", "ODBC", CR_DRV_ALL, 0, 0, 0, 0, 0, 0,
    NULL, "DriverInfo.cs (\"Yes\")" },
  { "ODBC Driver 18 for SQL Server", "ODBC", CR_DRV_ALL, 0, 0, 0, 0, 0, 0,
    NULL, "DriverInfo.cs (\"Yes\")" },
  { "MSOLEDBSQL", "OLE DB", CR_DRV_ALL, 0, 0, 0, 0, 0, 0, NULL,
    "DriverInfo.cs (\"Yes\")" },
  { "MSOLEDBSQL19", "OLE DB", CR_DRV_ALL, 0, 0, 0, 0, 0, 0, NULL,
    "DriverInfo.cs (\"Yes\")" },
};
const size_t cr_sql_driver_row_count =
    sizeof cr_sql_driver_rows / sizeof cr_sql_driver_rows[0];

const cr_sql_driver_row *cr_sql_driver_lookup(const char *name)
{
  size_t i;
  for (i = 0; name && i < cr_sql_driver_row_count; i++)
    if (cr_stricmp(cr_sql_driver_rows[i].name, name) == 0)
      return &cr_sql_driver_rows[i];
  return NULL;
}

/* [DRIVERINFO] SQLOLEDB / {SQL Server}: Windows 10 builds and the first
 * update revision with TLS 1.2 (0: none for that build: "Won't fix"). */
static const struct {
  unsigned build, min_ubr;
  const char *release;
} mdac_builds[] = {
  { 10240, 0, "1507" }, { 10586, 0, "1511" }, { 14393, 0, "1607" },
  { 15063, 0, "1703" }, { 16299, 0, "1709" }, { 17134, 0, "1803" },
  { 17763, 1554, "1809" },  /* KB4580390, October 20, 2020 */
  { 18362, 1198, "1903" },  /* KB4580386 */
  { 18363, 1198, "1909" },
  { 19041, 610, "2004" },
  { 19042, 610, "20H2" },
};

cr_tri cr_sql_mdac_tls12(unsigned os_major, unsigned os_minor,
                         unsigned build, bool has_ubr, unsigned ubr,
                         char *why, size_t whylen)
{
  size_t i;
  if (os_major == 0) {
    snprintf(why, whylen, "the snapshot does not say which Windows it is");
    return CR_TRI_UNKNOWN;
  }
  if (os_major < 6 || (os_major == 6 && os_minor < 3)) {
    snprintf(why, whylen, "Windows %u.%u: SQLCheck lists no update for "
             "Windows 2012 and earlier (\"Won't fix\")", os_major, os_minor);
    return CR_TRI_NO;
  }
  if (os_major == 6) {
    snprintf(why, whylen, "Windows 8.1 / Server 2012 R2: no source says "
             "which build has the updated DBNETLIB.DLL");
    return CR_TRI_UNKNOWN;
  }
  for (i = 0; i < sizeof mdac_builds / sizeof mdac_builds[0]; i++) {
    if (mdac_builds[i].build != build)
      continue;
    if (!mdac_builds[i].min_ubr) {
      snprintf(why, whylen, "Windows 10 %s (build %u) never received "
               "TLS 1.2 for this component", mdac_builds[i].release, build);
      return CR_TRI_NO;
    }
    if (!has_ubr) {
      snprintf(why, whylen, "Windows 10 %s (build %u) has TLS 1.2 from "
               "update revision %u, and the snapshot has no UBR",
               mdac_builds[i].release, build, mdac_builds[i].min_ubr);
      return CR_TRI_UNKNOWN;
    }
    snprintf(why, whylen, "Windows build %u.%u; TLS 1.2 from %u.%u "
             "(October 2020 update)", build, ubr, build,
             mdac_builds[i].min_ubr);
    return ubr >= mdac_builds[i].min_ubr ? CR_TRI_YES : CR_TRI_NO;
  }
  if ((build >= 19043 && build <= 19045) || build >= 20000) {
    snprintf(why, whylen, "Windows build %u includes TLS 1.2 for this "
             "component", build);
    return CR_TRI_YES;
  }
  snprintf(why, whylen, "Windows build %u is not in SQLCheck's table", build);
  return CR_TRI_UNKNOWN;
}

cr_tri cr_sql_driver_tls12(const cr_sql_driver_row *row, cr_ver4 version,
                           unsigned os_major, unsigned os_minor,
                           unsigned build, bool has_ubr, unsigned ubr,
                           char *why, size_t whylen)
{
  char need[64];
  switch (row->rule) {
  case CR_DRV_ALL:
    snprintf(why, whylen, "every version supports TLS 1.2 (%s)",
             row->source);
    return CR_TRI_YES;
  case CR_DRV_NONE:
    snprintf(why, whylen, "no version supports TLS 1.2 (%s)", row->source);
    return CR_TRI_NO;
  case CR_DRV_WINDOWS_BUILD:
    return cr_sql_mdac_tls12(os_major, os_minor, build, has_ubr, ubr, why,
                             whylen);
  default:
    break;
  }
  if (row->min2_a)
    snprintf(need, sizeof need, "%u.%u.%u (or %u.%u.%u)", row->min_a,
             row->min_b, row->min_c, row->min2_a, row->min2_b, row->min2_c);
  else
    snprintf(need, sizeof need, "%u.%u.%u", row->min_a, row->min_b,
             row->min_c);
  if (!version) {
    snprintf(why, whylen, "TLS 1.2 from file version %s (%s); the registry "
             "does not record the driver's file version", need, row->source);
    return CR_TRI_UNKNOWN;
  }
  {
    cr_ver4 m1 = CR_VER4(row->min_a, row->min_b, row->min_c, 0);
    cr_ver4 m2 = row->min2_a ? CR_VER4(row->min2_a, row->min2_b,
                                       row->min2_c, 0) : 0;
    bool ok;
    if (m2 && vpart(version, 1) >= row->min2_b)
      ok = version >= m2;
    else
      ok = version >= m1 && vpart(version, 0) == row->min_a;
    snprintf(why, whylen, "file version %u.%u.%u; TLS 1.2 from %s (%s)",
             vpart(version, 0), vpart(version, 1), vpart(version, 2), need,
             row->source);
    return ok ? CR_TRI_YES : CR_TRI_NO;
  }
}
