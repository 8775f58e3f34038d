/* os.h - the OS identity of a machine, read from its snapshot. */
#ifndef CR_OS_H
#define CR_OS_H

#include "../core/snapshot.h"

typedef enum cr_os_role {
  CR_ROLE_UNKNOWN = 0,
  CR_ROLE_WORKSTATION,
  CR_ROLE_SERVER,
  CR_ROLE_DOMAIN_CONTROLLER
} cr_os_role;

typedef struct cr_os {
  bool known;            /* version found */
  unsigned major, minor;
  unsigned build;        /* 0 when unknown */
  bool has_ubr;
  unsigned ubr;          /* update build revision (Windows 10 and later) */
  int service_pack;      /* -1 when unknown, 0 for none */
  cr_os_role role;
  char *product_name;    /* as the registry says */
  char *csd_version;     /* "Service Pack 2" */
  char *product_type;    /* "ServerNT" */
  char *hostname;        /* Tcpip\Parameters Hostname, NULL if absent */
  char *domain;          /* Tcpip\Parameters Domain (DNS suffix) */
  char name[96];         /* "Windows Server 2003 SP2" */
  char declared[128];    /* what cr_snapshot_set_os said, or "" */
} cr_os;

/* A Windows named by the user (cr_snapshot_set_os), parsed. */
typedef struct cr_os_decl {
  unsigned major, minor, build; /* build 0: any */
  bool has_ubr;
  unsigned ubr;
  int service_pack;             /* -1 when not given */
  cr_os_role role;
  bool r2;                      /* Server 2003 R2: only the name tells */
  char name[64];                /* the table's name */
} cr_os_decl;

/* Parses "NAME [SPn] [major.minor.build[.ubr]]" against the knowledge
 * table of names (knowledge/os_names.c). CR_EINVAL naming the problem. */
int cr_os_parse(cr_os_decl *out, const char *text);

/* Reads what the snapshot holds; missing values leave fields unknown, or
 * are filled from the Windows declared with cr_snapshot_set_os. */
int cr_os_read(cr_os *os, const cr_snapshot *snap);
void cr_os_dispose(cr_os *os);
const char *cr_os_role_name(cr_os_role role);
/* Is the OS at least major.minor? False when unknown. */
bool cr_os_at_least(const cr_os *os, unsigned major, unsigned minor);
bool cr_os_is_server(const cr_os *os);

#endif
