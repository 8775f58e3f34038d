/*
 * gpo profiles|settings|export|show|whatif: Group Policy.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* Windows' names (winnt.h); a type outside them is shown by number. */
static const char *type_name(char *buf, size_t size, uint32_t type)
{
  static const char *const names[] = {
    "REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD",
    "REG_DWORD_BIG_ENDIAN", "REG_LINK", "REG_MULTI_SZ", "REG_RESOURCE_LIST",
    "REG_FULL_RESOURCE_DESCRIPTOR", "REG_RESOURCE_REQUIREMENTS_LIST",
    "REG_QWORD"
  };
  if (type < sizeof names / sizeof names[0])
    return names[type];
  snprintf(buf, size, "type 0x%lx", (unsigned long)type);
  return buf;
}

static int print_policy(const options *o, const cr_regpol *pol)
{
  char *json = NULL, tn[32];
  cr_gpo_scope scope = cr_regpol_scope(pol);
  /* A machine policy is relative to HKLM, a user policy to HKCU; when the
   * folder does not say, the keys are shown as they are in the file. */
  const char *hive = scope == CR_GPO_SCOPE_MACHINE ? "HKLM\\"
                     : scope == CR_GPO_SCOPE_USER  ? "HKCU\\" : "";
  size_t i;
  int rc;
  if (o->json) {
    rc = cr_regpol_to_json(&json, pol);
    return print_string(o, rc, json, "rendering the policy");
  }
  for (i = 0; i < cr_regpol_count(pol); i++) {
    const char *key, *value;
    const void *data;
    uint32_t type;
    size_t len;
    if ((rc = cr_regpol_entry(&key, &value, &type, &data, &len, pol, i)) < 0)
      return fail(o, rc, "reading the policy");
    printf("  [%s%s] \"%s\" %s", hive, key, value,
           type_name(tn, sizeof tn, type));
    if (type == CR_REG_DWORD && len == 4) {
      const unsigned char *d = data;
      printf(" = %lu", (unsigned long)d[0] | (unsigned long)d[1] << 8 |
                       (unsigned long)d[2] << 16 | (unsigned long)d[3] << 24);
    } else if (type == CR_REG_SZ && len >= 2) {
      const unsigned char *d = data;
      size_t k;
      printf(" = \"");
      /* ASCII as is; anything else as a \\u escape so any console shows it. */
      for (k = 0; k + 1 < len && (d[k] || d[k + 1]); k += 2) {
        unsigned u = d[k] | (unsigned)d[k + 1] << 8;
        if (u >= 0x20 && u < 0x7f)
          putchar((int)u);
        else
          printf("\\u%04x", u);
      }
      printf("\"");
    } else {
      const unsigned char *d = data;
      size_t k;
      printf(" (%zu byte%s%s", len, len == 1 ? "" : "s", len ? ":" : "");
      for (k = 0; k < len && k < 16; k++)
        printf(" %02x", d[k]);
      printf("%s)", len > 16 ? " ..." : "");
    }
    putchar('\n');
  }
  return EXIT_CLEAN;
}

