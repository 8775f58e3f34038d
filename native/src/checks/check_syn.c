/*
 * check_syn.c - family SYN: TCP SYN attack protection (seed 000; KB899599).
 *
 * Findings (ids are stable; grep the id to land here):
 *   SYN001 warning  protection active on Windows Server 2003 SP1/SP2
 *   SYN002 info     protection turned on by hand on an older system
 *   SYN003 warning  a value outside its documented range
 *   SYN004 warning  TcpMaxHalfOpenRetried not below TcpMaxHalfOpen
 *   SYN005 info     values left on Vista/2008 or later, where nothing reads them
 *   SYN006 warning  a value stored with the wrong registry type
 *   SYN007 info     the snapshot does not say which OS it is
 *
 * Defaults and ranges come from knowledge/syn_defaults.c.
 */
#include "checks.h"
#include "../knowledge/regpaths.h"
#include "../core/change.h"
#include "../knowledge/syn_defaults.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SAP = 0, TMHO = 1, TMHR = 2, TMCRR = 3, NVALUES = 4 };

typedef enum syn_source {
  SRC_SET,        /* present in the registry and read by the OS */
  SRC_DEFAULT,    /* absent: the documented OS default applies */
  SRC_NO_EFFECT,  /* this OS ignores the value */
  SRC_UNKNOWN,    /* absent and no source gives the default */
  SRC_INVALID     /* present with the wrong type */
} syn_source;

static const char *source_name(syn_source s)
{
  switch (s) {
  case SRC_SET: return "set";
  case SRC_DEFAULT: return "os-default";
  case SRC_NO_EFFECT: return "no-effect";
  case SRC_INVALID: return "invalid-type";
  default: return "unknown";
  }
}

typedef struct syn_value {
  const char *name;
  bool present;
  uint32_t type;
  bool raw_is_dword;
  uint32_t raw;
  char raw_text[96];
  bool has_effective;
  uint32_t effective;
  syn_source source;
  const cr_syn_row *row; /* NULL: no source covers this OS */
  bool out_of_range;
} syn_value;

typedef struct syn_result {
  syn_value v[NVALUES];
  const char *state;     /* enabled, disabled, not-applicable, unknown */
  char state_reason[320];
} syn_result;

static void read_values(syn_result *res, const cr_snapshot *snap,
                        const cr_os *os)
{
  const cr_key *k = cr_snap_find_key(snap, CR_KEY_TCPIP_PARAMETERS);
  int i;
  for (i = 0; i < NVALUES; i++) {
    syn_value *v = &res->v[i];
    const cr_value *rv = k ? cr_key_find_value(k, cr_syn_values[i]) : NULL;
    cr_buf t = CR_BUF_INIT;
    v->name = cr_syn_values[i];
    v->row = cr_syn_lookup(v->name, os);
    if (rv) {
      v->present = true;
      v->type = rv->type;
      cr_value_render(&t, rv->type, rv->data, rv->len);
      snprintf(v->raw_text, sizeof v->raw_text, "%s %s",
               t.ptr ? t.ptr : "", cr_reg_type_name(rv->type));
      cr_buf_dispose(&t);
      if (rv->type == CR_REG_DWORD && rv->len == 4) {
        v->raw_is_dword = true;
        v->raw = (uint32_t)rv->data[0] | ((uint32_t)rv->data[1] << 8) |
                 ((uint32_t)rv->data[2] << 16) |
                 ((uint32_t)rv->data[3] << 24);
      }
    } else {
      snprintf(v->raw_text, sizeof v->raw_text, "absent");
    }
    if (v->row && v->row->effect == CR_SYN_IGNORED) {
      v->source = SRC_NO_EFFECT;
    } else if (v->present && !v->raw_is_dword) {
      v->source = SRC_INVALID;
    } else if (v->present) {
      v->source = SRC_SET;
      v->has_effective = true;
      v->effective = v->raw;
      if (v->row && v->row->has_range &&
          (v->raw < v->row->min || v->raw > v->row->max))
        v->out_of_range = true;
    } else if (v->row && v->row->has_default) {
      v->source = SRC_DEFAULT;
      v->has_effective = true;
      v->effective = v->row->def;
    } else {
      v->source = SRC_UNKNOWN;
    }
  }
}

