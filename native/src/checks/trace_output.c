/*
 * trace_output.c - the trace as JSON (schema "connreset.trace/1") and as
 * text, and the names the wire shows as numbers: TLS versions, alert
 * descriptions (RFC 8446 section 6 and the IANA TLS Alerts registry),
 * named groups (IANA TLS Supported Groups), TDS ENCRYPTION values
 * (MS-TDS 2.2.6.5, as SqlClient's EncryptionOptions names them).
 */
#include "trace.h"

#include "../knowledge/sql_tls.h"
#include "../tls/suites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *trace_version_name(uint16_t v)
{
  static char buf[4][16];
  static int next;
  char *b;
  switch (v) {
  case 0x0002: return "SSL 2.0";
  case 0x0300: return "SSL 3.0";
  case 0x0301: return "TLS 1.0";
  case 0x0302: return "TLS 1.1";
  case 0x0303: return "TLS 1.2";
  case 0x0304: return "TLS 1.3";
  default:
    b = buf[next++ & 3];
    snprintf(b, sizeof buf[0], "0x%04X", v);
    return b;
  }
}

static const struct { uint8_t code; const char *name; } alert_names[] = {
  { 0, "close_notify" }, { 10, "unexpected_message" }, { 20, "bad_record_mac" },
  { 21, "decryption_failed" }, { 22, "record_overflow" },
  { 30, "decompression_failure" }, { 40, "handshake_failure" },
  { 41, "no_certificate" }, { 42, "bad_certificate" },
  { 43, "unsupported_certificate" }, { 44, "certificate_revoked" },
  { 45, "certificate_expired" }, { 46, "certificate_unknown" },
  { 47, "illegal_parameter" }, { 48, "unknown_ca" }, { 49, "access_denied" },
  { 50, "decode_error" }, { 51, "decrypt_error" },
  { 60, "export_restriction" }, { 70, "protocol_version" },
  { 71, "insufficient_security" }, { 80, "internal_error" },
  { 86, "inappropriate_fallback" }, { 90, "user_canceled" },
  { 100, "no_renegotiation" }, { 109, "missing_extension" },
  { 110, "unsupported_extension" }, { 111, "certificate_unobtainable" },
  { 112, "unrecognized_name" }, { 113, "bad_certificate_status_response" },
  { 114, "bad_certificate_hash_value" }, { 115, "unknown_psk_identity" },
  { 116, "certificate_required" }, { 120, "no_application_protocol" }
};

const char *trace_alert_name(uint8_t desc)
{
  size_t i;
  for (i = 0; i < sizeof alert_names / sizeof alert_names[0]; i++)
    if (alert_names[i].code == desc)
      return alert_names[i].name;
  return "unknown";
}

static const struct { uint16_t id; const char *name; } group_names[] = {
  { 23, "secp256r1" }, { 24, "secp384r1" }, { 25, "secp521r1" },
  { 29, "x25519" }, { 30, "x448" }, { 256, "ffdhe2048" }, { 257, "ffdhe3072" },
  { 258, "ffdhe4096" }, { 259, "ffdhe6144" }, { 260, "ffdhe8192" }
};

static const char *group_name(uint16_t id)
{
  size_t i;
  for (i = 0; i < sizeof group_names / sizeof group_names[0]; i++)
    if (group_names[i].id == id)
      return group_names[i].name;
  return NULL;
}

const char *trace_encryption_name(int v)
{
  switch (v) {
  case 0x00: return "OFF";
  case 0x01: return "ON";
  case 0x02: return "NOT_SUP";
  case 0x03: return "REQ";
  case 0x80: return "OFF+CLIENT_CERT";
  case 0x81: return "ON+CLIENT_CERT";
  case 0x83: return "REQ+CLIENT_CERT";
  default: return "unknown";
  }
}

void trace_sql_version(char *out, size_t size, const cr_prelogin *p)
{
  snprintf(out, size, "%u.%u.%u.%u", p->version >> 24,
           (p->version >> 16) & 0xff, p->version & 0xffff, p->subbuild);
}

