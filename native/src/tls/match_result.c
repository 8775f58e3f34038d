/*
 * match_result.c - what a match decided (match.c), for its callers: the
 * accessors of connreset.h and match.h, the JSON and text renderings, and
 * the decision as canonical text (cr_match_decision) that proves a fleet's
 * configuration classes change no verdict (class_key.c).
 */
#include "../core/json.h"
#include "match_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *key_name(cr_server_key k)
{
  return k == CR_SERVER_KEY_ECDSA ? "ecdsa" : "rsa";
}

cr_outcome cr_match_outcome(const cr_match *m)
{
  return m ? m->outcome : CR_OUTCOME_UNDETERMINED;
}

const char *cr_outcome_name(cr_outcome o)
{
  switch (o) {
  case CR_OUTCOME_CONNECTS: return "connects";
  case CR_OUTCOME_FAILS: return "fails";
  case CR_OUTCOME_INTERMITTENT: return "intermittent";
  case CR_OUTCOME_UNDETERMINED: return "undetermined";
  default: return NULL;
  }
}

const char *cr_match_reason(const cr_match *m)
{
  return m ? m->verdict : NULL;
}

const char *cr_match_family(const cr_match *m)
{
  return m ? m->family : NULL;
}

size_t cr_match_missing_count(const cr_match *m)
{
  return m ? m->nmissing : 0;
}

int cr_match_missing(const char **side, const char **what,
                     const char **detail, const char **supply,
                     const cr_match *m, size_t index)
{
  const cr_missing *x;
  if (!m || index >= m->nmissing)
    return cr_error_set(CR_EINVAL, "cr_match_missing: no item %zu", index);
  x = &m->missing[index];
  if (side)
    *side = x->side;
  if (what)
    *what = x->what;
  if (detail)
    *detail = x->detail;
  if (supply)
    *supply = x->supply;
  return CR_OK;
}

size_t cr_match_finding_count(const cr_match *m)
{
  return m ? cr_report_finding_count(m->findings) : 0;
}

const cr_finding *cr_match_finding(const cr_match *m, size_t i)
{
  return m ? cr_report_finding(m->findings, i) : NULL;
}

cr_report *cr_match_report(cr_match *m) { return m ? m->findings : NULL; }

size_t cr_match_fix_count(const cr_match *m) { return m ? m->nfixes : 0; }

const cr_setting *cr_match_fix_setting(const cr_match *m, size_t i)
{
  return m && i < m->nfixes && m->fixes[i].setting.kind != CR_SETTING_NONE
           ? &m->fixes[i].setting : NULL;
}

void cr_match_get_view(cr_match_view *v, const cr_match *m)
{
  v->outcome = m->outcome;
  v->family = m->family;
  v->protocol = m->negotiated >= 0 ? cr_tls_proto_key[m->negotiated] : NULL;
  v->suite = m->suite ? m->suite->name : NULL;
  v->reason = m->verdict;
}

int cr_match_fix_at(const cr_match *m, size_t i, const char **side,
                    const char **summary, const char **cmdlet,
                    const char **cli, const char **gpo)
{
  const cr_fix *f;
  if (!m || i >= m->nfixes)
    return 0;
  f = &m->fixes[i];
  *side = f->side;
  *summary = f->summary;
  *cmdlet = f->cmdlet[0] ? f->cmdlet : NULL;
  *cli = f->cli[0] ? f->cli : NULL;
  *gpo = f->gpo[0] ? f->gpo : NULL;
  return 1;
}

void cr_match_set_fix_gpo(cr_match *m, size_t i, const char *gpo)
{
  if (m && i < m->nfixes)
    snprintf(m->fixes[i].gpo, sizeof m->fixes[i].gpo, "%s", gpo ? gpo : "");
}
/* ---------------------------------------------------------------- */

static void side_json(cr_json *j, const char *name, const cr_tls_machine *t)
{
  char v[32];
  cr_json_obj(j, name);
  cr_json_str(j, "name", t->name);
  cr_json_str(j, "os", t->os.name);
  if (t->os.known) {
    snprintf(v, sizeof v, "%u.%u.%u", t->os.major, t->os.minor, t->os.build);
    cr_json_str(j, "version", v);
  } else {
    cr_json_null(j, "version");
  }
  cr_json_str(j, "declared", t->os.declared[0] ? t->os.declared : NULL);
  cr_json_str(j, "suiteSource", cr_suite_source_name(t->suite_source));
  cr_json_str(j, "dheLeadingZeroFix", t->dhe_fix == CR_DHE_FIX_PRESENT ? "present"
                                      : t->dhe_fix == CR_DHE_FIX_MISSING
                                          ? "missing" : "unknown");
  cr_json_obj_end(j);
}

