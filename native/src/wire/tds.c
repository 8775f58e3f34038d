/*
 * tds.c - TDS packets at the start of a SQL Server connection (MS-TDS
 * 2.2.3 packet header, 2.2.6.5 PRELOGIN, 2.2.6.4 LOGIN7), and the
 * dispatcher that recognises a direction's protocol by its first bytes on
 * any port: TDS, TLS (raw, or TDS 8.0 with ALPN tds/8.0), or neither.
 *
 * TDS 7.x carries the TLS handshake inside PRELOGIN (0x12) packets; the
 * server may answer in 0x04 packets (SQL Network Analyzer accepts both).
 * Once the handshake is over the records travel raw, without a TDS
 * header, which is how they are recognised again here.
 */
#include "conn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { TDS_SQLBATCH = 0x01, TDS_RPC = 0x03, TDS_RESPONSE = 0x04,
       TDS_ATTENTION = 0x06, TDS_BULK = 0x07, TDS_FEDAUTH = 0x08,
       TDS_TRANSACTION = 0x0E, TDS_LOGIN7 = 0x10, TDS_SSPI = 0x11,
       TDS_PRELOGIN = 0x12 };

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

/* ---------------------------------------------------------------- */
/* Shared helpers (conn.h).                                         */
/* ---------------------------------------------------------------- */

void cr_facts_history(cr_conn_facts *f, int dir, const char *token)
{
  size_t n = strlen(f->history), t = strlen(token);
  if (n + t + 3 >= sizeof f->history) {
    if (n && f->history[n - 1] != '+' && n + 2 < sizeof f->history) {
      f->history[n] = '+';
      f->history[n + 1] = '\0';
    }
    return;
  }
  if (n)
    f->history[n++] = ' ';
  f->history[n++] = dir ? '<' : '>';
  memcpy(f->history + n, token, t + 1);
}

bool cr_acc_put(cr_acc *a, const uint8_t *data, size_t n, uint32_t max)
{
  if (!n)
    return true;
  if (n > max || a->len > max - n)
    return false;
  if (a->len + n > a->cap) {
    uint32_t want = a->cap ? a->cap : 4096;
    uint8_t *p;
    while (want < a->len + n)
      want *= 2;
    if (want > max)
      want = max;
    if (!(p = realloc(a->p, want)))
      return false;
    a->p = p;
    a->cap = want;
  }
  memcpy(a->p + a->len, data, n);
  a->len += (uint32_t)n;
  return true;
}

void cr_acc_drop(cr_acc *a, size_t n)
{
  if (n >= a->len) {
    a->len = 0;
    return;
  }
  memmove(a->p, a->p + n, a->len - n);
  a->len -= (uint32_t)n;
}

void cr_acc_free(cr_acc *a)
{
  free(a->p);
  a->p = NULL;
  a->len = a->cap = 0;
}

void cr_dir_dec_free(cr_dir_dec *d)
{
  cr_acc_free(&d->rec);
  cr_acc_free(&d->hs);
  cr_acc_free(&d->pl);
}

/* ---------------------------------------------------------------- */
/* PRELOGIN.                                                        */
/* ---------------------------------------------------------------- */