void trace_ref_frames(char *out, size_t size, const trace_ref *r)
{
  size_t i, k;
  int n = 0;
  for (i = 0; i < 4; i++)
    n += r->frames[i] != 0;
  k = (size_t)snprintf(out, size, n == 1 ? "frame" : "frames");
  for (i = 0; i < 4 && k < size; i++)
    if (r->frames[i])
      k += (size_t)snprintf(out + k, size - k, "%s %llu", i ? "," : "",
                            (unsigned long long)r->frames[i]);
}

static const char *transport_name(uint8_t t)
{
  switch (t) {
  case CR_TRANSPORT_TDS: return "tds";
  case CR_TRANSPORT_TDS8: return "tds8";
  case CR_TRANSPORT_TLS: return "tls";
  case CR_TRANSPORT_OTHER: return "other";
  default: return "none";
  }
}

/* UTC from nanoseconds since 1970 (civil-from-days, proleptic
 * Gregorian), without the platform's gmtime. */
static void iso_time(char *out, size_t size, int64_t ns)
{
  int64_t secs = ns / 1000000000, days = secs / 86400, rem = secs % 86400;
  int64_t z = days + 719468, era = z / 146097, doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2)
    y++;
  snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", (int)y, (int)m,
           (int)d, (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60),
           (int)(ns % 1000000000 / 1000));
}

/* ---------------------------------------------------------------- */
/* JSON.                                                            */
/* ---------------------------------------------------------------- */

static void json_frame(cr_json *j, const char *name, uint64_t frame)
{
  if (frame)
    cr_json_int(j, name, (int64_t)frame);
  else
    cr_json_null(j, name);
}

static void json_pair(cr_json *j, const char *name, uint64_t client,
                      uint64_t server, bool frames)
{
  cr_json_obj(j, name);
  if (frames) {
    json_frame(j, "client", client);
    json_frame(j, "server", server);
  } else {
    cr_json_int(j, "client", (int64_t)client);
    cr_json_int(j, "server", (int64_t)server);
  }
  cr_json_obj_end(j);
}

static void json_suite(cr_json *j, uint16_t id)
{
  const cr_suite *s = cr_suite_by_id(id);
  char hex[8];
  snprintf(hex, sizeof hex, "0x%04X", id);
  cr_json_obj(j, NULL);
  cr_json_int(j, "id", id);
  cr_json_str(j, "hex", hex);
  cr_json_str(j, "name", s ? s->name : NULL);
  cr_json_obj_end(j);
}

static void json_prelogin(cr_json *j, const char *name, const cr_prelogin *p)
{
  char ver[64];
  if (!p->frame) {
    cr_json_null(j, name);
    return;
  }
  cr_json_obj(j, name);
  cr_json_int(j, "frame", (int64_t)p->frame);
  if (p->has_version) {
    trace_sql_version(ver, sizeof ver, p);
    cr_json_str(j, "version", ver);
    cr_json_int(j, "versionRaw", p->version);
    cr_json_int(j, "subBuild", p->subbuild);
  } else {
    cr_json_null(j, "version");
  }
  if (p->encryption >= 0) {
    cr_json_int(j, "encryption", p->encryption);
    cr_json_str(j, "encryptionName", trace_encryption_name(p->encryption));
  } else {
    cr_json_null(j, "encryption");
  }
  if (p->has_instopt)
    cr_json_str(j, "instance", p->instopt);
  else
    cr_json_null(j, "instance");
  if (p->has_threadid)
    cr_json_int(j, "threadId", p->threadid);
  else
    cr_json_null(j, "threadId");
  if (p->mars >= 0)
    cr_json_int(j, "mars", p->mars);
  else
    cr_json_null(j, "mars");
  if (p->has_traceid) {
    char hex[80];
    size_t i;
    for (i = 0; i < 36; i++)
      snprintf(hex + 2 * i, 3, "%02x", p->traceid[i]);
    cr_json_str(j, "traceId", hex);
  } else {
    cr_json_null(j, "traceId");
  }
  if (p->fedauth >= 0)
    cr_json_int(j, "fedAuthRequired", p->fedauth);
  else
    cr_json_null(j, "fedAuthRequired");
  cr_json_bool(j, "nonce", p->has_nonce);
  cr_json_obj_end(j);
}