int cr_match_to_json(char **out, const cr_match *m)
{
  cr_buf b = CR_BUF_INIT;
  cr_json j;
  size_t i;
  int p;
  if (!out || !m)
    return cr_error_set(CR_EINVAL, "cr_match_to_json: bad argument");
  cr_json_init(&j, &b);
  cr_json_obj(&j, NULL);
  cr_json_str(&j, "schema", "connreset.match/1");
  side_json(&j, "client", m->client);
  side_json(&j, "server", m->server);
  cr_json_obj(&j, "serverKey");
  cr_json_str(&j, "type", key_name(m->key));
  cr_json_str(&j, "source", m->key_source);
  cr_json_str(&j, "why", m->key_why);
  cr_json_obj_end(&j);
  cr_json_arr(&j, "protocols");
  for (p = CR_PROTO_TLS13; p >= CR_PROTO_SSL3; p--) {
    cr_json_obj(&j, NULL);
    cr_json_str(&j, "protocol", cr_tls_proto_key[p]);
    cr_json_str(&j, "client", cr_proto_state_name(m->client->proto[CR_TLS_CLIENT][p].state));
    cr_json_str(&j, "server", cr_proto_state_name(m->server->proto[CR_TLS_SERVER][p].state));
    if (m->common[p] == T_UNKNOWN)
      cr_json_null(&j, "common");
    else
      cr_json_bool(&j, "common", m->common[p] == T_YES);
    cr_json_str(&j, "serverChoice", m->common[p] != T_NO && m->choice[p]
                                      ? m->choice[p]->name : NULL);
    cr_json_obj_end(&j);
  }
  cr_json_arr_end(&j);
  cr_json_obj(&j, "verdict");
  cr_json_str(&j, "outcome", cr_outcome_name(m->outcome));
  /* canConnect, for readers from before "outcome": the handshake can
   * succeed (connects, intermittent), cannot (fails), or null. */
  if (m->outcome == CR_OUTCOME_UNDETERMINED)
    cr_json_null(&j, "canConnect");
  else
    cr_json_bool(&j, "canConnect", m->outcome != CR_OUTCOME_FAILS);
  cr_json_str(&j, "family", m->family);
  cr_json_str(&j, "protocol", m->negotiated >= 0 ? cr_tls_proto_key[m->negotiated]
                                                 : NULL);
  cr_json_str(&j, "suite", m->suite ? m->suite->name : NULL);
  cr_json_str(&j, "reason", m->verdict);
  cr_json_arr(&j, "missing");
  for (i = 0; i < m->nmissing; i++) {
    cr_json_obj(&j, NULL);
    cr_json_str(&j, "side", m->missing[i].side);
    cr_json_str(&j, "what", m->missing[i].what);
    cr_json_str(&j, "detail", m->missing[i].detail);
    cr_json_str(&j, "supply", m->missing[i].supply);
    cr_json_obj_end(&j);
  }
  cr_json_arr_end(&j);
  cr_json_arr(&j, "fixes");
  for (i = 0; i < m->nfixes; i++) {
    cr_json_obj(&j, NULL);
    cr_json_str(&j, "side", m->fixes[i].side);
    cr_json_str(&j, "summary", m->fixes[i].summary);
    cr_json_str(&j, "cmdlet", m->fixes[i].cmdlet[0] ? m->fixes[i].cmdlet : NULL);
    cr_json_str(&j, "cli", m->fixes[i].cli[0] ? m->fixes[i].cli : NULL);
    cr_json_str(&j, "gpo", m->fixes[i].gpo[0] ? m->fixes[i].gpo : NULL);
    cr_json_obj_end(&j);
  }
  cr_json_arr_end(&j);
  cr_json_obj_end(&j);
  cr_findings_json(&j, "findings", m->findings);
  cr_json_obj_end(&j);
  return cr_json_finish(out, &b);
}