static void decide_state(syn_result *res, const cr_os *os)
{
  const syn_value *sap = &res->v[SAP], *tmcrr = &res->v[TMCRR];
  if (!os->known) {
    res->state = "unknown";
    snprintf(res->state_reason, sizeof res->state_reason,
             "the snapshot holds no OS version (%s)",
             CR_KEY_WINDOWS_NT_CURRENTVERSION);
  } else if (cr_os_at_least(os, 6, 0)) {
    res->state = "not-applicable";
    snprintf(res->state_reason, sizeof res->state_reason,
             "%s sizes SYN protection itself and ignores these values",
             os->name);
  } else if (!sap->has_effective) {
    res->state = "unknown";
    snprintf(res->state_reason, sizeof res->state_reason,
             "SynAttackProtect is %s and no source gives its default for %s",
             sap->source == SRC_INVALID ? "not a REG_DWORD" : "absent",
             os->name);
  } else if (sap->effective == 0) {
    res->state = "disabled";
    snprintf(res->state_reason, sizeof res->state_reason,
             "SynAttackProtect is 0 (%s)", source_name(sap->source));
  } else if (tmcrr->has_effective && tmcrr->effective < 2) {
    /* [W2K-TMCRR], [WS03-SAP]: active only when this is at least 2. */
    res->state = "disabled";
    snprintf(res->state_reason, sizeof res->state_reason,
             "SynAttackProtect is %lu but TcpMaxConnectResponseRetransmissions "
             "is %lu; protection needs at least 2",
             (unsigned long)sap->effective, (unsigned long)tmcrr->effective);
  } else {
    res->state = "enabled";
    snprintf(res->state_reason, sizeof res->state_reason,
             "SynAttackProtect is %lu (%s)%s", (unsigned long)sap->effective,
             source_name(sap->source),
             tmcrr->has_effective ? ""
             : "; TcpMaxConnectResponseRetransmissions has no documented "
               "default for this OS, but every documented one (2 or 3) keeps "
               "protection active");
  }
}

static void add_value_evidence(cr_finding *f, const syn_value *v)
{
  char data[200];
  if (v->present)
    snprintf(data, sizeof data, "%s", v->raw_text);
  else if (v->has_effective)
    snprintf(data, sizeof data, "absent (OS default %lu)",
             (unsigned long)v->effective);
  else
    snprintf(data, sizeof data, "absent (default unknown)");
  cr_finding_add_evidence(f, CR_KEY_TCPIP_PARAMETERS, v->name, data);
}

#define RISK_DISABLE "Disabling removes the denial-of-service protection " \
  "Microsoft added: do it only on an intranet where you are sure you will " \
  "not suffer real SYN attacks. Restart the computer so TCP/IP reads the " \
  "new value."