static void json_cert(cr_json *j, const char *name, const cr_tls_cert *c)
{
  if (!c->frame) {
    cr_json_null(j, name);
    return;
  }
  cr_json_obj(j, name);
  cr_json_int(j, "frame", (int64_t)c->frame);
  cr_json_int(j, "chainLength", c->count);
  cr_json_int(j, "length", c->first_len);
  cr_json_bool(j, "parsed", c->parsed);
  cr_json_str(j, "error", c->parsed ? NULL : c->error);
  cr_json_str(j, "subject", c->parsed ? c->subject : NULL);
  cr_json_str(j, "issuer", c->parsed ? c->issuer : NULL);
  cr_json_str(j, "signatureAlgorithm", c->parsed ? c->sig_oid : NULL);
  cr_json_str(j, "signatureHash", c->parsed && c->sig_hash[0] ? c->sig_hash : NULL);
  cr_json_str(j, "keyType", c->parsed ? c->key_type : NULL);
  cr_json_int(j, "keyBits", c->key_bits);
  cr_json_bool(j, "selfSigned", c->self_signed);
  cr_json_bool(j, "weakHash", trace_weak_hash(c));
  cr_json_obj_end(j);
}

static void json_tls(cr_json *j, const cr_conn_facts *f)
{
  const cr_tls_ch *ch = &f->ch;
  size_t i;
  cr_json_obj(j, "tls");
  if (ch->frame) {
    cr_json_obj(j, "clientHello");
    cr_json_int(j, "frame", (int64_t)ch->frame);
    cr_json_bool(j, "sslv2Format", ch->sslv2);
    cr_json_int(j, "recordVersion", ch->record_version);
    cr_json_int(j, "version", ch->version);
    cr_json_str(j, "versionName", trace_version_name(ch->version));
    cr_json_str(j, "maxVersion", trace_version_name(trace_max_version(ch)));
    if (ch->has_supported_versions) {
      cr_json_arr(j, "supportedVersions");
      for (i = 0; i < ch->nversions; i++)
        cr_json_int(j, NULL, ch->versions[i]);
      cr_json_arr_end(j);
    } else {
      cr_json_null(j, "supportedVersions");
    }
    cr_json_int(j, "cipherSuiteCount", ch->nsuites_total);
    cr_json_arr(j, "cipherSuites");
    for (i = 0; i < ch->nsuites; i++)
      json_suite(j, ch->suites[i]);
    cr_json_arr_end(j);
    cr_json_arr(j, "groups");
    for (i = 0; i < ch->ngroups; i++) {
      cr_json_obj(j, NULL);
      cr_json_int(j, "id", ch->groups[i]);
      cr_json_str(j, "name", group_name(ch->groups[i]));
      cr_json_obj_end(j);
    }
    cr_json_arr_end(j);
    cr_json_arr(j, "signatureAlgorithms");
    for (i = 0; i < ch->nsigalgs; i++)
      cr_json_int(j, NULL, ch->sigalgs[i]);
    cr_json_arr_end(j);
    cr_json_str(j, "serverName", ch->sni[0] ? ch->sni : NULL);
    cr_json_str(j, "alpn", ch->alpn[0] ? ch->alpn : NULL);
    cr_json_obj_end(j);
  } else {
    cr_json_null(j, "clientHello");
  }
  if (f->sh.frame) {
    uint16_t v = f->sh.selected_version ? f->sh.selected_version : f->sh.version;
    cr_json_obj(j, "serverHello");
    cr_json_int(j, "frame", (int64_t)f->sh.frame);
    cr_json_bool(j, "helloRetryRequest", f->sh.hrr);
    cr_json_int(j, "version", f->sh.version);
    if (f->sh.selected_version)
      cr_json_int(j, "selectedVersion", f->sh.selected_version);
    else
      cr_json_null(j, "selectedVersion");
    cr_json_str(j, "negotiated", trace_version_name(v));
    cr_json_int(j, "cipherSuite", f->sh.suite);
    {
      const cr_suite *s = cr_suite_by_id(f->sh.suite);
      cr_json_str(j, "cipherSuiteName", s ? s->name : NULL);
      cr_json_bool(j, "dhe", s && (s->flags & CR_SUITE_DHE));
    }
    cr_json_obj_end(j);
  } else {
    cr_json_null(j, "serverHello");
  }
  json_cert(j, "certificate", &f->cert);
  if (f->ske.frame) {
    cr_json_obj(j, "serverKeyExchange");
    cr_json_int(j, "frame", (int64_t)f->ske.frame);
    if (f->ske.dhe) {
      cr_json_str(j, "kind", "dhe");
      cr_json_int(j, "primeLength", f->ske.p_len);
      cr_json_int(j, "generatorLength", f->ske.g_len);
      cr_json_int(j, "publicValueLength", f->ske.ys_len);
    } else {
      cr_json_str(j, "kind", "ecdhe");
      cr_json_int(j, "curveType", f->ske.curve_type);
      cr_json_int(j, "curve", f->ske.curve);
      cr_json_str(j, "curveName", group_name(f->ske.curve));
      cr_json_int(j, "pointLength", f->ske.point_len);
    }
    cr_json_obj_end(j);
  } else {
    cr_json_null(j, "serverKeyExchange");
  }
  cr_json_arr(j, "alerts");
  for (i = 0; i < f->nalerts; i++) {
    const cr_tls_alert *a = &f->alerts[i];
    cr_json_obj(j, NULL);
    cr_json_int(j, "frame", (int64_t)a->frame);
    cr_json_str(j, "from", a->dir ? "server" : "client");
    cr_json_bool(j, "encrypted", a->encrypted);
    if (a->encrypted) {
      cr_json_null(j, "level");
      cr_json_null(j, "description");
      cr_json_null(j, "name");
    } else {
      cr_json_int(j, "level", a->level);
      cr_json_int(j, "description", a->desc);
      cr_json_str(j, "name", trace_alert_name(a->desc));
    }
    cr_json_obj_end(j);
  }
  cr_json_arr_end(j);
  json_pair(j, "changeCipherSpecFrame", f->ccs_frame[0], f->ccs_frame[1], true);
  json_pair(j, "finishedFrame", f->finished_frame[0], f->finished_frame[1], true);
  json_pair(j, "applicationDataFrame", f->appdata_frame[0], f->appdata_frame[1],
            true);
  cr_json_obj_end(j);
}

