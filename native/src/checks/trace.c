/*
 * trace.c - reads capture files through the wire layers (capture reader,
 * packet layers, TCP tracker, TDS/TLS decoders) and sums each finished
 * connection into its server's totals; the public cr_trace_* entry points.
 * Verdicts: trace_verdicts.c; output: trace_output.c.
 */
#include "trace.h"

#include "../wire/capture.h"
#include "../wire/layers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- */
/* Sums.                                                            */
/* ---------------------------------------------------------------- */

/* Hash indexes over t->servers and t->pairs (open addressing, slots hold
 * index + 1), so a trace with many servers or client hosts stays linear. */
static uint64_t ep_hash(const cr_ep *e, uint64_t seed)
{
  uint64_t h = 1469598103934665603ull ^ seed;
  size_t i;
  for (i = 0; i < (e->v6 ? 16u : 4u); i++)
    h = (h ^ e->addr[i]) * 1099511628211ull;
  h = (h ^ e->port) * 1099511628211ull;
  return h ^ (h >> 31);
}

/* Makes room for one more entry in an index of `n` entries; `rehash`
 * gives each entry's hash. */
static int index_reserve(size_t **slots, size_t *cap, size_t n,
                         uint64_t (*hash)(const cr_trace *, size_t),
                         const cr_trace *t)
{
  size_t ncap, i;
  size_t *v;
  if ((n + 1) * 2 <= *cap)
    return 0;
  ncap = *cap ? *cap * 2 : 64;
  if (!(v = cr_calloc(ncap, sizeof *v)))
    return cr_error_oom();
  for (i = 0; i < n; i++) {
    size_t k = (size_t)hash(t, i) & (ncap - 1);
    while (v[k])
      k = (k + 1) & (ncap - 1);
    v[k] = i + 1;
  }
  free(*slots);
  *slots = v;
  *cap = ncap;
  return 0;
}

static uint64_t server_hash(const cr_trace *t, size_t i)
{
  return ep_hash(&t->servers[i].ep, 0);
}

static uint64_t pair_hash(const cr_trace *t, size_t i)
{
  return ep_hash(&t->pairs[i].client, t->pairs[i].server + 1);
}

static trace_server *server_for(cr_trace *t, const cr_ep *ep)
{
  size_t k;
  trace_server *v;
  if (t->cap_server_index) {
    k = (size_t)ep_hash(ep, 0) & (t->cap_server_index - 1);
    for (; t->server_index[k]; k = (k + 1) & (t->cap_server_index - 1))
      if (cr_ep_equal(&t->servers[t->server_index[k] - 1].ep, ep))
        return &t->servers[t->server_index[k] - 1];
  }
  if (index_reserve(&t->server_index, &t->cap_server_index, t->nservers,
                    server_hash, t) < 0)
    return NULL;
  v = cr_realloc_array(t->servers, t->nservers + 1, sizeof *v);
  if (!v)
    return NULL;
  t->servers = v;
  v = &t->servers[t->nservers];
  memset(v, 0, sizeof *v);
  v->ep = *ep;
  k = (size_t)ep_hash(ep, 0) & (t->cap_server_index - 1);
  while (t->server_index[k])
    k = (k + 1) & (t->cap_server_index - 1);
  t->server_index[k] = ++t->nservers;
  return v;
}

static void ref_fill(trace_ref *r, uint32_t file, const cr_conn_facts *f,
                     uint64_t a, uint64_t b, uint64_t c, uint64_t d,
                     const char *what)
{
  uint64_t in[4];
  size_t i, n = 0;
  in[0] = a;
  in[1] = b;
  in[2] = c;
  in[3] = d;
  memset(r, 0, sizeof *r);
  r->file = file;
  r->stream = f->stream;
  for (i = 0; i < 4; i++)
    if (in[i]) {
      size_t k;
      bool dup = false;
      for (k = 0; k < n; k++)
        dup = dup || r->frames[k] == in[i];
      if (!dup)
        r->frames[n++] = in[i];
    }
  /* ascending */
  for (i = 1; i < n; i++) {
    uint64_t x = r->frames[i];
    size_t k = i;
    while (k && r->frames[k - 1] > x) {
      r->frames[k] = r->frames[k - 1];
      k--;
    }
    r->frames[k] = x;
  }
  snprintf(r->what, sizeof r->what, "%s", what ? what : "");
}