int cr_match_to_text(char **out, const cr_match *m)
{
  cr_buf b = CR_BUF_INIT;
  size_t i;
  int p;
  if (!out || !m)
    return cr_error_set(CR_EINVAL, "cr_match_to_text: bad argument");
  cr_buf_printf(&b, "Client: %s (%s%s)\nServer: %s (%s%s), %s certificate "
                "(%s: %s)\n\n", m->client->name, m->client->os.name,
                m->client->os.declared[0] ? ", declared" : "",
                m->server->name, m->server->os.name,
                m->server->os.declared[0] ? ", declared" : "",
                m->key == CR_SERVER_KEY_ECDSA ? "ECDSA" : "RSA",
                m->key_source, m->key_why);
  cr_buf_printf(&b, "  %-9s %-20s %-20s %s\n", "Protocol", "Client", "Server",
                "Server would pick");
  for (p = CR_PROTO_TLS13; p >= CR_PROTO_SSL3; p--)
    cr_buf_printf(&b, "  %-9s %-20s %-20s %s\n", cr_tls_proto_key[p],
                  cr_proto_state_name(m->client->proto[CR_TLS_CLIENT][p].state),
                  cr_proto_state_name(m->server->proto[CR_TLS_SERVER][p].state),
                  m->common[p] == T_NO ? "-"
                  : m->choice_unknown[p] ? "(unknown)"
                  : m->choice[p] ? m->choice[p]->name
                  : "(no common suite)");
  cr_buf_printf(&b, "\nVerdict: %s\n  %s\n",
                m->outcome == CR_OUTCOME_CONNECTS ? "connects"
                : m->outcome == CR_OUTCOME_FAILS ? "fails: they cannot connect"
                : m->outcome == CR_OUTCOME_INTERMITTENT
                  ? "intermittent: they connect, but some handshakes fail"
                  : "undetermined: the snapshots do not say enough",
                m->verdict);
  for (i = 0; i < m->nmissing; i++)
    cr_buf_printf(&b, "  Missing (%s): %s\n      %s\n", m->missing[i].side,
                  m->missing[i].detail, m->missing[i].supply);
  for (i = 0; i < m->nfixes; i++) {
    cr_buf_printf(&b, "  Fix %zu (%s): %s\n", i + 1, m->fixes[i].side,
                  m->fixes[i].summary);
    if (m->fixes[i].cmdlet[0])
      cr_buf_printf(&b, "      %s\n      %s\n", m->fixes[i].cmdlet,
                    m->fixes[i].cli);
  }
  cr_findings_text(&b, m->findings);
  if (cr_buf_status(&b) < 0) {
    cr_buf_dispose(&b);
    return CR_ENOMEM;
  }
  *out = cr_buf_detach(&b, NULL);
  return CR_OK;
}
/* The decision of a match in canonical text: everything but the wording
 * that names the machines (see cr_tls_class_key). */
int cr_match_decision(cr_buf *out, const cr_match *m)
{
  size_t i, k;
  int p;
  cr_buf_printf(out, "outcome=%s family=%s negotiated=%d suite=%s key=%s/%s\n",
                cr_outcome_name(m->outcome), m->family ? m->family : "-",
                m->negotiated, m->suite ? m->suite->name : "-",
                key_name(m->key), m->key_source);
  for (p = 0; p < CR_PROTO_COUNT; p++)
    cr_buf_printf(out, "%s common=%d choice=%s\n", cr_tls_proto_id[p],
                  (int)m->common[p], m->choice[p] ? m->choice[p]->name : "-");
  for (i = 0; i < m->nfixes; i++) {
    const cr_fix *f = &m->fixes[i];
    cr_buf_printf(out, "fix %s|%s|%s|%d|%s|%s|%lu|%p\n", f->side, f->cmdlet,
                  f->cli, (int)f->setting.kind, f->setting.key,
                  f->setting.value, (unsigned long)f->setting.dword,
                  (const void *)f->setting.os_suites);
  }
  for (p = 0; p < CR_PROTO_COUNT; p++)
    if (m->choice_unknown[p])
      cr_buf_printf(out, "%s choice unknown=%u\n", cr_tls_proto_id[p],
                    (unsigned)m->choice_unknown[p]);
  for (i = 0; i < m->nmissing; i++)
    cr_buf_printf(out, "missing %s %s\n", m->missing[i].side,
                  m->missing[i].what);
  for (i = 0; i < m->findings->nfindings; i++) {
    const cr_finding *f = m->findings->findings[i];
    cr_buf_printf(out, "finding %s %d %s|%s|%s\n", f->id, (int)f->severity,
                  f->title, f->fix_cmdlet ? f->fix_cmdlet : "-",
                  f->fix_cli ? f->fix_cli : "-");
    for (k = 0; k < f->nsettings; k++)
      cr_buf_printf(out, "  setting %d|%s|%s|%lu|%p\n",
                    (int)f->settings[k].kind, f->settings[k].key,
                    f->settings[k].value, (unsigned long)f->settings[k].dword,
                    (const void *)f->settings[k].os_suites);
  }
  return cr_buf_status(out);
}