static void json_conn(cr_json *j, const cr_trace *t, const trace_conn *c)
{
  const cr_conn_facts *f = &c->f;
  char a[64], ts[64];
  const char *verdict = trace_conn_verdict(t, c);
  cr_json_obj(j, NULL);
  cr_json_str(j, "file", t->files[c->file].path);
  cr_json_int(j, "stream", (int64_t)f->stream);
  cr_ep_str(a, sizeof a, &f->client);
  cr_json_str(j, "client", a);
  cr_ep_str(a, sizeof a, &f->server);
  cr_json_str(j, "server", a);
  cr_json_bool(j, "rolesFromSyn", f->roles_known);
  cr_json_int(j, "firstFrame", (int64_t)f->first_frame);
  cr_json_int(j, "lastFrame", (int64_t)f->last_frame);
  iso_time(ts, sizeof ts, f->first_ts);
  cr_json_str(j, "start", ts);
  cr_json_int(j, "durationUs", (f->last_ts - f->first_ts) / 1000);
  cr_json_str(j, "transport", transport_name(f->transport));
  cr_json_str(j, "outcome", trace_outcome_name(c->outcome));
  cr_json_str(j, "verdict", verdict[0] ? verdict : NULL);
  cr_json_str(j, "history", f->history);
  cr_json_obj(j, "tcp");
  json_frame(j, "synFrame", f->syn_frame);
  json_frame(j, "synAckFrame", f->synack_frame);
  cr_json_int(j, "syns", f->syns);
  json_pair(j, "finFrame", f->fin_frame[0], f->fin_frame[1], true);
  json_pair(j, "rstFrame", f->rst_frame[0], f->rst_frame[1], true);
  if (f->rst_frame[0] || f->rst_frame[1]) {
    int by = f->rst_frame[0] && (!f->rst_frame[1] ||
                                 f->rst_frame[0] < f->rst_frame[1]) ? 0 : 1;
    cr_json_str(j, "resetBy", by ? "server" : "client");
    cr_json_int(j, "resetAfterUs", (f->rst_ts[by] - f->first_ts) / 1000);
    cr_json_int(j, "idleBeforeResetUs", f->last_data_ts && f->rst_ts[by] >=
                f->last_data_ts ? (f->rst_ts[by] - f->last_data_ts) / 1000 : 0);
  } else {
    cr_json_null(j, "resetBy");
  }
  json_pair(j, "segments", f->segments[0], f->segments[1], false);
  json_pair(j, "payloadBytes", f->bytes[0], f->bytes[1], false);
  json_pair(j, "retransmissions", f->retrans[0], f->retrans[1], false);
  json_pair(j, "keepAlives", f->keepalives[0], f->keepalives[1], false);
  cr_json_obj(j, "undecoded");
  cr_json_bool(j, "client", f->gap[0] || f->malformed[0]);
  cr_json_bool(j, "server", f->gap[1] || f->malformed[1]);
  cr_json_obj_end(j);
  cr_json_obj_end(j);
  cr_json_obj(j, "prelogin");
  json_prelogin(j, "client", &f->prelogin[0]);
  json_prelogin(j, "server", &f->prelogin[1]);
  cr_json_obj_end(j);
  json_frame(j, "login7Frame", f->login7_frame);
  json_tls(j, f);
  cr_json_obj_end(j);
}

