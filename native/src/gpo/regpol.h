/*
 * regpol.h - Registry.pol (PReg, MS-GPREG 2.2.1) internals: the entry
 * array behind cr_regpol and the meaning of the special "**" value names,
 * for library code (the GPO profiles and the what-if) that walks a policy
 * without going through the public accessors.
 */
#ifndef CR_REGPOL_H
#define CR_REGPOL_H

#include "common.h"

/* The registry's own limits (as the .reg reader enforces them): a policy
 * file whose names exceed them could not be applied by any client, and
 * bounding them keeps every snapshot tree shallow. Counted in UTF-16
 * units, as Windows counts them. */
#define CR_REGPOL_MAX_DEPTH 512
#define CR_REGPOL_MAX_KEY_NAME 255
#define CR_REGPOL_MAX_VALUE_NAME 16383

typedef struct cr_regpol_ent {
  char *key;       /* hive-relative, UTF-8 */
  char *value;     /* value name or special "**" name, UTF-8 */
  uint32_t type;
  uint8_t *data;   /* raw bytes as in the file (strings UTF-16LE) */
  size_t len;
} cr_regpol_ent;

struct cr_regpol {
  cr_regpol_ent *ents;
  size_t n, cap;
  cr_gpo_scope scope;  /* from the file's folder (Machine\ or User\) */
};

/* What an entry asks of the Group Policy client. */
typedef enum cr_regpol_action {
  CR_REGPOL_SET,           /* set `value` (plain name) */
  CR_REGPOL_CREATE_KEY,    /* default value name, no data: the key only */
  CR_REGPOL_DEL,           /* "**del.<name>": delete <name> */
  CR_REGPOL_DELVALS,       /* "**delvals." / "**DelVals": all values */
  CR_REGPOL_DELETE_VALUES, /* "**DeleteValues": ';'-separated names */
  CR_REGPOL_DELETE_KEYS,   /* "**DeleteKeys": ';'-separated keys */
  CR_REGPOL_SECURE_KEY,    /* "**SecureKey": permissions only */
  CR_REGPOL_SOFT           /* "**soft.<name>": set <name> if absent */
} cr_regpol_action;

/*
 * Classifies an entry as the client does (prefixes compared
 * case-insensitively). For DEL and SOFT, *target is the value name after
 * the prefix; for SET it is the whole name; otherwise NULL.
 */
cr_regpol_action cr_regpol_classify(const cr_regpol_ent *e,
                                    const char **target);

#endif