static uint64_t first_alert_frame(const cr_conn_facts *f)
{
  return f->nalerts ? f->alerts[0].frame : 0;
}

static uint64_t close_frame(const cr_conn_facts *f, int dir)
{
  return f->rst_frame[dir] ? f->rst_frame[dir] : f->fin_frame[dir];
}

static uint64_t offer_hash(const uint16_t *v, size_t nv, const uint16_t *s,
                           size_t ns)
{
  uint64_t h = 1469598103934665603ull;
  size_t i;
  for (i = 0; i < nv; i++)
    h = (h ^ v[i]) * 1099511628211ull;
  h = (h ^ 0xffff) * 1099511628211ull;
  for (i = 0; i < ns; i++)
    h = (h ^ s[i]) * 1099511628211ull;
  return h;
}

static bool is_grease(uint16_t v) { return (v & 0x0f0f) == 0x0a0a; }

void trace_offer_from(trace_offer *o, const cr_conn_facts *f)
{
  size_t i;
  memset(o, 0, sizeof *o);
  if (f->ch.has_supported_versions) {
    for (i = 0; i < f->ch.nversions && o->nversions < 8; i++)
      if (!is_grease(f->ch.versions[i]))
        o->versions[o->nversions++] = f->ch.versions[i];
  }
  o->max_version = trace_max_version(&f->ch);
  for (i = 0; i < f->ch.nsuites; i++)
    if (!is_grease(f->ch.suites[i]))
      o->suites[o->nsuites++] = f->ch.suites[i];
  o->hash = offer_hash(o->versions, o->nversions, o->suites, o->nsuites) ^
            o->max_version;
}

static void add_offer(trace_server *s, uint32_t file, const cr_conn_facts *f)
{
  trace_offer o, *v;
  size_t i;
  trace_offer_from(&o, f);
  for (i = 0; i < s->noffers; i++)
    if (s->offers[i].hash == o.hash)
      break;
  if (i == s->noffers) {
    if (s->noffers == TRACE_OFFERS) {
      s->offers_other++;
      return;
    }
    v = cr_realloc_array(s->offers, s->noffers + 1, sizeof *v);
    if (!v) {
      s->offers_other++;
      return;
    }
    s->offers = v;
    s->offers[s->noffers++] = o;
  }
  v = &s->offers[i];
  v->count++;
  if (v->nrefs < TRACE_EXAMPLES) {
    char what[120];
    snprintf(what, sizeof what, "ClientHello (%s, %u suites), then the "
             "server's %s", trace_version_name(v->max_version),
             (unsigned)f->ch.nsuites_total,
             f->rst_frame[1] ? "RST" : "FIN");
    ref_fill(&v->refs[v->nrefs++], file, f, f->ch.frame, close_frame(f, 1),
             0, 0, what);
  }
}

static trace_pair *pair_for(cr_trace *t, const cr_ep *client, size_t server)
{
  size_t k;
  cr_ep host = *client;
  host.port = 0;
  if (t->cap_pair_index) {
    k = (size_t)ep_hash(&host, server + 1) & (t->cap_pair_index - 1);
    for (; t->pair_index[k]; k = (k + 1) & (t->cap_pair_index - 1)) {
      trace_pair *p = &t->pairs[t->pair_index[k] - 1];
      if (p->server == server && cr_ep_equal(&p->client, &host))
        return p;
    }
  }
  if (index_reserve(&t->pair_index, &t->cap_pair_index, t->npairs, pair_hash,
                    t) < 0)
    return NULL;
  if (t->npairs == t->cappairs) {
    size_t n = t->cappairs ? t->cappairs * 2 : 16;
    trace_pair *v = cr_realloc_array(t->pairs, n, sizeof *v);
    if (!v)
      return NULL;
    t->pairs = v;
    t->cappairs = n;
  }
  memset(&t->pairs[t->npairs], 0, sizeof t->pairs[0]);
  t->pairs[t->npairs].client = host;
  t->pairs[t->npairs].server = server;
  k = (size_t)ep_hash(&host, server + 1) & (t->cap_pair_index - 1);
  while (t->pair_index[k])
    k = (k + 1) & (t->cap_pair_index - 1);
  t->pair_index[k] = t->npairs + 1;
  return &t->pairs[t->npairs++];
}