static void json_server(cr_json *j, const cr_trace *t, const trace_server *s)
{
  char a[64];
  size_t i;
  cr_json_obj(j, NULL);
  cr_ep_str(a, sizeof a, &s->ep);
  cr_json_str(j, "endpoint", a);
  cr_ep_addr_str(a, sizeof a, &s->ep);
  cr_json_str(j, "address", a);
  cr_json_int(j, "port", s->ep.port);
  cr_json_int(j, "connections", (int64_t)s->conns);
  cr_json_obj(j, "outcomes");
  for (i = 0; i < OUT_COUNT; i++)
    if (s->outcome[i])
      cr_json_int(j, trace_outcome_name((trace_outcome)i), (int64_t)s->outcome[i]);
  cr_json_obj_end(j);
  cr_json_int(j, "synAnswered", (int64_t)s->syn_answered);
  cr_json_obj(j, "transports");
  cr_json_int(j, "tds", (int64_t)s->tds);
  cr_json_int(j, "tds8", (int64_t)s->tds8);
  cr_json_int(j, "tls", (int64_t)s->tls);
  cr_json_obj_end(j);
  cr_json_arr(j, "versionsNegotiated");
  for (i = 0; i < s->nversions_ok; i++)
    cr_json_str(j, NULL, trace_version_name(s->versions_ok[i]));
  cr_json_arr_end(j);
  cr_json_arr(j, "suitesChosen");
  for (i = 0; i < s->nsuites_ok; i++)
    json_suite(j, s->suites_ok[i]);
  cr_json_arr_end(j);
  cr_json_int(j, "belowTls12", (int64_t)s->not_tls12);
  cr_json_obj(j, "dhe");
  cr_json_int(j, "completed", (int64_t)s->dhe_ok);
  cr_json_int(j, "diedAfterClientFinished", (int64_t)s->dhe_died);
  cr_json_obj_end(j);
  json_pair(j, "resetsAfterLogin", s->resets_by[0], s->resets_by[1], false);
  json_prelogin(j, "prelogin", &s->prelogin);
  cr_json_arr(j, "clientEncryption");
  for (i = 0; i < 8; i++)
    if (s->client_encryption & (1u << i))
      cr_json_str(j, NULL, trace_encryption_name((int)((i & 3) | (i & 4 ? 0x80 : 0))));
  cr_json_arr_end(j);
  if (s->has_cert)
    json_cert(j, "certificate", &s->cert);
  else
    cr_json_null(j, "certificate");
  cr_json_obj_end(j);
  (void)t;
}

/* Does the trace agree with the configuration match of the same pair?
 * "agrees", "differs" or "undetermined"; NULL without a match. */