static int add_findings(cr_report *r, const syn_result *res, const cr_os *os)
{
  const syn_value *v = res->v;
  cr_finding *f;
  char reason[600], title[200];
  int i, rc;
  bool pre_vista = os->known && !cr_os_at_least(os, 6, 0);

  if (!os->known) {
    if ((rc = cr_report_add_finding(r, &f, "SYN007", "SYN", CR_SEVERITY_INFO,
        "The snapshot does not say which Windows version it is",
        "Whether SYN attack protection applies depends on the OS version and "
        "service pack, which live in " CR_KEY_WINDOWS_NT_CURRENTVERSION
        "; the snapshot has no version there.")) < 0)
      return rc;
    cr_finding_add_evidence(f, CR_KEY_WINDOWS_NT_CURRENTVERSION,
                            "CurrentVersion", "absent");
    cr_finding_set_fix(f, "Export-ConnResetSnapshot -Path machine.reg",
                       "connreset collect -o machine.reg", NULL,
                       "Collect a full snapshot on the machine itself.");
  }

  if (strcmp(res->state, "enabled") == 0) {
    bool sp12 = os->major == 5 && os->minor == 2 && cr_os_is_server(os) &&
                os->service_pack >= 1;
    if (sp12) {
      snprintf(reason, sizeof reason,
               "SynAttackProtect is %lu (%s) on %s: under heavy load TCP/IP "
               "can take valid connection requests for a SYN flood and reset "
               "them, which clients report as error 10054 \"An existing "
               "connection was forcibly closed by the remote host\" "
               "(KB899599; protection is on by default from SP1).",
               (unsigned long)v[SAP].effective,
               v[SAP].source == SRC_SET ? "set explicitly"
                                        : "the SP1/SP2 default",
               os->name);
      rc = cr_report_add_finding(r, &f, "SYN001", "SYN", CR_SEVERITY_WARNING,
          "TCP SYN attack protection is active on Windows Server 2003 "
          "SP1/SP2 and can reset valid connections under load", reason);
    } else {
      snprintf(reason, sizeof reason,
               "SynAttackProtect is %lu on %s, where it is off by default; "
               "the same misdetection under load that affects Server 2003 "
               "SP1/SP2 can reset valid connections here.",
               (unsigned long)v[SAP].effective, os->name);
      rc = cr_report_add_finding(r, &f, "SYN002", "SYN", CR_SEVERITY_INFO,
          "TCP SYN attack protection was turned on by hand", reason);
    }
    if (rc < 0)
      return rc;
    add_value_evidence(f, &v[SAP]);
    add_value_evidence(f, &v[TMCRR]);
    add_value_evidence(f, &v[TMHO]);
    add_value_evidence(f, &v[TMHR]);
    cr_setting off = cr_setting_dword(CR_KEY_TCPIP_PARAMETERS,
                                      "SynAttackProtect", 0);
    cr_finding_set_fix(f, "Set-SynProtection -Disable",
                       "connreset syn set --disable", &off,
                       RISK_DISABLE " To keep some protection instead, raise "
                       "the thresholds: Set-SynProtection -Enable "
                       "-MaxHalfOpen <n> -MaxHalfOpenRetried <m> (m < n).");
  }

  for (i = 0; i < NVALUES; i++) {
    if (v[i].source == SRC_INVALID && pre_vista) {
      snprintf(title, sizeof title, "%s is not a REG_DWORD", v[i].name);
      snprintf(reason, sizeof reason, "%s is stored as %s; TCP/IP expects "
               "a REG_DWORD, so the value it uses is not the one shown.",
               v[i].name, cr_reg_type_name(v[i].type));
      if ((rc = cr_report_add_finding(r, &f, "SYN006", "SYN",
                                      CR_SEVERITY_WARNING, title, reason)) < 0)
        return rc;
      add_value_evidence(f, &v[i]);
      cr_finding_set_fix(f, "Set-SynProtection -Reset",
                         "connreset syn set --reset", NULL,
                         "Removes the four values so the OS defaults apply; "
                         "set them again as REG_DWORD if you need them.");
    }
    if (v[i].out_of_range) {
      snprintf(title, sizeof title, "%s is outside its documented range",
               v[i].name);
      snprintf(reason, sizeof reason, "%s is %lu; the documented range on "
               "%s is %lu to %lu (%s).", v[i].name, (unsigned long)v[i].raw,
               os->name, (unsigned long)v[i].row->min,
               (unsigned long)v[i].row->max, v[i].row->source);
      if ((rc = cr_report_add_finding(r, &f, "SYN003", "SYN",
                                      CR_SEVERITY_WARNING, title, reason)) < 0)
        return rc;
      add_value_evidence(f, &v[i]);
      cr_finding_set_fix(f, "Set-SynProtection -Reset",
                         "connreset syn set --reset", NULL,
                         "Removes the values so the documented defaults "
                         "apply.");
    }
  }

  if (pre_vista && v[TMHO].has_effective && v[TMHR].has_effective &&
      v[TMHR].effective >= v[TMHO].effective) {
    const cr_syn_row *dho = v[TMHO].row, *dhr = v[TMHR].row;
    char cmd[160], cli[160];
    snprintf(reason, sizeof reason, "TcpMaxHalfOpenRetried (%lu, %s) is not "
             "below TcpMaxHalfOpen (%lu, %s); the documentation says it "
             "should be less, or protection triggers on the wrong threshold.",
             (unsigned long)v[TMHR].effective, source_name(v[TMHR].source),
             (unsigned long)v[TMHO].effective, source_name(v[TMHO].source));
    if ((rc = cr_report_add_finding(r, &f, "SYN004", "SYN",
                                    CR_SEVERITY_WARNING,
                                    "TcpMaxHalfOpenRetried is not below "
                                    "TcpMaxHalfOpen", reason)) < 0)
      return rc;
    add_value_evidence(f, &v[TMHO]);
    add_value_evidence(f, &v[TMHR]);
    if (dho && dhr && dho->has_default && dhr->has_default) {
      snprintf(cmd, sizeof cmd, "Set-SynProtection -Enable -MaxHalfOpen %lu "
               "-MaxHalfOpenRetried %lu", (unsigned long)dho->def,
               (unsigned long)dhr->def);
      snprintf(cli, sizeof cli, "connreset syn set --enable --max-half-open "
               "%lu --max-half-open-retried %lu", (unsigned long)dho->def,
               (unsigned long)dhr->def);
      cr_finding_set_fix(f, cmd, cli, NULL, "These are the documented "
                         "defaults for this OS. Restart the computer so "
                         "TCP/IP reads them.");
    } else {
      cr_finding_set_fix(f, "Set-SynProtection -Reset",
                         "connreset syn set --reset", NULL,
                         "Removes the values so the OS defaults apply.");
    }
  }

  if (os->known && cr_os_at_least(os, 6, 0)) {
    bool any = false;
    for (i = 0; i < NVALUES; i++)
      any = any || v[i].present;
    if (any) {
      snprintf(reason, sizeof reason, "%s sizes its SYN protection itself "
               "and reads none of these values (Microsoft: no longer used "
               "from Vista / Server 2008); they change nothing and mislead "
               "audits.", os->name);
      if ((rc = cr_report_add_finding(r, &f, "SYN005", "SYN",
          CR_SEVERITY_INFO, "SYN attack protection values are set where "
          "they have no effect", reason)) < 0)
        return rc;
      for (i = 0; i < NVALUES; i++)
        if (v[i].present)
          add_value_evidence(f, &v[i]);
      cr_finding_set_fix(f, "Set-SynProtection -Reset",
                         "connreset syn set --reset", NULL,
                         "Harmless to leave; removing them keeps the "
                         "configuration honest.");
    }
  }
  return CR_OK;
}

