/*
 * settings.h - the Group Policy settings table: every policy of
 * admx/ConnReset.admx, what each state writes, and the named profiles.
 *
 * One table drives both sides: admx/policy-settings.json is the source;
 * tools/gen_admx.py writes admx/ConnReset.admx and admx/en-US/ConnReset.adml
 * from it (committed, and a test regenerates and compares), and
 * tools/gen_gpo_settings.py writes <build>/generated/gpo_settings.c with
 * the arrays declared here (cr_gpo_policy_table, cr_gpo_profile_table). Keys are HKLM-relative, as Registry.pol and
 * ADMX write them (no hive prefix).
 */
#ifndef CR_GPO_SETTINGS_H
#define CR_GPO_SETTINGS_H

#include <stddef.h>
#include <stdint.h>

/* One registry value that a policy state writes. */
typedef struct cr_gpo_write {
  const char *key;    /* HKLM-relative, e.g. "SYSTEM\\CurrentControlSet\\..." */
  const char *value;  /* value name */
  uint32_t type;      /* CR_REG_DWORD or CR_REG_SZ */
  uint32_t dword;     /* data when type is CR_REG_DWORD */
  const char *sz;     /* data when type is CR_REG_SZ */
} cr_gpo_write;

/* One item of an enum element: its ADMX id, its display text and what
 * choosing it writes. */
typedef struct cr_gpo_enum_item {
  const char *id;     /* ADMX/ADML string id of the item */
  const char *label;  /* display text (en-US) */
  const cr_gpo_write *writes;
  size_t nwrites;
} cr_gpo_enum_item;

typedef enum cr_gpo_element_kind {
  CR_GPO_ELEMENT_NONE = 0, /* on/off policy: enabledList / disabledList */
  CR_GPO_ELEMENT_DECIMAL,  /* <decimal> writing one REG_DWORD */
  CR_GPO_ELEMENT_ENUM      /* <enum> whose items write fixed values */
} cr_gpo_element_kind;

typedef struct cr_gpo_policy {
  const char *name;         /* ADMX policy name (unique) */
  const char *category;     /* ADMX category name */
  const char *supported_on; /* ADMX supportedOn definition name */
  const char *display;      /* display name (en-US) */
  const char *key;          /* the policy's own key attribute */
  const char *value;        /* valueName of the element, or NULL */
  cr_gpo_element_kind element;
  uint32_t min, max;        /* CR_GPO_ELEMENT_DECIMAL: documented range */
  const cr_gpo_enum_item *items; /* CR_GPO_ELEMENT_ENUM */
  size_t nitems;
  const cr_gpo_write *enabled;   /* enabledList (written with any element) */
  size_t nenabled;
  const cr_gpo_write *disabled;  /* disabledList */
  size_t ndisabled;
  const char *source;       /* where the range / values come from */
} cr_gpo_policy;

/* One policy setting of a named profile. */
typedef struct cr_gpo_profile_setting {
  const char *policy;   /* cr_gpo_policy.name */
  int enabled;          /* 1 Enabled, 0 Disabled */
  uint32_t decimal;     /* CR_GPO_ELEMENT_DECIMAL: the number */
  const char *item;     /* CR_GPO_ELEMENT_ENUM: the item id */
} cr_gpo_profile_setting;

typedef struct cr_gpo_profile {
  const char *name;        /* e.g. "tls12-only" */
  const char *description;
  const cr_gpo_profile_setting *settings;
  size_t nsettings;
} cr_gpo_profile;

/* The generated tables. (Named *_table so they do not clash with the
 * public cr_gpo_profile_count() and friends in connreset.h.) */
extern const cr_gpo_policy cr_gpo_policy_table[];
extern const size_t cr_gpo_policy_table_count;
extern const cr_gpo_profile cr_gpo_profile_table[];
extern const size_t cr_gpo_profile_table_count;

#endif /* CR_GPO_SETTINGS_H */