int cmd_gpo(const options *o)
{
  const char *sub = o->npositional > 1 ? o->positional[1] : "";
  cr_regpol *pol = NULL;
  char *text = NULL;
  size_t i;
  int rc, code;
  if (!strcmp(sub, "profiles") && o->npositional == 2) {
    if (o->json) {
      printf("{\n  \"profiles\": [");
      for (i = 0; i < cr_gpo_profile_count(); i++) {
        printf("%s\n    { \"name\": ", i ? "," : "");
        json_string(stdout, cr_gpo_profile_name(i));
        printf(", \"description\": ");
        json_string(stdout, cr_gpo_profile_description(i));
        printf(" }");
      }
      printf("\n  ]\n}\n");
    } else {
      for (i = 0; i < cr_gpo_profile_count(); i++)
        printf("%-22s %s\n", cr_gpo_profile_name(i),
               cr_gpo_profile_description(i));
    }
    return EXIT_CLEAN;
  }
  if (!strcmp(sub, "settings") && o->npositional == 2) {
    rc = cr_gpo_settings_json(&text);
    return print_string(o, rc, text, "rendering the policy table");
  }
  if (!strcmp(sub, "show") && o->npositional == 3) {
    if ((rc = cr_regpol_open(&pol, o->positional[2])) < 0)
      return fail(o, rc, "reading the policy file");
    if (!o->json) {
      cr_gpo_scope scope = cr_regpol_scope(pol);
      printf("%s: %zu entries (Registry.pol, %s)\n", o->positional[2],
             cr_regpol_count(pol),
             scope == CR_GPO_SCOPE_MACHINE ? "machine policy: keys under HKLM"
             : scope == CR_GPO_SCOPE_USER  ? "user policy: keys under HKCU"
                                           : "scope unknown: not in a Machine "
                                             "or User folder, keys relative "
                                             "to HKLM for a machine policy, "
                                             "HKCU for a user policy");
    }
    code = print_policy(o, pol);
    cr_regpol_free(pol);
    return code;
  }
  if (!strcmp(sub, "export") && o->npositional == 2) {
    if (!o->out)
      return usage_error("gpo export needs --out Registry.pol%s", "");
    if (o->pol)
      return usage_error("gpo export takes --profile or snapshots, not --pol%s", "");
    if ((code = load_policy(o, &pol, 1)) != 0)
      return code;
    if ((rc = cr_regpol_save(pol, o->out)) < 0) {
      cr_regpol_free(pol);
      return fail(o, rc, "writing the policy file");
    }
    if (o->json) {
      code = print_policy(o, pol);
    } else {
      printf("Wrote %s: %zu entries%s.\n", o->out, cr_regpol_count(pol),
             o->profile ? "" : " from the diagnosis's Group Policy fixes");
      code = print_policy(o, pol);
      printf("Copy it to <GPO>\\Machine\\Registry.pol (or import it with "
             "LGPO.exe /m) and check it first with 'connreset gpo whatif'.\n");
    }
    cr_regpol_free(pol);
    return code;
  }
  if (!strcmp(sub, "whatif") && o->npositional == 2) {
    cr_snapshot **clients = NULL, **servers = NULL;
    size_t nclients = 0, nservers = 0;
    cr_gpo_apply_to to = CR_GPO_APPLY_BOTH;
    cr_gpo_whatif *w = NULL;
    if (!o->nclient_dirs || !o->nserver_dirs)
      return usage_error("gpo whatif needs --clients DIR and --servers DIR%s", "");
    if (o->apply_to) {
      if (!strcmp(o->apply_to, "clients")) to = CR_GPO_APPLY_CLIENTS;
      else if (!strcmp(o->apply_to, "servers")) to = CR_GPO_APPLY_SERVERS;
      else if (!strcmp(o->apply_to, "both")) to = CR_GPO_APPLY_BOTH;
      else return usage_error("--apply-to is clients, servers or both, not '%s'",
                              o->apply_to);
    }
    if ((code = load_policy(o, &pol, 0)) != 0)
      return code;
    if ((code = open_machines(o, &clients, &nclients, o->client_dirs,
                              o->nclient_dirs, "--clients")) != 0 ||
        (code = open_machines(o, &servers, &nservers, o->server_dirs,
                              o->nserver_dirs, "--servers")) != 0) {
      free_machines(clients, nclients);
      cr_regpol_free(pol);
      return code;
    }
    rc = cr_gpo_whatif_run(&w, pol, (const cr_snapshot *const *)clients,
                           nclients, (const cr_snapshot *const *)servers,
                           nservers, to);
    free_machines(clients, nclients);
    free_machines(servers, nservers);
    cr_regpol_free(pol);
    if (rc < 0)
      return fail(o, rc, "running the what-if");
    cr_gpo_whatif_set_detail(w, o->detail);
    rc = o->json ? cr_gpo_whatif_to_json(&text, w)
                 : cr_gpo_whatif_to_text(&text, w);
    code = print_string(o, rc, text, "rendering the what-if");
    if (code == EXIT_CLEAN && cr_gpo_whatif_broken_count(w) > 0)
      code = EXIT_FINDINGS;
    cr_gpo_whatif_free(w);
    return code;
  }
  return usage_error("unknown gpo command; see 'connreset help'%s", "");
}