/* ---------------------------------------------------------------- */
/* Section rendering.                                               */
/* ---------------------------------------------------------------- */

static void syn_json(const void *data, cr_json *j)
{
  const syn_result *res = data;
  int i;
  cr_json_str(j, "family", "SYN");
  cr_json_str(j, "state", res->state);
  cr_json_str(j, "reason", res->state_reason);
  cr_json_str(j, "key", CR_KEY_TCPIP_PARAMETERS);
  cr_json_arr(j, "values");
  for (i = 0; i < NVALUES; i++) {
    const syn_value *v = &res->v[i];
    cr_json_obj(j, NULL);
    cr_json_str(j, "name", v->name);
    cr_json_bool(j, "present", v->present);
    if (v->present) {
      cr_json_str(j, "type", cr_reg_type_name(v->type));
      if (v->raw_is_dword)
        cr_json_int(j, "raw", v->raw);
      else
        cr_json_str(j, "raw", v->raw_text);
    } else {
      cr_json_null(j, "type");
      cr_json_null(j, "raw");
    }
    if (v->has_effective)
      cr_json_int(j, "effective", v->effective);
    else
      cr_json_null(j, "effective");
    cr_json_str(j, "source", source_name(v->source));
    if (v->row && v->row->has_default)
      cr_json_int(j, "default", v->row->def);
    else
      cr_json_null(j, "default");
    if (v->row && v->row->has_range) {
      cr_json_obj(j, "range");
      cr_json_int(j, "min", v->row->min);
      cr_json_int(j, "max", v->row->max);
      cr_json_obj_end(j);
    } else {
      cr_json_null(j, "range");
    }
    cr_json_str(j, "citation", v->row ? v->row->source
                                      : "no source covers this OS");
    cr_json_obj_end(j);
  }
  cr_json_arr_end(j);
}

