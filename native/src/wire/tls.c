/*
 * tls.c - TLS records and handshake messages as the wire shows them
 * (RFC 5246 sections 6.2, 7.2 and 7.4; RFC 8446 sections 4 and 5;
 * RFC 5246 appendix E.2 for the SSL 2.0-compatible ClientHello;
 * RFC 6066 (server_name), RFC 7301 (ALPN), RFC 8422 (ECDHE parameters)).
 *
 * What is read: the ClientHello's offer, the ServerHello's choice, the
 * server's certificate (TLS 1.2 and earlier, through the project's X.509
 * reader), the ServerKeyExchange sizes, plaintext alerts, and by position
 * ChangeCipherSpec, Finished and the first application data. Encrypted
 * content is never looked into.
 */
#include "conn.h"

#include "../x509/x509.h"

#include <stdio.h>
#include <string.h>

enum { CT_CCS = 20, CT_ALERT = 21, CT_HANDSHAKE = 22, CT_APPDATA = 23,
       CT_HEARTBEAT = 24 };

/* A handshake message longer than this is not followed (certificate
 * chains stay well below it). */
#define HS_MAX (CR_WIRE_BUFFER_MAX - 4)

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t be24(const uint8_t *p)
{
  return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

bool cr_tls_record_start(const uint8_t *p, size_t len)
{
  if (len < 3)
    return false;
  return p[0] >= CT_CCS && p[0] <= CT_HEARTBEAT && p[1] == 3 && p[2] <= 4;
}

bool cr_tls_sslv2_start(const uint8_t *p, size_t len)
{
  /* 2-byte header with the top bit set, then msg_type 1, version 3.x or
   * 2.0 (RFC 5246 E.2). */
  if (len < 5)
    return false;
  return (p[0] & 0x80) && p[2] == 1 && (p[3] == 3 || (p[3] == 0 && p[4] == 2));
}

/* A bounded reader over one message. */
typedef struct rd {
  const uint8_t *p, *end;
  bool bad;
} rd;

static size_t left(const rd *r) { return r->bad ? 0 : (size_t)(r->end - r->p); }

static const uint8_t *take(rd *r, size_t n)
{
  const uint8_t *p = r->p;
  if (r->bad || (size_t)(r->end - r->p) < n) {
    r->bad = true;
    return NULL;
  }
  r->p += n;
  return p;
}

static unsigned u8(rd *r) { const uint8_t *p = take(r, 1); return p ? p[0] : 0; }
static unsigned u16(rd *r) { const uint8_t *p = take(r, 2); return p ? be16(p) : 0; }
static unsigned u24(rd *r) { const uint8_t *p = take(r, 3); return p ? be24(p) : 0; }

/* A sub-reader over a vector with an n-byte length. */
static rd vec(rd *r, int n)
{
  rd v = { NULL, NULL, true };
  size_t len = n == 1 ? u8(r) : n == 2 ? u16(r) : u24(r);
  const uint8_t *p = take(r, len);
  if (p) {
    v.p = p;
    v.end = p + len;
    v.bad = false;
  }
  return v;
}

static void copy_text(char *out, size_t size, const uint8_t *p, size_t n)
{
  size_t i, k = 0;
  for (i = 0; i < n && k + 1 < size; i++)
    out[k++] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?';
  out[k] = '\0';
}

static void client_hello_extensions(cr_tls_ch *ch, rd *ext)
{
  while (left(ext) >= 4) {
    unsigned type = u16(ext);
    rd body = vec(ext, 2);
    if (body.bad)
      break;
    if (type == 0) { /* server_name: list of {type, host} */
      rd list = vec(&body, 2);
      while (left(&list) >= 3) {
        unsigned kind = u8(&list);
        rd name = vec(&list, 2);
        if (name.bad)
          break;
        if (kind == 0 && !ch->sni[0])
          copy_text(ch->sni, sizeof ch->sni, name.p, left(&name));
      }
    } else if (type == 10) {
      rd list = vec(&body, 2);
      while (left(&list) >= 2) {
        unsigned g = u16(&list);
        if (ch->ngroups < sizeof ch->groups / sizeof ch->groups[0])
          ch->groups[ch->ngroups++] = (uint16_t)g;
      }
    } else if (type == 13) {
      rd list = vec(&body, 2);
      while (left(&list) >= 2) {
        unsigned s = u16(&list);
        if (ch->nsigalgs < sizeof ch->sigalgs / sizeof ch->sigalgs[0])
          ch->sigalgs[ch->nsigalgs++] = (uint16_t)s;
      }
    } else if (type == 16) {
      rd list = vec(&body, 2);
      size_t n = strlen(ch->alpn);
      while (left(&list) >= 1) {
        rd proto = vec(&list, 1);
        size_t plen = left(&proto);
        if (proto.bad)
          break;
        if (n + plen + 2 < sizeof ch->alpn) {
          if (n)
            ch->alpn[n++] = ',';
          copy_text(ch->alpn + n, sizeof ch->alpn - n, proto.p, plen);
          n = strlen(ch->alpn);
        }
      }
    } else if (type == 43) {
      rd list = vec(&body, 1);
      ch->has_supported_versions = true;
      while (left(&list) >= 2) {
        unsigned v = u16(&list);
        if (ch->nversions < sizeof ch->versions / sizeof ch->versions[0])
          ch->versions[ch->nversions++] = (uint16_t)v;
      }
    }
  }
}

static bool client_hello(cr_conn_facts *f, uint64_t frame, uint16_t recver,
                         const uint8_t *p, size_t n)
{
  cr_tls_ch *ch = &f->ch;
  rd r = { p, p + n, false }, suites, ext;
  if (ch->frame)
    return true; /* a second ClientHello (renegotiation) is not read */
  memset(ch, 0, sizeof *ch);
  ch->version = (uint16_t)u16(&r);
  take(&r, 32);
  vec(&r, 1);                       /* session_id */
  suites = vec(&r, 2);
  vec(&r, 1);                       /* compression_methods */
  if (r.bad || suites.bad)
    return false;
  while (left(&suites) >= 2) {
    unsigned s = u16(&suites);
    if (ch->nsuites < CR_WIRE_MAX_SUITES)
      ch->suites[ch->nsuites++] = (uint16_t)s;
    ch->nsuites_total++;
  }
  if (left(&r) >= 2) { /* extensions may be absent before TLS 1.3 */
    ext = vec(&r, 2);
    if (ext.bad)
      return false;
    client_hello_extensions(ch, &ext);
  }
  ch->frame = frame;
  ch->record_version = recver;
  if (!f->transport || f->transport == CR_TRANSPORT_OTHER)
    f->transport = CR_TRANSPORT_TLS;
  if (strstr(ch->alpn, "tds/8.0") && f->transport == CR_TRANSPORT_TLS)
    f->transport = CR_TRANSPORT_TDS8;
  cr_facts_history(f, 0, "CH");
  return true;
}

static const uint8_t hrr_random[32] = {
  0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C,
  0x02, 0x1E, 0x65, 0xB8, 0x91, 0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB,
  0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C
};

static bool server_hello(cr_conn_facts *f, cr_dir_dec *d, uint64_t frame,
                         const uint8_t *p, size_t n)
{
  cr_tls_sh sh;
  rd r = { p, p + n, false };
  const uint8_t *random;
  memset(&sh, 0, sizeof sh);
  sh.version = (uint16_t)u16(&r);
  random = take(&r, 32);
  vec(&r, 1);
  sh.suite = (uint16_t)u16(&r);
  u8(&r);
  if (r.bad)
    return false;
  sh.hrr = !memcmp(random, hrr_random, 32);
  if (left(&r) >= 2) {
    rd ext = vec(&r, 2);
    while (left(&ext) >= 4) {
      unsigned type = u16(&ext);
      rd body = vec(&ext, 2);
      if (type == 43 && left(&body) >= 2)
        sh.selected_version = (uint16_t)u16(&body);
    }
  }
  if (f->sh.frame && !f->sh.hrr)
    return true;
  sh.frame = frame;
  f->sh = sh;
  cr_facts_history(f, 1, sh.hrr ? "HRR" : "SH");
  if (!sh.hrr && sh.selected_version == 0x0304)
    d->encrypted = true; /* the rest of the server's flight is encrypted */
  return true;
}

/* The server's own certificate through the X.509 reader (or the cache). */
static void server_cert(cr_tls_cert *c, cr_cert_cache *cache,
                        const uint8_t *der, size_t len)
{
  uint64_t h = 1469598103934665603ull ^ len;
  size_t i;
  cr_x509 x;
  /* Eight bytes a step (FNV-1a's constants on words), then the tail. */
  for (i = 0; i + 8 <= len; i += 8) {
    uint64_t w;
    memcpy(&w, der + i, 8);
    h = (h ^ w) * 1099511628211ull;
    h ^= h >> 29;
  }
  for (; i < len; i++)
    h = (h ^ der[i]) * 1099511628211ull;
  c->first_len = (uint32_t)len;
  if (cache)
    for (i = 0; i < sizeof cache->e / sizeof cache->e[0]; i++)
      if (cache->e[i].hash == h && cache->e[i].len == len && len) {
        uint64_t frame = c->frame;
        uint32_t count = c->count;
        *c = cache->e[i].cert;
        c->frame = frame;
        c->count = count;
        return;
      }
  if (cr_x509_parse(&x, der, len, "server certificate") < 0) {
    snprintf(c->error, sizeof c->error, "%s", cr_error_last());
    cr_error_clear();
  } else {
    c->parsed = true;
    snprintf(c->subject, sizeof c->subject, "%s", x.subject ? x.subject : "");
    snprintf(c->issuer, sizeof c->issuer, "%s", x.issuer ? x.issuer : "");
    snprintf(c->sig_oid, sizeof c->sig_oid, "%s", x.sig_oid ? x.sig_oid : "");
    snprintf(c->sig_hash, sizeof c->sig_hash, "%s", x.sig_hash ? x.sig_hash : "");
    snprintf(c->key_type, sizeof c->key_type, "%s", cr_key_type_name(x.key_type));
    c->key_bits = x.key_bits;
    c->self_signed = x.self_signed;
    cr_x509_dispose(&x);
  }
  if (cache) {
    unsigned k = cache->next++ % (sizeof cache->e / sizeof cache->e[0]);
    cache->e[k].hash = h;
    cache->e[k].len = (uint32_t)len;
    cache->e[k].cert = *c;
  }
}

static bool certificate(cr_conn_facts *f, cr_dir_dec *d, uint64_t frame,
                        const uint8_t *p, size_t n)
{
  cr_tls_cert *c = &f->cert;
  rd r = { p, p + n, false }, list;
  if (c->frame)
    return true;
  memset(c, 0, sizeof *c);
  c->frame = frame;
  list = vec(&r, 3);
  if (list.bad)
    return false;
  cr_facts_history(f, 1, "C");
  while (left(&list) >= 3) {
    rd der = vec(&list, 3);
    if (der.bad)
      return false;
    if (c->count++ == 0)
      server_cert(c, d->certs, der.p, left(&der));
  }
  return true;
}

/* ServerKeyExchange, read by its shape (RFC 5246 7.4.3, RFC 8422 5.4):
 * ECDHE parameters start with curve_type 3 (named_curve), DHE ones with
 * the 2-byte length of p. */
static bool server_key_exchange(cr_conn_facts *f, uint64_t frame,
                                const uint8_t *p, size_t n)
{
  cr_tls_ske *s = &f->ske;
  rd r = { p, p + n, false };
  if (s->frame)
    return true;
  memset(s, 0, sizeof *s);
  s->frame = frame;
  cr_facts_history(f, 1, "KE");
  if (n >= 4 && p[0] == 3) {
    s->ecdhe = true;
    s->curve_type = (uint8_t)u8(&r);
    s->curve = (uint16_t)u16(&r);
    s->point_len = (uint8_t)u8(&r);
    return !r.bad;
  }
  {
    rd prime = vec(&r, 2), g = vec(&r, 2), ys = vec(&r, 2);
    if (prime.bad || g.bad || ys.bad)
      return false;
    s->dhe = true;
    s->p_len = (uint16_t)left(&prime);
    s->g_len = (uint16_t)left(&g);
    s->ys_len = (uint16_t)left(&ys);
  }
  return true;
}

/* One complete handshake message. False on damage. */
static bool handshake_message(cr_conn_facts *f, cr_dir_dec *d, int dir,
                              uint64_t frame, uint16_t recver, uint8_t type,
                              const uint8_t *body, size_t n)
{
  switch (type) {
  case 1:
    return dir == 0 ? client_hello(f, frame, recver, body, n) : true;
  case 2:
    return dir == 1 ? server_hello(f, d, frame, body, n) : true;
  case 11:
    return dir == 1 ? certificate(f, d, frame, body, n) : true;
  case 12:
    return dir == 1 ? server_key_exchange(f, frame, body, n) : true;
  case 13:
    cr_facts_history(f, dir, "CR");
    return true;
  case 14:
    cr_facts_history(f, dir, "HD");
    return true;
  case 16:
    cr_facts_history(f, dir, "KE");
    return true;
  case 4:
    cr_facts_history(f, dir, "NT");
    return true;
  case 15:
    cr_facts_history(f, dir, "CV");
    return true;
  default:
    return true;
  }
}

static bool handshake_bytes(cr_conn_facts *f, cr_dir_dec *d, int dir,
                            uint64_t frame, uint16_t recver,
                            const uint8_t *p, size_t n)
{
  /* Whole messages straight from the record, the rest through d->hs. */
  if (!d->hs.len) {
    while (n >= 4 && 4 + (size_t)be24(p + 1) <= n) {
      size_t m = 4 + be24(p + 1);
      if (!handshake_message(f, d, dir, frame, recver, p[0], p + 4, m - 4))
        return false;
      p += m;
      n -= m;
      if (d->encrypted)
        return true; /* TLS 1.3: what follows the ServerHello is encrypted */
    }
    if (!n)
      return true;
  }
  if (!cr_acc_put(&d->hs, p, n, CR_WIRE_BUFFER_MAX))
    return false;
  while (d->hs.len >= 4 && 4 + (size_t)be24(d->hs.p + 1) <= d->hs.len) {
    size_t m = 4 + be24(d->hs.p + 1);
    if (!handshake_message(f, d, dir, frame, recver, d->hs.p[0], d->hs.p + 4,
                           m - 4))
      return false;
    cr_acc_drop(&d->hs, m);
    if (d->encrypted) {
      d->hs.len = 0;
      return true;
    }
  }
  if (d->hs.len >= 4 && be24(d->hs.p + 1) > HS_MAX)
    return false;
  return true;
}

static void alert(cr_conn_facts *f, int dir, uint64_t frame, bool encrypted,
                  const uint8_t *p)
{
  cr_tls_alert *a;
  char tok[16];
  if (f->nalerts < CR_WIRE_MAX_ALERTS) {
    a = &f->alerts[f->nalerts++];
    a->frame = frame;
    a->dir = (uint8_t)dir;
    a->encrypted = encrypted;
    a->level = encrypted ? 0 : p[0];
    a->desc = encrypted ? 0 : p[1];
  }
  if (encrypted)
    snprintf(tok, sizeof tok, "A?");
  else
    snprintf(tok, sizeof tok, "A%u", p[1]);
  cr_facts_history(f, dir, tok);
}

/* One record; false on damage, and sets d->mode DONE when finished. */
static bool record(cr_conn_facts *f, cr_dir_dec *d, int dir, uint64_t frame,
                   const uint8_t *p, size_t n)
{
  uint8_t type = p[0];
  uint16_t ver = be16(p + 1);
  const uint8_t *body = p + 5;
  size_t len = n - 5;
  switch (type) {
  case CT_CCS:
    if (!f->ccs_frame[dir])
      f->ccs_frame[dir] = frame;
    d->ccs = true;
    cr_facts_history(f, dir, "CC");
    return true;
  case CT_ALERT:
    alert(f, dir, frame, d->ccs || d->encrypted || len != 2, body);
    return true;
  case CT_HANDSHAKE:
    if (d->ccs || d->encrypted) {
      /* The first encrypted handshake message after ChangeCipherSpec is
       * Finished (RFC 5246 7.4.9): known by its position only. */
      if (!f->finished_frame[dir]) {
        f->finished_frame[dir] = frame;
        cr_facts_history(f, dir, "F");
      }
      return true;
    }
    return handshake_bytes(f, d, dir, frame, ver, body, len);
  case CT_APPDATA: {
    bool tls13 = f->sh.selected_version == 0x0304;
    d->encrypted_records++;
    if (tls13 && !f->finished_frame[dir]) {
      /* TLS 1.3: the first encrypted records carry the rest of the
       * handshake, ending with Finished. */
      f->finished_frame[dir] = frame;
      cr_facts_history(f, dir, "F");
      return true;
    }
    if (tls13 && dir == 1 && f->finished_frame[1] == frame)
      return true;
    if (!f->appdata_frame[dir]) {
      f->appdata_frame[dir] = frame;
      cr_facts_history(f, dir, "AD");
    }
    d->mode = CR_DEC_DONE;
    return true;
  }
  default:
    return true; /* heartbeat */
  }
}

static size_t sslv2_hello(cr_conn_facts *f, cr_dir_dec *d, uint64_t frame,
                          const uint8_t *p, size_t len)
{
  size_t n = ((size_t)(p[0] & 0x7f) << 8 | p[1]) + 2;
  rd r;
  unsigned specs, sid, chal, i;
  if (len < n)
    return 0;
  memset(&f->ch, 0, sizeof f->ch);
  f->ch.sslv2 = true;
  if (n < 3) { /* a record too short to hold its own msg_type */
    f->malformed[0] = true;
    d->mode = CR_DEC_DONE;
    return n;
  }
  r.p = p + 3;
  r.end = p + n;
  r.bad = false;
  f->ch.version = (uint16_t)u16(&r);
  specs = u16(&r);
  sid = u16(&r);
  chal = u16(&r);
  if (r.bad || specs % 3 || left(&r) < (size_t)specs + sid + chal) {
    f->malformed[0] = true;
    d->mode = CR_DEC_DONE;
    return n;
  }
  for (i = 0; i < specs / 3; i++) {
    const uint8_t *s = take(&r, 3);
    if (s[0] == 0) { /* a TLS suite {0x00, hi, lo} */
      if (f->ch.nsuites < CR_WIRE_MAX_SUITES)
        f->ch.suites[f->ch.nsuites++] = be16(s + 1);
    }
    f->ch.nsuites_total++;
  }
  f->ch.frame = frame;
  if (!f->transport)
    f->transport = CR_TRANSPORT_TLS;
  cr_facts_history(f, 0, "CH2");
  return n;
}

size_t cr_tls_records(cr_conn_facts *f, cr_dir_dec *d, int dir,
                      uint64_t frame, const uint8_t *data, size_t len)
{
  size_t used = 0;
  if (dir == 0 && !f->ch.frame && cr_tls_sslv2_start(data, len) &&
      !cr_tls_record_start(data, len)) {
    size_t n = sslv2_hello(f, d, frame, data, len);
    if (!n)
      return 0;
    used = n;
  }
  while (d->mode != CR_DEC_DONE && len - used >= 5) {
    const uint8_t *p = data + used;
    size_t n = 5 + (size_t)be16(p + 3);
    if (!cr_tls_record_start(p, len - used) || n > 5 + 18432) {
      /* Not a record (RFC 8446 5.2 caps ciphertext at 2^14 + 2048). */
      f->malformed[dir] = true;
      d->mode = CR_DEC_DONE;
      break;
    }
    if (len - used < n)
      break;
    if (!record(f, d, dir, frame, p, n)) {
      f->malformed[dir] = true;
      d->mode = CR_DEC_DONE;
    }
    used += n;
  }
  return used;
}

void cr_tls_push(cr_conn_facts *f, cr_dir_dec *d, int dir, uint64_t frame,
                 const uint8_t *data, size_t len)
{
  size_t used;
  if (d->mode == CR_DEC_DONE)
    return;
  if (!d->rec.len) {
    used = cr_tls_records(f, d, dir, frame, data, len);
    data += used;
    len -= used;
    if (!len || d->mode == CR_DEC_DONE)
      return;
  }
  if (!cr_acc_put(&d->rec, data, len, CR_WIRE_BUFFER_MAX)) {
    f->gap[dir] = true;
    d->mode = CR_DEC_DONE;
    return;
  }
  used = cr_tls_records(f, d, dir, frame, d->rec.p, d->rec.len);
  cr_acc_drop(&d->rec, used);
}