static void remember(uint16_t *list, uint8_t *n, uint8_t max, uint16_t v)
{
  uint8_t i;
  for (i = 0; i < *n; i++)
    if (list[i] == v)
      return;
  if (*n < max)
    list[(*n)++] = v;
}

static void describe(char *out, size_t size, trace_outcome o,
                     const cr_conn_facts *f)
{
  const cr_tls_alert *a = f->nalerts ? &f->alerts[0] : NULL;
  switch (o) {
  case OUT_SYN_UNANSWERED:
    snprintf(out, size, "%u SYN%s, no answer", f->syns, f->syns == 1 ? "" : "s");
    break;
  case OUT_SYN_REFUSED:
    snprintf(out, size, "SYN answered with RST");
    break;
  case OUT_ALERT_PROTO:
  case OUT_ALERT_SUITE:
  case OUT_HANDSHAKE_FAILED:
  case OUT_CERT_REJECTED:
  case OUT_WEAK_CERT_REJECTED:
    if (a && !a->encrypted)
      snprintf(out, size, "%s alert %s (%u) from the %s", a->level == 2 ? "fatal"
               : "warning", trace_alert_name(a->desc), a->desc,
               a->dir ? "server" : "client");
    else if (o == OUT_CERT_REJECTED || o == OUT_WEAK_CERT_REJECTED)
      snprintf(out, size, "the client %s after the certificate",
               f->rst_frame[0] ? "reset" : "closed");
    else
      snprintf(out, size, "handshake aborted (%.90s)", f->history);
    break;
  case OUT_DIED_AFTER_FINISHED:
    snprintf(out, size, "%s chosen; %s after the client's Finished",
             trace_version_name(f->sh.version), f->rst_frame[1] ? "server RST"
             : f->rst_frame[0] ? "client RST" : "closed");
    break;
  case OUT_RESET: {
    int by = f->rst_frame[0] && (!f->rst_frame[1] ||
                                 f->rst_frame[0] < f->rst_frame[1]) ? 0 : 1;
    int64_t after = f->rst_ts[by] - f->first_ts;
    snprintf(out, size, "%s reset after %lld.%03lld s", by ? "server" : "client",
             (long long)(after / 1000000000), (long long)(after / 1000000 % 1000));
    break;
  }
  default:
    snprintf(out, size, "%s", trace_outcome_name(o));
  }
}