static void syn_text(const void *data, cr_buf *out)
{
  const syn_result *res = data;
  int i;
  cr_buf_printf(out, "TCP SYN attack protection: %s\n  %s\n  Key: %s\n",
                res->state, res->state_reason, CR_KEY_TCPIP_PARAMETERS);
  cr_buf_printf(out, "  %-38s %-20s %-10s %s\n", "Value", "Registry",
                "Effective", "Source");
  for (i = 0; i < NVALUES; i++) {
    const syn_value *v = &res->v[i];
    char eff[24];
    if (v->has_effective)
      snprintf(eff, sizeof eff, "%lu", (unsigned long)v->effective);
    else
      snprintf(eff, sizeof eff, "-");
    char raw[40];
    if (v->raw_is_dword)
      snprintf(raw, sizeof raw, "%lu", (unsigned long)v->raw);
    else
      snprintf(raw, sizeof raw, "%.39s", v->present ? v->raw_text : "absent");
    cr_buf_printf(out, "  %-38s %-20s %-10s %s\n", v->name, raw, eff,
                  source_name(v->source));
  }
}

static void syn_free(void *data) { free(data); }

int cr_run_syn(cr_report *r, const cr_snapshot *snap)
{
  cr_section sec;
  syn_result *res = cr_calloc(1, sizeof *res);
  int rc;
  if (!res)
    return cr_error_oom();
  read_values(res, snap, &r->os);
  decide_state(res, &r->os);
  if ((rc = add_findings(r, res, &r->os)) < 0) {
    free(res);
    return rc;
  }
  sec.name = "syn";
  sec.data = res;
  sec.to_json = syn_json;
  sec.to_text = syn_text;
  sec.free = syn_free;
  return cr_report_add_section(r, &sec);
}

/* The state as the check decides it, for the DSC resource's effective
 * state: "enabled", "disabled", "not-applicable" or "unknown", and why. */
const char *cr_syn_effective(char *reason, size_t size,
                             const cr_snapshot *snap, const cr_os *os)
{
  syn_result res;
  memset(&res, 0, sizeof res);
  read_values(&res, snap, os);
  decide_state(&res, os);
  snprintf(reason, size, "%s", res.state_reason);
  return res.state;
}

/* ---------------------------------------------------------------- */
/* Planning a change.                                               */
/* ---------------------------------------------------------------- */

static int check_number(const char *name, int64_t n, const syn_value *v)
{
  uint32_t lo = 1, hi = 0xFFFFFFFFu;
  if (v->row && v->row->has_range) {
    lo = v->row->min;
    hi = v->row->max;
  }
  if (n < (int64_t)lo || n > (int64_t)hi)
    return cr_error_set(CR_EINVAL, "%s must be between %lu and %lu%s%s%s",
                        name, (unsigned long)lo, (unsigned long)hi,
                        v->row ? " (" : "", v->row ? v->row->source : "",
                        v->row ? ")" : "");
  return CR_OK;
}

