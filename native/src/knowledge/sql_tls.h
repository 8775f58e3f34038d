/*
 * sql_tls.h - SQL Server knowledge: product names by major version, the
 * first server builds with TLS 1.2 (KB3135244), and the client drivers'
 * TLS 1.2 support (SQLCheck's DriverInfo.cs). Rows and sources live in
 * sql_tls.c; what no source settles is reported as unknown.
 */
#ifndef CR_SQL_TLS_H
#define CR_SQL_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum cr_tri {
  CR_TRI_UNKNOWN = 0,
  CR_TRI_YES,
  CR_TRI_NO
} cr_tri;

const char *cr_tri_name(cr_tri t); /* "yes", "no", "unknown" */

/* A four-part version packed for comparison (16 bits each). */
typedef uint64_t cr_ver4;
#define CR_VER4(a, b, c, d)                                                 \
  (((uint64_t)(a) << 48) | ((uint64_t)(b) << 32) | ((uint64_t)(c) << 16) | \
   (uint64_t)(d))

/* "SQL Server 2019" for major 15; NULL when no source names it. */
const char *cr_sql_product_name(unsigned major);

/* One row of KB3135244's server table: within service pack `sp` of
 * major.minor, the GDR branch has TLS 1.2 from `gdr_min` and the CU
 * branch from `cu_min` (0: no such update). `all_from_sp`: every build
 * of this service pack and later has it. */
typedef struct cr_sql_tls_row {
  unsigned major, minor;
  int sp;
  cr_ver4 gdr_min, cu_min;
  bool all_from_sp;
  bool ia64_only;        /* the update exists for IA-64 builds only */
  const char *fix;       /* what to install */
} cr_sql_tls_row;

extern const cr_sql_tls_row cr_sql_tls_rows[];
extern const size_t cr_sql_tls_row_count;

typedef struct cr_sql_tls_verdict {
  cr_tri tls12;
  char reason[400];
  char fix[300];         /* "" when nothing to install */
} cr_sql_tls_verdict;

/* Does SQL Server build `v` (service pack `sp`, -1 unknown) support
 * TLS 1.2? x86/x64 builds are assumed (IA-64 rows are not used). */
void cr_sql_tls12(cr_sql_tls_verdict *out, cr_ver4 v, int sp);

/* Client drivers. */
typedef enum cr_driver_rule {
  CR_DRV_ALL = 0,        /* every version supports TLS 1.2 */
  CR_DRV_NONE,           /* no version does */
  CR_DRV_MIN_VERSION,    /* from file version min_a.min_b.min_c */
  CR_DRV_WINDOWS_BUILD   /* part of Windows: depends on the OS build */
} cr_driver_rule;

typedef struct cr_sql_driver_row {
  const char *name;      /* ODBC driver name / OLE DB ProgID */
  const char *kind;      /* "ODBC" or "OLE DB" */
  cr_driver_rule rule;
  unsigned min_a, min_b, min_c; /* file version, for CR_DRV_MIN_VERSION */
  unsigned min2_a, min2_b, min2_c; /* a second branch (10.50), or 0 */
  const char *fix;
  const char *source;
} cr_sql_driver_row;

extern const cr_sql_driver_row cr_sql_driver_rows[];
extern const size_t cr_sql_driver_row_count;

const cr_sql_driver_row *cr_sql_driver_lookup(const char *name);

/* The OS-dependent rule for {SQL Server} and SQLOLEDB (Windows
 * components): Windows 10 build and UBR thresholds. */
cr_tri cr_sql_mdac_tls12(unsigned os_major, unsigned os_minor,
                         unsigned build, bool has_ubr, unsigned ubr,
                         char *why, size_t whylen);

/* The driver verdict for a given row; `version` 0 when unknown. */
cr_tri cr_sql_driver_tls12(const cr_sql_driver_row *row, cr_ver4 version,
                           unsigned os_major, unsigned os_minor,
                           unsigned build, bool has_ubr, unsigned ubr,
                           char *why, size_t whylen);

/* Parses "12.0.4100.1" (1 to 4 parts); false when not a version. */
bool cr_ver4_parse(cr_ver4 *out, const char *s);
void cr_ver4_format(char *out, size_t size, cr_ver4 v);

#endif