static const char *agreement(const cr_trace *t, char *note, size_t size)
{
  size_t i;
  bool fail_proto = false, fail_suite = false, fail_any = false, dhe = false;
  const char *family = t->match_family;
  if (!t->has_match)
    return NULL;
  for (i = 0; i < cr_trace_finding_count(t); i++) {
    const cr_finding *f = cr_trace_finding(t, i);
    dhe = dhe || !strcmp(f->family, "DHEZERO");
    if (f->severity != CR_SEVERITY_ERROR)
      continue;
    fail_any = true;
    fail_proto = fail_proto || !strcmp(f->family, "PROTO");
    fail_suite = fail_suite || !strcmp(f->family, "SUITE");
  }
  switch (t->match_outcome) {
  case CR_OUTCOME_CONNECTS:
    if (!fail_any && !dhe) {
      snprintf(note, size, "the configuration says they connect and the "
               "trace shows no failed handshake");
      return "agrees";
    }
    snprintf(note, size, "the configuration says they connect, yet the "
             "trace shows failed handshakes: a third machine, a middlebox, "
             "or settings changed since the snapshots were taken");
    return "differs";
  case CR_OUTCOME_FAILS:
    if ((family && !strcmp(family, "PROTO") && fail_proto) ||
        (family && !strcmp(family, "SUITE") && (fail_suite || fail_proto))) {
      snprintf(note, size, "the configuration predicts the failure the "
               "trace shows (%s)", family);
      return "agrees";
    }
    if (fail_any) {
      snprintf(note, size, "both fail, for different reasons: the "
               "configuration says %s, the trace shows %s",
               family ? family : "no connection",
               fail_proto ? "PROTO" : fail_suite ? "SUITE" : "another failure");
      return "differs";
    }
    snprintf(note, size, "the configuration says they cannot connect (%s) "
             "but the trace shows no failed handshake: are the snapshots of "
             "the machines in the trace, taken at the same time?",
             family ? family : "?");
    return "differs";
  case CR_OUTCOME_INTERMITTENT:
    if (dhe) {
      snprintf(note, size, "the configuration predicts intermittent DHE "
               "failures and the trace shows them");
      return "agrees";
    }
    if (!fail_any) {
      snprintf(note, size, "the configuration predicts a failure in about "
               "one DHE handshake in 256; none shows in this trace, which "
               "may be too short to catch one");
      return "agrees";
    }
    snprintf(note, size, "the configuration predicts intermittent DHE "
             "failures; the trace shows other failed handshakes");
    return "differs";
  default:
    snprintf(note, size, "the configuration alone cannot decide (its "
             "snapshots leave something unknown); %s",
             fail_any ? "the trace shows failed handshakes"
                      : "the trace shows none failing");
    return "undetermined";
  }
}