int cr_syn_plan(cr_change **out, const cr_snapshot *snap,
                const cr_syn_options *opts)
{
  syn_result res;
  cr_os os;
  cr_change *c = NULL;
  const char *title, *note;
  char notebuf[700];
  int rc = CR_OK, i;

  if (!out || !snap || !opts)
    return cr_error_set(CR_EINVAL, "cr_syn_plan: bad argument");
  *out = NULL;
  if (opts->version != CR_SYN_OPTIONS_VERSION)
    return cr_error_set(CR_EINVAL, "cr_syn_options version %u is not %u",
                        opts->version, CR_SYN_OPTIONS_VERSION);
  memset(&res, 0, sizeof res);
  cr_os_read(&os, snap);
  read_values(&res, snap, &os);

  switch (opts->action) {
  case CR_SYN_DISABLE:
    if (opts->max_half_open >= 0 || opts->max_half_open_retried >= 0) {
      rc = cr_error_set(CR_EINVAL, "the thresholds only apply when "
                        "protection is enabled; use --enable with them");
      goto out;
    }
    title = "Disable TCP SYN attack protection (SynAttackProtect = 0)";
    note = RISK_DISABLE;
    break;
  case CR_SYN_ENABLE: {
    int64_t ho = opts->max_half_open, hr = opts->max_half_open_retried;
    if (ho >= 0 && (rc = check_number("TcpMaxHalfOpen", ho, &res.v[TMHO])) < 0)
      goto out;
    if (hr >= 0 &&
        (rc = check_number("TcpMaxHalfOpenRetried", hr, &res.v[TMHR])) < 0)
      goto out;
    if (ho < 0 && res.v[TMHO].has_effective)
      ho = res.v[TMHO].effective;
    if (hr < 0 && res.v[TMHR].has_effective)
      hr = res.v[TMHR].effective;
    if (ho >= 0 && hr >= 0 && hr >= ho &&
        (opts->max_half_open >= 0 || opts->max_half_open_retried >= 0)) {
      rc = cr_error_set(CR_EINVAL, "TcpMaxHalfOpenRetried (%lld) must be "
                        "less than TcpMaxHalfOpen (%lld)", (long long)hr,
                        (long long)ho);
      goto out;
    }
    title = "Enable TCP SYN attack protection (SynAttackProtect = 1)";
    note = "Restart the computer so TCP/IP reads the new values.";
    break;
  }
  case CR_SYN_RESET:
    if (opts->max_half_open >= 0 || opts->max_half_open_retried >= 0) {
      rc = cr_error_set(CR_EINVAL, "--reset takes no thresholds");
      goto out;
    }
    title = "Reset TCP SYN attack protection values to the OS defaults";
    note = "Removes the four values. Restart the computer so TCP/IP reads "
           "the defaults.";
    break;
  default:
    rc = cr_error_set(CR_EINVAL, "unknown SYN action %d", (int)opts->action);
    goto out;
  }
  if (os.known && cr_os_at_least(&os, 6, 0)) {
    snprintf(notebuf, sizeof notebuf, "%s ignores these values (Vista / "
             "Server 2008 and later size SYN protection themselves), so this "
             "change has no effect on the network stack. %s", os.name, note);
    note = notebuf;
  }
  if ((rc = cr_change_new(&c, title, note)) < 0)
    goto out;

  if (opts->action == CR_SYN_RESET) {
    for (i = 0; i < NVALUES && rc >= 0; i++)
      if (res.v[i].present)
        rc = cr_change_add_delete_value(c, CR_KEY_TCPIP_PARAMETERS,
                                        res.v[i].name);
  } else {
    uint32_t want = opts->action == CR_SYN_ENABLE ? 1 : 0;
    /* Write the value even when the default already matches: the default
     * changes with the service pack (0 before SP1, 1 from SP1). */
    if (!(res.v[SAP].raw_is_dword && res.v[SAP].raw == want))
      rc = cr_change_add_dword(c, CR_KEY_TCPIP_PARAMETERS,
                               "SynAttackProtect", want);
    if (rc >= 0 && opts->action == CR_SYN_ENABLE &&
        opts->max_half_open >= 0 &&
        !(res.v[TMHO].raw_is_dword &&
          res.v[TMHO].raw == (uint32_t)opts->max_half_open))
      rc = cr_change_add_dword(c, CR_KEY_TCPIP_PARAMETERS, "TcpMaxHalfOpen",
                               (uint32_t)opts->max_half_open);
    if (rc >= 0 && opts->action == CR_SYN_ENABLE &&
        opts->max_half_open_retried >= 0 &&
        !(res.v[TMHR].raw_is_dword &&
          res.v[TMHR].raw == (uint32_t)opts->max_half_open_retried))
      rc = cr_change_add_dword(c, CR_KEY_TCPIP_PARAMETERS,
                               "TcpMaxHalfOpenRetried",
                               (uint32_t)opts->max_half_open_retried);
  }
  if (rc >= 0) {
    *out = c;
    c = NULL;
  }
out:
  cr_change_free(c);
  cr_os_dispose(&os);
  return rc;
}
