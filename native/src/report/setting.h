/*
 * setting.h - a fix as data: which registry setting it changes and to
 * what. The checks and the match say what to change; they do not know the
 * Group Policy templates. The Group Policy layer (gpo/gpo.c) finds the
 * ConnReset policy that writes the setting (cr_gpo_setting_policy) and
 * names it in each finding's fix, so neither side calls the other.
 */
#ifndef CR_SETTING_H
#define CR_SETTING_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../knowledge/tls_defaults.h"
#include "../knowledge/regpaths.h"

typedef enum cr_setting_kind {
  CR_SETTING_NONE = 0,
  /* `key`\`value` = `dword` (a protocol's Enabled, SynAttackProtect,
   * SchUseStrongCrypto). A protocol's DisabledByDefault goes with its
   * Enabled: the policies write the two together. */
  CR_SETTING_DWORD,
  /* The Group Policy cipher-suite order (CR_KEY_SSL_POLICY, Functions)
   * without TLS_DHE_* suites, made of suites `os_suites` knows. */
  CR_SETTING_SUITE_ORDER_NO_DHE
} cr_setting_kind;

typedef struct cr_setting {
  cr_setting_kind kind;
  char key[200];   /* full path, "HKEY_LOCAL_MACHINE\\..." as regpaths.h */
  char value[48];  /* value name */
  uint32_t dword;
  const cr_default_suites_row *os_suites; /* the OS's suites, or NULL */
} cr_setting;

/* A protocol turned on (Enabled = 1, DisabledByDefault = 0) or off for a
 * role (CR_TLS_CLIENT or CR_TLS_SERVER). */
static inline cr_setting cr_setting_protocol(cr_tls_proto p, int role, int on)
{
  cr_setting s;
  memset(&s, 0, sizeof s);
  s.kind = CR_SETTING_DWORD;
  snprintf(s.key, sizeof s.key, "%s\\%s\\%s", CR_KEY_SCHANNEL_PROTOCOLS,
           cr_tls_proto_key[p], role == CR_TLS_CLIENT ? "Client" : "Server");
  snprintf(s.value, sizeof s.value, "Enabled");
  s.dword = on ? 1 : 0;
  return s;
}

static inline cr_setting cr_setting_dword(const char *key, const char *value,
                                          uint32_t dword)
{
  cr_setting s;
  memset(&s, 0, sizeof s);
  s.kind = CR_SETTING_DWORD;
  snprintf(s.key, sizeof s.key, "%s", key);
  snprintf(s.value, sizeof s.value, "%s", value);
  s.dword = dword;
  return s;
}

static inline cr_setting cr_setting_suite_order_no_dhe(
    const cr_default_suites_row *os_suites)
{
  cr_setting s;
  memset(&s, 0, sizeof s);
  s.kind = CR_SETTING_SUITE_ORDER_NO_DHE;
  snprintf(s.key, sizeof s.key, "%s", CR_KEY_SSL_POLICY);
  snprintf(s.value, sizeof s.value, "Functions");
  s.os_suites = os_suites;
  return s;
}

#endif
