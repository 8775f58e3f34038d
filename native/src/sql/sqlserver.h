/*
 * sqlserver.h - the SQL Server instances a snapshot holds: name, instance
 * id, 32/64-bit, Setup version / patch level / edition / service pack,
 * the product, the SuperSocketNetLib certificate and encryption switches,
 * and the startup parameters (-e ERRORLOG, -d master data, -l master log).
 */
#ifndef CR_SQLSERVER_H
#define CR_SQLSERVER_H

#include "../core/snapshot.h"
#include "../x509/x509.h" /* cr_thumbprint_normalise */
#include "../knowledge/sql_tls.h"

typedef struct cr_sql_instance {
  char *name;            /* MSSQLSERVER, SQLEXPRESS */
  char *id;              /* MSSQL16.MSSQLSERVER */
  bool wow;              /* 32-bit (WOW6432Node) installation */
  char *root;            /* <SQL root>\<id> */
  char *version;         /* Setup\Version, else MSSQLServer\CurrentVersion */
  const char *version_from; /* which of the two, or NULL */
  bool has_version;
  cr_ver4 ver;
  char *patch_level;     /* Setup\PatchLevel */
  char *edition;         /* Setup\Edition */
  int sp;                /* Setup\SP, -1 when absent */
  const char *product;   /* "SQL Server 2019", NULL when unknown */
  char *cert_raw;        /* SuperSocketNetLib\Certificate as written */
  char thumbprint[41];   /* normalised (upper case), "" when none */
  bool cert_invalid;     /* set but not 40 hex digits */
  int force_encryption;  /* -1 absent */
  int force_strict;      /* -1 absent */
  char **args;           /* Parameters\SQLArg<n>, every n, in numeric order */
  size_t nargs;
  char *errorlog;        /* -e path, NULL when absent */
  char *master_data;     /* -d */
  char *master_log;      /* -l */
} cr_sql_instance;

typedef struct cr_sql_instances {
  cr_sql_instance *v;
  size_t n;
} cr_sql_instances;

int cr_sql_instances_read(cr_sql_instances *out, const cr_snapshot *snap);
void cr_sql_instances_dispose(cr_sql_instances *list);


#endif