bool cr_prelogin_parse(cr_prelogin *out, const uint8_t *p, size_t len)
{
  size_t i = 0;
  cr_prelogin pl;
  memset(&pl, 0, sizeof pl);
  pl.encryption = pl.mars = pl.fedauth = -1;
  for (;;) {
    uint8_t token;
    size_t off, n;
    const uint8_t *v;
    if (i >= len)
      return false; /* no terminator */
    token = p[i];
    if (token == 0xFF)
      break;
    if (len - i < 5)
      return false;
    off = be16(p + i + 1);
    n = be16(p + i + 3);
    if (off > len || n > len - off)
      return false;
    v = p + off;
    switch (token) {
    case 0x00: /* VERSION: UL_VERSION, US_SUBBUILD */
      if (n >= 6) {
        pl.has_version = true;
        pl.version = (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 |
                     (uint32_t)v[2] << 8 | v[3];
        pl.subbuild = be16(v + 4);
      }
      break;
    case 0x01:
      if (n >= 1)
        pl.encryption = v[0];
      break;
    case 0x02: {
      size_t k;
      pl.has_instopt = true;
      for (k = 0; k < n && v[k] && k + 1 < sizeof pl.instopt; k++)
        pl.instopt[k] = v[k] >= 0x20 && v[k] < 0x7f ? (char)v[k] : '?';
      pl.instopt[k] = '\0';
      break;
    }
    case 0x03:
      if (n >= 4) {
        pl.has_threadid = true;
        pl.threadid = (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 |
                      (uint32_t)v[2] << 8 | v[3];
      }
      break;
    case 0x04:
      if (n >= 1)
        pl.mars = v[0];
      break;
    case 0x05:
      if (n >= 36) {
        pl.has_traceid = true;
        memcpy(pl.traceid, v, 36);
      }
      break;
    case 0x06:
      if (n >= 1)
        pl.fedauth = v[0];
      break;
    case 0x07:
      pl.has_nonce = n >= 32;
      break;
    default:
      break; /* later options are skipped */
    }
    i += 5;
  }
  *out = pl;
  return true;
}

/* ---------------------------------------------------------------- */
/* TDS packets.                                                     */
/* ---------------------------------------------------------------- */

static bool tds_type(uint8_t t)
{
  return t == TDS_SQLBATCH || t == TDS_RPC || t == TDS_RESPONSE ||
         t == TDS_ATTENTION || t == TDS_BULK || t == TDS_FEDAUTH ||
         t == TDS_TRANSACTION || t == TDS_LOGIN7 || t == TDS_SSPI ||
         t == TDS_PRELOGIN;
}

bool cr_tds_packet_start(const uint8_t *p, size_t len, int dir)
{
  uint16_t n;
  if (len < 8)
    return false;
  n = be16(p + 2);
  /* A connection starts with the client's PRELOGIN (or, before TDS 7.1,
   * LOGIN7) and the server's 0x04 answer; status is EOM-ish, window 0. */
  if (dir == 0 ? p[0] != TDS_PRELOGIN && p[0] != TDS_LOGIN7
               : p[0] != TDS_RESPONSE && p[0] != TDS_PRELOGIN)
    return false;
  return n >= 8 && (p[1] & ~0x1f) == 0 && p[7] == 0;
}

static void prelogin_done(cr_conn_facts *f, cr_dir_dec *d, int dir,
                          uint64_t frame)
{
  cr_prelogin pl;
  if (!f->prelogin[dir].frame && cr_prelogin_parse(&pl, d->pl.p, d->pl.len)) {
    pl.frame = frame;
    f->prelogin[dir] = pl;
    cr_facts_history(f, dir, "PL");
  } else if (!f->prelogin[dir].frame) {
    f->malformed[dir] = true;
  }
  d->pl.len = 0;
}

size_t cr_tds_packets(cr_conn_facts *f, cr_dir_dec *d, int dir,
                      uint64_t frame, const uint8_t *data, size_t len)
{
  size_t used = 0;
  while (d->mode == CR_DEC_TDS && len - used >= 8) {
    const uint8_t *p = data + used;
    size_t n = be16(p + 2);
    const uint8_t *body = p + 8;
    size_t blen;
    if (cr_tls_record_start(p, len - used) && p[0] != TDS_SQLBATCH) {
      /* The handshake is over: raw TLS records from here on. */
      d->mode = CR_DEC_TLS;
      break;
    }
    if (!tds_type(p[0]) || n < 8) {
      f->malformed[dir] = true;
      d->mode = CR_DEC_DONE;
      break;
    }
    if (len - used < n)
      break;
    blen = n - 8;
    used += n;
    if ((p[0] == TDS_PRELOGIN || (p[0] == TDS_RESPONSE && dir == 1)) &&
        (d->tls_in_tds || (blen && cr_tls_record_start(body, blen)))) {
      if (!d->tls_in_tds) {
        d->tls_in_tds = true;
        f->transport = CR_TRANSPORT_TDS;
      }
      cr_tls_push(f, d, dir, frame, body, blen);
      if (d->mode == CR_DEC_DONE)
        break;
      continue;
    }
    if (p[0] == TDS_PRELOGIN || (p[0] == TDS_RESPONSE && dir == 1 &&
                                 !f->prelogin[1].frame && !f->login7_frame)) {
      f->transport = CR_TRANSPORT_TDS;
      if (!cr_acc_put(&d->pl, body, blen, CR_WIRE_BUFFER_MAX)) {
        f->gap[dir] = true;
        d->mode = CR_DEC_DONE;
        break;
      }
      if (p[1] & 0x01)
        prelogin_done(f, d, dir, frame);
      continue;
    }
    if (p[0] == TDS_LOGIN7 && dir == 0) {
      /* LOGIN7 in the clear: no TLS on this connection (or none yet). */
      f->transport = CR_TRANSPORT_TDS;
      if (!f->login7_frame)
        f->login7_frame = frame;
      cr_facts_history(f, 0, "L7");
    } else {
      char tok[8];
      snprintf(tok, sizeof tok, "T%02X", p[0]);
      cr_facts_history(f, dir, tok);
    }
    /* Past the login: the rest of the conversation is not read. */
    d->mode = CR_DEC_DONE;
    break;
  }
  return used;
}

/* ---------------------------------------------------------------- */
/* The dispatcher.                                                  */
/* ---------------------------------------------------------------- */

size_t cr_wire_decode(cr_conn_facts *f, cr_dir_dec *d, int dir,
                      uint64_t frame, const uint8_t *data, size_t len)
{
  size_t used = 0;
  while (d->mode != CR_DEC_DONE && used < len) {
    size_t n;
    if (d->mode == CR_DEC_DETECT) {
      const uint8_t *p = data + used;
      size_t left = len - used;
      if (left < 8 && !(left >= 5 && (cr_tls_record_start(p, left) ||
                                      cr_tls_sslv2_start(p, left))))
        break;
      if (cr_tls_record_start(p, left) ||
          (dir == 0 && cr_tls_sslv2_start(p, left))) {
        d->mode = CR_DEC_TLS;
      } else if (cr_tds_packet_start(p, left, dir)) {
        d->mode = CR_DEC_TDS;
      } else {
        if (!f->transport)
          f->transport = CR_TRANSPORT_OTHER;
        d->mode = CR_DEC_DONE;
        break;
      }
    }
    {
      uint8_t before = d->mode;
      if (d->mode == CR_DEC_TDS)
        n = cr_tds_packets(f, d, dir, frame, data + used, len - used);
      else
        n = cr_tls_records(f, d, dir, frame, data + used, len - used);
      used += n;
      if (!n && d->mode == before)
        break; /* waiting for the rest of a packet or record */
    }
  }
  return used;
}