/* One finished connection (the tracker's callback). */
static void on_conn(void *ctx, const cr_conn_facts *f)
{
  cr_trace *t = ctx;
  uint32_t file = (uint32_t)(t->nfiles - 1);
  trace_outcome o = trace_classify(f);
  trace_server *s = server_for(t, &f->server);
  size_t si;
  bool dhe = f->sh.frame && !f->sh.hrr && trace_suite_is_dhe(f->sh.suite);
  /* A completed handshake counts even when a reset followed it. */
  bool done = trace_handshake_done(f);
  t->conns_total++;
  if (!s)
    return;
  si = (size_t)(s - t->servers);
  s->conns++;
  s->outcome[o]++;
  if (f->synack_frame)
    s->syn_answered++;
  if (f->transport == CR_TRANSPORT_TDS)
    s->tds++;
  else if (f->transport == CR_TRANSPORT_TDS8)
    s->tds8++;
  else if (f->transport == CR_TRANSPORT_TLS)
    s->tls++;
  if (f->prelogin[1].frame && !s->prelogin.frame) {
    s->prelogin = f->prelogin[1];
    s->prelogin_file = file;
    s->prelogin_stream = f->stream;
  }
  if (f->prelogin[0].frame && f->prelogin[0].encryption >= 0) {
    int e = f->prelogin[0].encryption; /* bit: value 0-3, +4 CLIENT_CERT */
    s->client_encryption |= 1u << ((e & 3) | ((e & 0x80) ? 4 : 0));
  }
  if (f->cert.frame && trace_weak_hash(&f->cert) && !s->has_weak_cert) {
    s->has_weak_cert = true;
    s->weak_cert = f->cert;
  }
  if (f->cert.frame && !s->has_cert) {
    s->has_cert = true;
    s->cert = f->cert;
    s->cert_file = file;
    s->cert_stream = f->stream;
  }
  if (done) {
    uint16_t v = f->sh.selected_version ? f->sh.selected_version : f->sh.version;
    remember(s->versions_ok, &s->nversions_ok, 8, v);
    remember(s->suites_ok, &s->nsuites_ok, TRACE_SERVER_SUITES, f->sh.suite);
    if (v < 0x0303)
      s->not_tls12++;
    if (f->cert.frame && trace_weak_hash(&f->cert)) {
      if (!s->weak_cert_ok++)
        ref_fill(&s->weak_cert_ref, file, f, f->cert.frame,
                 f->finished_frame[0], f->finished_frame[1], 0,
                 "handshake completed with this certificate");
    }
  }
  if (dhe && (done || o == OUT_DIED_AFTER_FINISHED)) {
    trace_pair *p = pair_for(t, &f->client, si);
    if (p) {
      if (done)
        p->ok++;
      else if (!p->died++)
        ref_fill(&p->ref, file, f, f->sh.frame, f->finished_frame[0],
                 close_frame(f, 1) ? close_frame(f, 1) : close_frame(f, 0), 0,
                 "DHE handshake died after the client's Finished");
    }
    if (done)
      s->dhe_ok++;
    else
      s->dhe_died++;
  }
  if (o == OUT_RESET) {
    int by = f->rst_frame[0] && (!f->rst_frame[1] ||
                                 f->rst_frame[0] < f->rst_frame[1]) ? 0 : 1;
    s->resets_by[by]++;
  }
  if (o == OUT_RESET_AFTER_CH)
    add_offer(s, file, f);
  if (o >= OUT_SYN_UNANSWERED && s->nrefs[o] < TRACE_EXAMPLES) {
    char what[120];
    uint64_t a = 0, b = 0, c = 0, d = 0;
    describe(what, sizeof what, o, f);
    switch (o) {
    case OUT_SYN_UNANSWERED:
      a = f->syn_frame;
      break;
    case OUT_SYN_REFUSED:
      a = f->syn_frame;
      b = f->rst_frame[1];
      break;
    case OUT_CERT_REJECTED:
    case OUT_WEAK_CERT_REJECTED:
      a = f->cert.frame;
      b = first_alert_frame(f);
      c = close_frame(f, 0);
      break;
    case OUT_DIED_AFTER_FINISHED:
      a = f->sh.frame;
      b = f->finished_frame[0];
      c = close_frame(f, 1) ? close_frame(f, 1) : close_frame(f, 0);
      break;
    case OUT_RESET:
      a = f->rst_frame[0];
      b = f->rst_frame[1];
      c = f->last_data_frame;
      break;
    default:
      a = f->ch.frame;
      b = first_alert_frame(f);
      c = close_frame(f, 1);
    }
    ref_fill(&s->refs[o][s->nrefs[o]++], file, f, a, b, c, d, what);
  }
  if (t->nconns < TRACE_KEEP) {
    trace_conn *v = t->conns;
    if (t->nconns == t->capconns) {
      size_t n = t->capconns ? t->capconns * 2 : 16;
      if (n > TRACE_KEEP)
        n = TRACE_KEEP;
      if ((v = cr_realloc_array(t->conns, n, sizeof *v)) != NULL) {
        t->conns = v;
        t->capconns = n;
      }
    }
    if (v) {
      memset(&t->conns[t->nconns], 0, sizeof t->conns[0]);
      t->conns[t->nconns].f = *f;
      t->conns[t->nconns].file = file;
      t->conns[t->nconns].outcome = o;
      t->nconns++;
      return;
    }
  }
  t->conns_omitted++;
}

/* ---------------------------------------------------------------- */
/* Reading.                                                         */
/* ---------------------------------------------------------------- */

