/*
 * schemas.h - the DSC v3 resources as their manifests describe them
 * (the manifests in dsc/, turned into build/<preset>/generated/
 * dsc_schemas.c by tools/gen_dsc_resources.py): each type, its embedded
 * instance schema, and per property what the input reader checks, so
 * the library accepts exactly what the schema DSC validates against does.
 */
#ifndef CR_DSC_SCHEMAS_H
#define CR_DSC_SCHEMAS_H

#include <stddef.h>
#include <stdint.h>

typedef enum cr_dsc_kind {
  CR_DSC_STRING,
  CR_DSC_ENUM,
  CR_DSC_INT,
  CR_DSC_BOOL,
  CR_DSC_STRINGS,  /* array of strings */
  CR_DSC_OBJECTS,  /* array of objects: output only (Reasons, restarts) */
  CR_DSC_OBJECT    /* object: output only (_metadata) */
} cr_dsc_kind;

#define CR_DSC_REQUIRED 1u   /* a key: every operation needs it */
#define CR_DSC_READONLY 2u   /* output; ignored in the input */
#define CR_DSC_WRITEONLY 4u  /* input; never in the output */
#define CR_DSC_NULLABLE 8u   /* null is accepted and means "not given" */

typedef struct cr_dsc_prop {
  const char *name;
  cr_dsc_kind kind;
  unsigned flags;
  const char *const *values; /* CR_DSC_ENUM: the values, NULL-terminated */
  int has_range;
  int64_t min, max;          /* CR_DSC_INT, when has_range */
} cr_dsc_prop;

typedef struct cr_dsc_schema {
  const char *type;          /* "ConnReset/SynProtection" */
  const char *description;
  const cr_dsc_prop *props;  /* in the schema's order */
  size_t nprops;
  const char *schema_json;   /* the embedded instance schema, one line */
} cr_dsc_schema;

extern const cr_dsc_schema cr_dsc_schemas[];
extern const size_t cr_dsc_schema_count;

#endif
