/*
 * change.h - registry change plans and the engine that applies them:
 * capture prior state -> write the undo .reg -> apply -> read back ->
 * on any failure, restore the prior state.
 */
#ifndef CR_CHANGE_H
#define CR_CHANGE_H

#include "store.h"

typedef enum cr_op_kind {
  CR_OP_SET_VALUE,
  CR_OP_DELETE_VALUE,
  CR_OP_CREATE_KEY,
  CR_OP_DELETE_KEY
} cr_op_kind;

typedef struct cr_op {
  cr_op_kind kind;
  char *key;
  char *name;     /* values only */
  uint32_t type;  /* set only */
  uint8_t *data;
  size_t len;
} cr_op;

struct cr_change {
  char *title;    /* "Disable TCP SYN attack protection" */
  char *note;     /* when it takes effect, risks */
  cr_op *ops;
  size_t nops;
};

int cr_change_new(cr_change **out, const char *title, const char *note);
int cr_change_add_set(cr_change *c, const char *key, const char *name,
                      uint32_t type, const void *data, size_t len);
int cr_change_add_dword(cr_change *c, const char *key, const char *name,
                        uint32_t v);
int cr_change_add_delete_value(cr_change *c, const char *key,
                               const char *name);
int cr_change_add_create_key(cr_change *c, const char *key);
int cr_change_add_delete_key(cr_change *c, const char *key);

/* The engine, on any store. `backup_path` may be NULL (no file). */
int cr_change_apply(cr_store *st, const cr_change *c, const char *backup_path);

#endif