static bool wanted(const cr_trace *t, const cr_seg *s)
{
  const cr_ep *f = &t->filter;
  if (!t->has_filter)
    return true;
  return (cr_ep_same_addr(f, &s->src) && (!f->port || f->port == s->src.port)) ||
         (cr_ep_same_addr(f, &s->dst) && (!f->port || f->port == s->dst.port));
}

static int read_capture(cr_trace *t, cr_cap *cap, trace_file *tf)
{
  cr_tcp *tcp = NULL;
  cr_cap_pkt pkt;
  cr_seg seg;
  int rc;
  if ((rc = cr_tcp_new(&tcp, on_conn, t, t->has_filter ? &t->filter : NULL)) < 0)
    return rc;
  tf->format = cr_cap_format(cap);
  while ((rc = cr_cap_next(cap, &pkt)) > 0) {
    cr_layer_result lr;
    tf->frames++;
    tf->bytes += pkt.caplen;
    lr = cr_layers_decode(&seg, &pkt);
    if (lr == CR_LAYER_TCP) {
      tf->tcp++;
      if (wanted(t, &seg) && (rc = cr_tcp_segment(tcp, &seg)) < 0)
        break;
    } else if (lr == CR_LAYER_FRAGMENT) {
      tf->fragments++;
    } else if (lr == CR_LAYER_UNSUPPORTED) {
      tf->unsupported++;
    } else if (lr == CR_LAYER_TRUNCATED) {
      tf->truncated++;
    } else {
      tf->other++;
    }
  }
  tf->format = cr_cap_format(cap);
  if (rc < 0) {
    tf->error = rc;
    tf->message = cr_strdup(cr_error_last());
  }
  /* What was read before any damage is still reported. */
  cr_tcp_finish(tcp);
  tf->connections = cr_tcp_get_stats(tcp)->connections;
  tf->open_max = cr_tcp_get_stats(tcp)->open_max;
  tf->expired = cr_tcp_get_stats(tcp)->expired;
  cr_tcp_free(tcp);
  return rc < 0 ? rc : 0;
}

static int add_capture(cr_trace *t, const char *name, const void *data,
                       size_t len, bool is_file)
{
  trace_file *v;
  cr_cap *cap = NULL;
  int rc, brc;
  if (!t || !name || (!is_file && !data && len))
    return cr_error_set(CR_EINVAL, "cr_trace_add_file: bad argument");
  v = cr_realloc_array(t->files, t->nfiles + 1, sizeof *v);
  if (!v)
    return cr_error_oom();
  t->files = v;
  v = &t->files[t->nfiles];
  memset(v, 0, sizeof *v);
  if (!(v->path = cr_strdup(name)))
    return cr_error_oom();
  t->nfiles++;
  rc = is_file ? cr_cap_open_file(&cap, name)
               : cr_cap_open_buffer(&cap, data, len, name);
  if (rc < 0) {
    v->error = rc;
    v->message = cr_strdup(cr_error_last());
  } else {
    rc = read_capture(t, cap, v);
    cr_cap_free(cap);
  }
  brc = trace_build_findings(t);
  if (rc < 0) {
    /* The report above holds what was read; the error is the file's. */
    return cr_error_set(rc, "%s", v->message ? v->message : cr_strerror(rc));
  }
  return brc;
}

/* ---------------------------------------------------------------- */
/* The public API.                                                  */
/* ---------------------------------------------------------------- */

static int parse_server(cr_trace *t, const char *s)
{
  char host[128];
  const char *port = NULL;
  size_t n;
  if (s[0] == '[') {
    const char *end = strchr(s, ']');
    if (!end || (end[1] && end[1] != ':'))
      goto bad;
    n = (size_t)(end - s - 1);
    port = end[1] ? end + 2 : NULL;
    if (n >= sizeof host)
      goto bad;
    memcpy(host, s + 1, n);
  } else {
    const char *colon = strchr(s, ':');
    if (colon && !strchr(colon + 1, ':')) { /* IPv4:port */
      n = (size_t)(colon - s);
      port = colon + 1;
    } else {
      n = strlen(s); /* IPv4, or IPv6 without a port */
    }
    if (n >= sizeof host)
      goto bad;
    memcpy(host, s, n);
  }
  host[n] = '\0';
  if (!cr_ep_parse_addr(&t->filter, host))
    goto bad;
  if (port) {
    char *end;
    unsigned long p = strtoul(port, &end, 10);
    if (!*port || *end || p == 0 || p > 65535)
      goto bad;
    t->filter.port = (uint16_t)p;
  }
  t->has_filter = true;
  t->filter_text = cr_strdup(s);
  return t->filter_text ? 0 : cr_error_oom();
bad:
  return cr_error_set(CR_EINVAL, "server '%s': give an IP address, with a "
                      "port as 10.0.0.5:1433 or [fe80::1]:1433 (host names "
                      "are not resolved)", s);
}