int cr_trace_to_json(char **out, const cr_trace *t)
{
  cr_buf b = CR_BUF_INIT;
  cr_json j;
  size_t i;
  if (!out || !t)
    return cr_error_set(CR_EINVAL, "cr_trace_to_json: bad argument");
  cr_json_init(&j, &b);
  cr_json_obj(&j, NULL);
  cr_json_str(&j, "schema", "connreset.trace/1");
  cr_json_str(&j, "version", cr_version());
  cr_json_str(&j, "server", t->filter_text);
  cr_json_arr(&j, "files");
  for (i = 0; i < t->nfiles; i++) {
    const trace_file *f = &t->files[i];
    cr_json_obj(&j, NULL);
    cr_json_str(&j, "path", f->path);
    cr_json_str(&j, "format", f->format);
    cr_json_int(&j, "frames", (int64_t)f->frames);
    cr_json_int(&j, "bytes", (int64_t)f->bytes);
    cr_json_int(&j, "tcpSegments", (int64_t)f->tcp);
    cr_json_int(&j, "otherFrames", (int64_t)f->other);
    cr_json_int(&j, "ipFragments", (int64_t)f->fragments);
    cr_json_int(&j, "unsupportedLinkFrames", (int64_t)f->unsupported);
    cr_json_int(&j, "truncatedFrames", (int64_t)f->truncated);
    cr_json_int(&j, "connections", (int64_t)f->connections);
    cr_json_int(&j, "openMax", (int64_t)f->open_max);
    cr_json_int(&j, "expired", (int64_t)f->expired);
    cr_json_bool(&j, "complete", f->error == 0);
    if (f->error) {
      const char *off = f->message ? strstr(f->message, ": offset ") : NULL;
      cr_json_obj(&j, "error");
      cr_json_str(&j, "code", cr_err_name(f->error));
      cr_json_str(&j, "message", f->message);
      if (off)
        cr_json_int(&j, "offset", strtoll(off + 9, NULL, 10));
      else
        cr_json_null(&j, "offset");
      cr_json_obj_end(&j);
    } else {
      cr_json_null(&j, "error");
    }
    cr_json_obj_end(&j);
  }
  cr_json_arr_end(&j);
  cr_json_int(&j, "connectionCount", (int64_t)t->conns_total);
  cr_json_int(&j, "connectionsOmitted", (int64_t)t->conns_omitted);
  cr_json_arr(&j, "servers");
  for (i = 0; i < t->nservers; i++)
    json_server(&j, t, &t->servers[i]);
  cr_json_arr_end(&j);
  cr_findings_json(&j, "findings", t->findings);
  cr_json_arr(&j, "connections");
  for (i = 0; i < t->nconns; i++)
    json_conn(&j, t, &t->conns[i]);
  cr_json_arr_end(&j);
  if (t->has_match) {
    char note[400];
    const char *agree = agreement(t, note, sizeof note);
    cr_json_obj(&j, "configuration");
    cr_json_str(&j, "outcome", cr_outcome_name(t->match_outcome));
    cr_json_str(&j, "family", t->match_family);
    cr_json_str(&j, "agreement", agree);
    cr_json_str(&j, "note", note);
    cr_json_raw(&j, "match", t->match_json);
    cr_json_obj_end(&j);
  } else {
    cr_json_null(&j, "configuration");
  }
  cr_json_obj_end(&j);
  return cr_json_finish(out, &b);
}

/* ---------------------------------------------------------------- */
/* Text.                                                            */
/* ---------------------------------------------------------------- */

#define TEXT_CONNECTIONS 40