int cr_trace_new(cr_trace **out, const cr_trace_options *opts)
{
  cr_trace *t;
  int rc;
  if (!out)
    return cr_error_set(CR_EINVAL, "cr_trace_new: bad argument");
  *out = NULL;
  if (opts && opts->version != CR_TRACE_OPTIONS_VERSION)
    return cr_error_set(CR_EINVAL, "cr_trace_new: options version %u, "
                        "expected %u", opts->version, CR_TRACE_OPTIONS_VERSION);
  if (!(t = cr_calloc(1, sizeof *t)))
    return cr_error_oom();
  if (opts && opts->server && (rc = parse_server(t, opts->server)) < 0) {
    cr_trace_free(t);
    return rc;
  }
  if ((rc = trace_build_findings(t)) < 0) {
    cr_trace_free(t);
    return rc;
  }
  *out = t;
  return CR_OK;
}

int cr_trace_add_file(cr_trace *trace, const char *path)
{
  return add_capture(trace, path, NULL, 0, true);
}

int cr_trace_add_buffer(cr_trace *trace, const void *data, size_t len,
                        const char *name)
{
  return add_capture(trace, name ? name : "capture", data, len, false);
}

size_t cr_trace_finding_count(const cr_trace *trace)
{
  return trace && trace->findings ? trace->findings->nfindings : 0;
}

const cr_finding *cr_trace_finding(const cr_trace *trace, size_t index)
{
  if (!trace || !trace->findings || index >= trace->findings->nfindings)
    return NULL;
  return trace->findings->findings[index];
}

size_t cr_trace_connection_count(const cr_trace *trace)
{
  return trace ? (size_t)trace->conns_total : 0;
}

size_t cr_trace_damaged_count(const cr_trace *trace)
{
  size_t i, n = 0;
  if (!trace)
    return 0;
  for (i = 0; i < trace->nfiles; i++)
    n += trace->files[i].error != 0;
  return n;
}

int cr_trace_worst_severity(const cr_trace *trace)
{
  return trace && trace->findings ? cr_report_worst_severity(trace->findings)
                                  : -1;
}

int cr_trace_set_match(cr_trace *trace, const cr_match *match)
{
  char *json = NULL, *text = NULL;
  int rc;
  if (!trace || !match)
    return cr_error_set(CR_EINVAL, "cr_trace_set_match: bad argument");
  if ((rc = cr_match_to_json(&json, match)) < 0)
    return rc;
  if ((rc = cr_match_to_text(&text, match)) < 0) {
    cr_free(json);
    return rc;
  }
  cr_free(trace->match_json);
  cr_free(trace->match_text);
  free(trace->match_family);
  trace->match_json = json;
  trace->match_text = text;
  trace->has_match = true;
  trace->match_outcome = cr_match_outcome(match);
  trace->match_family = cr_match_family(match) ? cr_strdup(cr_match_family(match))
                                               : NULL;
  return trace_build_findings(trace);
}

void cr_trace_free(cr_trace *t)
{
  size_t i;
  if (!t)
    return;
  for (i = 0; i < t->nfiles; i++) {
    free(t->files[i].path);
    free(t->files[i].message);
  }
  for (i = 0; i < t->nservers; i++)
    free(t->servers[i].offers);
  free(t->files);
  free(t->conns);
  free(t->servers);
  free(t->pairs);
  free(t->server_index);
  free(t->pair_index);
  free(t->filter_text);
  free(t->match_family);
  cr_free(t->match_json);
  cr_free(t->match_text);
  cr_report_free(t->findings);
  free(t);
}