int cr_trace_to_text(char **out, const cr_trace *t)
{
  cr_buf b = CR_BUF_INIT;
  size_t i, shown = 0, listed = 0;
  if (!out || !t)
    return cr_error_set(CR_EINVAL, "cr_trace_to_text: bad argument");
  for (i = 0; i < t->nfiles; i++) {
    const trace_file *f = &t->files[i];
    cr_buf_printf(&b, "Capture %s: %s, %llu frames, %llu TCP connections\n",
                  f->path, f->format ? f->format : "unreadable",
                  (unsigned long long)f->frames,
                  (unsigned long long)f->connections);
    if (f->error)
      cr_buf_printf(&b, "  DAMAGED: %s\n  (what was read before the damage "
                    "is reported below)\n", f->message ? f->message : "");
    if (f->unsupported)
      cr_buf_printf(&b, "  %llu frames of a link type not read\n",
                    (unsigned long long)f->unsupported);
    if (f->fragments)
      cr_buf_printf(&b, "  %llu IP fragments not reassembled\n",
                    (unsigned long long)f->fragments);
    if (f->expired)
      cr_buf_printf(&b, "  %llu connections still open were closed out to "
                    "follow newer ones (%d at once at most)\n",
                    (unsigned long long)f->expired, CR_TCP_OPEN_MAX);
  }
  if (t->filter_text)
    cr_buf_printf(&b, "Server filter: %s\n", t->filter_text);
  cr_buf_printf(&b, "\nServers:\n");
  if (!t->nservers)
    cr_buf_printf(&b, "  (no TCP connection)\n");
  for (i = 0; i < t->nservers; i++) {
    const trace_server *s = &t->servers[i];
    char a[64];
    size_t k, n = 0;
    cr_ep_str(a, sizeof a, &s->ep);
    cr_buf_printf(&b, "  %s: %llu connection%s (", a,
                  (unsigned long long)s->conns, s->conns == 1 ? "" : "s");
    for (k = 0; k < OUT_COUNT; k++)
      if (s->outcome[k])
        cr_buf_printf(&b, "%s%llu %s", n++ ? ", " : "",
                      (unsigned long long)s->outcome[k],
                      trace_outcome_name((trace_outcome)k));
    cr_buf_printf(&b, ")\n");
    if (s->nversions_ok) {
      cr_buf_printf(&b, "    negotiated:");
      for (k = 0; k < s->nversions_ok; k++)
        cr_buf_printf(&b, "%s %s", k ? "," : "",
                      trace_version_name(s->versions_ok[k]));
      for (k = 0; k < s->nsuites_ok; k++) {
        const cr_suite *su = cr_suite_by_id(s->suites_ok[k]);
        if (su)
          cr_buf_printf(&b, "%s%s", k ? ", " : "; ", su->name);
        else
          cr_buf_printf(&b, "%s0x%04X", k ? ", " : "; ", s->suites_ok[k]);
      }
      cr_buf_printf(&b, "\n");
    }
    if (s->prelogin.frame) {
      char ver[64];
      trace_sql_version(ver, sizeof ver, &s->prelogin);
      cr_buf_printf(&b, "    TDS PRELOGIN: SQL Server %s%s%s, encryption %s\n",
                    s->prelogin.has_version ? ver : "(no version)",
                    s->prelogin.has_version && cr_sql_product_name(
                        s->prelogin.version >> 24) ? " = " : "",
                    s->prelogin.has_version && cr_sql_product_name(
                        s->prelogin.version >> 24)
                        ? cr_sql_product_name(s->prelogin.version >> 24) : "",
                    trace_encryption_name(s->prelogin.encryption));
    }
    if (s->tds8)
      cr_buf_printf(&b, "    TDS 8.0 (strict, TLS first): %llu connection%s\n",
                    (unsigned long long)s->tds8, s->tds8 == 1 ? "" : "s");
    if (s->has_cert)
      cr_buf_printf(&b, "    certificate: %s, signed with %s, %s %u bits%s\n",
                    s->cert.parsed ? s->cert.subject : "(unreadable)",
                    s->cert.sig_hash[0] ? s->cert.sig_hash : "?",
                    s->cert.key_type, s->cert.key_bits,
                    s->cert.self_signed ? ", self-signed" : "");
  }
  cr_findings_text(&b, t->findings);
  for (i = 0; i < t->nconns; i++)
    if (trace_conn_verdict(t, &t->conns[i])[0])
      listed++;
  if (listed) {
    cr_buf_printf(&b, "\nConnections with a verdict (%zu%s):\n", listed,
                  t->conns_omitted ? " among those kept in detail" : "");
    for (i = 0; i < t->nconns && shown < TEXT_CONNECTIONS; i++) {
      const trace_conn *c = &t->conns[i];
      const char *v = trace_conn_verdict(t, c);
      char a[64], s[64];
      if (!v[0])
        continue;
      shown++;
      cr_ep_str(a, sizeof a, &c->f.client);
      cr_ep_str(s, sizeof s, &c->f.server);
      cr_buf_printf(&b, "  %s stream %llu, frames %llu-%llu: %s -> %s: %s (%s)\n"
                    "      %s\n", t->files[c->file].path,
                    (unsigned long long)c->f.stream,
                    (unsigned long long)c->f.first_frame,
                    (unsigned long long)c->f.last_frame, a, s, v,
                    trace_outcome_name(c->outcome), c->f.history);
    }
    if (listed > shown)
      cr_buf_printf(&b, "  ... %zu more (--json lists them all)\n",
                    listed - shown);
  }
  if (t->conns_omitted)
    cr_buf_printf(&b, "\n%llu connections beyond the first %d are counted "
                  "in the sums only.\n", (unsigned long long)t->conns_omitted,
                  TRACE_KEEP);
  if (t->has_match) {
    char note[400];
    const char *agree = agreement(t, note, sizeof note);
    cr_buf_printf(&b, "\nConfiguration of the same pair (--client/--server): "
                  "%s%s%s%s; the trace %s: %s.\n",
                  cr_outcome_name(t->match_outcome),
                  t->match_family ? " (" : "",
                  t->match_family ? t->match_family : "",
                  t->match_family ? ")" : "", agree, note);
    cr_buf_puts(&b, t->match_text);
  }
  if (cr_buf_status(&b) < 0) {
    cr_buf_dispose(&b);
    return CR_ENOMEM;
  }
  *out = cr_buf_detach(&b, NULL);
  return *out ? CR_OK : cr_error_oom();
}
