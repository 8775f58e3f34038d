/*
 * capture.c - the pcap and pcapng readers behind capture.h, written from
 * pcap-savefile(5) / draft-ietf-opsawg-pcap (pcap) and
 * draft-ietf-opsawg-pcapng (pcapng).
 *
 * A file is mapped a window at a time (CAP_WINDOW, core/map.h) where the
 * platform can, so the page cache is read without a copy; elsewhere it
 * goes through one buffer filled by large reads (CAP_BLOCK), which grows
 * only when a single record is larger than it (up to CAP_MAX_RECORD).
 * Either way memory does not depend on the file's size.
 */
#include "capture.h"

#include "../core/map.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define CAP_BLOCK (4u << 20)
#define CAP_WINDOW (8u << 20)
/* Larger records are damage, not packets: Wireshark itself refuses
 * pcap records above 256 KiB and pcapng blocks above 16 MiB. */
#define CAP_MAX_RECORD (16u << 20)
/* Interfaces one pcapng section may describe before we call it damage. */
#define CAP_MAX_IFACES 65536

enum { KIND_PCAP = 1, KIND_PCAPNG = 2 };

enum {
  BT_SHB = 0x0A0D0D0A,
  BT_IDB = 1,
  BT_PB = 2,   /* obsolete packet block */
  BT_SPB = 3,
  BT_EPB = 6
};

typedef struct cap_iface {
  uint32_t linktype;
  uint32_t snaplen;
  uint8_t tsresol;      /* if_tsresol: MSB 0 -> 10^-n, 1 -> 2^-n */
  int64_t tsoffset;     /* if_tsoffset, seconds */
} cap_iface;

struct cr_cap {
  char *name;
  cr_map *map;          /* mapped: windows of the file through `mem` */
  uint64_t file_size;
  FILE *f;
  const uint8_t *mem;   /* buffer mode: the caller's bytes */
  uint8_t *buf;         /* file mode: our window on the file */
  size_t cap;
  size_t pos, len;      /* unread bytes are buf[pos..len) */
  uint64_t buf_off;     /* file offset of buf[0] */
  bool eof;
  int kind;
  bool swap;            /* the writer's byte order is not little-endian */
  bool nsec;            /* pcap: nanosecond timestamps */
  uint32_t linktype;    /* pcap */
  const char *format;
  cap_iface *ifaces;    /* pcapng: the current section's interfaces */
  size_t nifaces, capifaces;
  uint64_t frame;
  int err;              /* sticky error code, 0 while healthy */
  char errmsg[400];
};

static uint16_t rd16(const cr_cap *c, const uint8_t *p)
{
  return c->swap ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}

static uint32_t rd32(const cr_cap *c, const uint8_t *p)
{
  return c->swap ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
                       (uint32_t)p[2] << 8 | p[3]
                 : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
                       (uint32_t)p[1] << 8 | p[0];
}

static const uint8_t *cur(const cr_cap *c)
{
  return (c->mem ? c->mem : c->buf) + c->pos;
}

static uint64_t offset_of(const cr_cap *c, size_t extra)
{
  return c->buf_off + c->pos + extra;
}

/* Records a damage message at file offset `at` and makes it sticky. */
static int damage(cr_cap *c, uint64_t at, const char *fmt, ...) CR_PRINTF(3, 4);
static int damage(cr_cap *c, uint64_t at, const char *fmt, ...)
{
  char what[300];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  snprintf(c->errmsg, sizeof c->errmsg, "%s: offset %llu: %s", c->name,
           (unsigned long long)at, what);
  c->err = CR_EPARSE;
  return cr_error_set(CR_EPARSE, "%s", c->errmsg);
}

/* Makes `n` bytes available at pos: 1 when they are, 0 when the file ends
 * first, or a negative error. */
static int ensure(cr_cap *c, size_t n)
{
  if (c->len - c->pos >= n)
    return 1;
  if (c->map) {
    uint64_t at = c->buf_off + c->pos, left = c->file_size - at;
    size_t want = n > CAP_WINDOW ? n : CAP_WINDOW;
    int rc;
    if (left < n) {
      /* Fewer bytes than asked for remain: show them all, say 0. */
      if (c->len - c->pos < left && left &&
          cr_map_window(&c->mem, c->map, at, (size_t)left) == CR_OK) {
        c->buf_off = at;
        c->pos = 0;
        c->len = (size_t)left;
      }
      return 0;
    }
    if (want > left)
      want = (size_t)left;
    if ((rc = cr_map_window(&c->mem, c->map, at, want)) < 0) {
      c->err = rc;
      snprintf(c->errmsg, sizeof c->errmsg, "%s: offset %llu: %s", c->name,
               (unsigned long long)at, cr_error_last());
      return cr_error_set(rc, "%s", c->errmsg);
    }
    c->buf_off = at;
    c->pos = 0;
    c->len = want;
    return 1;
  }
  if (!c->f)
    return 0;
  if (c->pos) {
    memmove(c->buf, c->buf + c->pos, c->len - c->pos);
    c->buf_off += c->pos;
    c->len -= c->pos;
    c->pos = 0;
  }
  if (n > c->cap) {
    size_t want = c->cap * 2 > n ? c->cap * 2 : n;
    uint8_t *p = realloc(c->buf, want);
    if (!p)
      return cr_error_oom();
    c->buf = p;
    c->cap = want;
  }
  while (c->len < n && !c->eof) {
    size_t r = fread(c->buf + c->len, 1, c->cap - c->len, c->f);
    if (r == 0) {
      if (ferror(c->f)) {
        c->err = CR_EIO;
        snprintf(c->errmsg, sizeof c->errmsg, "%s: offset %llu: read failed: %s",
                 c->name, (unsigned long long)(c->buf_off + c->len),
                 strerror(errno));
        return cr_error_set(CR_EIO, "%s", c->errmsg);
      }
      c->eof = true;
    }
    c->len += r;
  }
  return c->len - c->pos >= n;
}

/* ---------------------------------------------------------------- */
/* Timestamps.                                                      */
/* ---------------------------------------------------------------- */

static const uint64_t pow10_tab[20] = {
  1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
  100000000ull, 1000000000ull, 10000000000ull, 100000000000ull,
  1000000000000ull, 10000000000000ull, 100000000000000ull,
  1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
  1000000000000000000ull, 10000000000000000000ull
};

static int64_t to_ns(uint64_t sec, uint64_t frac_ns, int64_t offset_s)
{
  int64_t s;
  if (sec > (uint64_t)INT64_MAX / 1000000000ull - 1)
    return INT64_MAX;
  s = (int64_t)sec + offset_s;
  if (s < 0)
    return 0;
  if (s > INT64_MAX / 1000000000ll - 1)
    return INT64_MAX;
  return s * 1000000000ll + (int64_t)frac_ns;
}

/* A pcapng timestamp in if_tsresol units to nanoseconds. */
static int64_t ng_ts(uint64_t t, uint8_t resol, int64_t offset_s)
{
  uint64_t sec, frac;
  unsigned e = resol & 0x7f;
  if (resol & 0x80) {
    if (e == 0)
      return to_ns(t, 0, offset_s);
    if (e >= 64)
      return to_ns(0, 0, offset_s);
    sec = t >> e;
    frac = t & ((1ull << e) - 1);
    /* frac * 1e9 must fit 64 bits: 1e9 < 2^30, so keep 34 bits. */
    if (e > 34) {
      frac >>= e - 34;
      e = 34;
    }
    return to_ns(sec, (frac * 1000000000ull) >> e, offset_s);
  }
  if (e > 19) {
    /* 10^(e-19) past the table is above any 64-bit count: zero seconds. */
    t = e - 19 < sizeof pow10_tab / sizeof pow10_tab[0] ? t / pow10_tab[e - 19]
                                                        : 0;
    e = 19;
  }
  sec = t / pow10_tab[e];
  frac = t % pow10_tab[e];
  frac = e <= 9 ? frac * pow10_tab[9 - e] : frac / pow10_tab[e - 9];
  return to_ns(sec, frac, offset_s);
}

/* ---------------------------------------------------------------- */
/* pcap.                                                            */
/* ---------------------------------------------------------------- */

static int pcap_header(cr_cap *c)
{
  const uint8_t *p;
  uint32_t magic;
  int rc = ensure(c, 24);
  if (rc < 0)
    return rc;
  if (!rc)
    return damage(c, 0, "pcap file header cut short (%zu of 24 bytes)",
                  c->len - c->pos);
  p = cur(c);
  magic = (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
  c->swap = magic == 0xd4c3b2a1u || magic == 0x4d3cb2a1u;
  c->nsec = magic == 0xa1b23c4du || magic == 0x4d3cb2a1u;
  c->format = c->nsec ? "pcap-ns" : "pcap";
  if (rd16(c, p + 4) != 2)
    return damage(c, 4, "pcap major version %u (2 expected)", rd16(c, p + 4));
  c->linktype = rd32(c, p + 20) & 0xffffu; /* upper bits: FCS length, flags */
  c->pos += 24;
  return 0;
}

static int pcap_next(cr_cap *c, cr_cap_pkt *pkt)
{
  const uint8_t *p;
  uint32_t sec, frac, incl, orig;
  uint64_t at = offset_of(c, 0);
  int rc = ensure(c, 16);
  if (rc < 0)
    return rc;
  if (!rc) {
    if (c->len == c->pos)
      return 0;
    return damage(c, at, "record header cut short (%zu of 16 bytes): the "
                  "capture ends in the middle of a packet", c->len - c->pos);
  }
  p = cur(c);
  sec = rd32(c, p);
  frac = rd32(c, p + 4);
  incl = rd32(c, p + 8);
  orig = rd32(c, p + 12);
  if (incl > CAP_MAX_RECORD)
    return damage(c, at + 8, "record length %lu is not a packet (over %u bytes)",
                  (unsigned long)incl, CAP_MAX_RECORD);
  if ((rc = ensure(c, 16 + (size_t)incl)) < 0)
    return rc;
  if (!rc)
    return damage(c, at, "record of %lu bytes cut short (%zu present): the "
                  "capture ends in the middle of a packet", (unsigned long)incl,
                  c->len - c->pos - 16);
  p = cur(c);
  pkt->frame = ++c->frame;
  pkt->offset = at;
  pkt->ts_ns = to_ns(sec, c->nsec ? frac : (uint64_t)frac * 1000u, 0);
  pkt->linktype = c->linktype;
  pkt->caplen = incl;
  pkt->origlen = orig;
  pkt->iface = 0;
  pkt->data = p + 16;
  c->pos += 16 + (size_t)incl;
  return 1;
}

/* ---------------------------------------------------------------- */
/* pcapng.                                                          */
/* ---------------------------------------------------------------- */

/* The options of an IDB: [p, end), `at` the file offset of p. */
static int idb_options(cr_cap *c, cap_iface *ifc, const uint8_t *p,
                       const uint8_t *end, uint64_t at)
{
  const uint8_t *start = p;
  while ((size_t)(end - p) >= 4) {
    uint16_t code = rd16(c, p), len = rd16(c, p + 2);
    size_t padded = ((size_t)len + 3) & ~(size_t)3;
    if (code == 0)
      return 0;
    if (padded > (size_t)(end - p) - 4)
      return damage(c, at + (uint64_t)(p - start),
                    "interface option %u of %u bytes runs past its block",
                    code, len);
    if (code == 9 && len >= 1) {
      ifc->tsresol = p[4];
    } else if (code == 14 && len >= 8) {
      uint64_t v = (uint64_t)rd32(c, p + 4) | (uint64_t)rd32(c, p + 8) << 32;
      if (c->swap)
        v = (uint64_t)rd32(c, p + 8) | (uint64_t)rd32(c, p + 4) << 32;
      ifc->tsoffset = (int64_t)v;
    }
    p += 4 + padded;
  }
  return 0;
}

/* Reads the section header at pos (the block type is known to be SHB).
 * Returns the block length, or a negative error. */
static int shb(cr_cap *c, uint32_t *total)
{
  const uint8_t *p;
  uint64_t at = offset_of(c, 0);
  uint32_t bom;
  int rc = ensure(c, 28);
  if (rc < 0)
    return rc;
  if (!rc)
    return damage(c, at, "section header block cut short (%zu of 28 bytes)",
                  c->len - c->pos);
  p = cur(c);
  bom = (uint32_t)p[11] << 24 | (uint32_t)p[10] << 16 | (uint32_t)p[9] << 8 | p[8];
  if (bom == 0x1A2B3C4Du)
    c->swap = false;
  else if (bom == 0x4D3C2B1Au)
    c->swap = true;
  else
    return damage(c, at + 8, "section header without the byte-order magic "
                  "1A2B3C4D");
  if (rd16(c, p + 12) != 1)
    return damage(c, at + 12, "pcapng major version %u (1 expected)",
                  rd16(c, p + 12));
  *total = rd32(c, p + 4);
  c->nifaces = 0; /* interface ids count from 0 in each section */
  if (!c->format)
    c->format = "pcapng";
  return 0;
}

static int add_iface(cr_cap *c, const uint8_t *body, size_t blen, uint64_t at)
{
  cap_iface ifc;
  if (blen < 8)
    return damage(c, at, "interface description block too short (%zu bytes)",
                  blen + 12);
  if (c->nifaces == CAP_MAX_IFACES)
    return damage(c, at, "more than %u interfaces in one section",
                  CAP_MAX_IFACES);
  ifc.linktype = rd16(c, body);
  ifc.snaplen = rd32(c, body + 4);
  ifc.tsresol = 6;
  ifc.tsoffset = 0;
  if (idb_options(c, &ifc, body + 8, body + blen, at + 16) < 0)
    return CR_EPARSE;
  if (c->nifaces == c->capifaces) {
    size_t n = c->capifaces ? c->capifaces * 2 : 4;
    cap_iface *v = cr_realloc_array(c->ifaces, n, sizeof *v);
    if (!v)
      return cr_error_oom();
    c->ifaces = v;
    c->capifaces = n;
  }
  c->ifaces[c->nifaces++] = ifc;
  return 0;
}

static int pcapng_next(cr_cap *c, cr_cap_pkt *pkt)
{
  for (;;) {
    const uint8_t *p, *body;
    uint32_t type, total = 0;
    size_t blen;
    uint64_t at = offset_of(c, 0);
    int rc = ensure(c, 8);
    if (rc < 0)
      return rc;
    if (!rc) {
      if (c->len == c->pos)
        return 0;
      return damage(c, at, "block header cut short (%zu of 8 bytes): the "
                    "capture ends in the middle of a block", c->len - c->pos);
    }
    p = cur(c);
    type = rd32(c, p);
    if (p[0] == 0x0A && p[1] == 0x0D && p[2] == 0x0D && p[3] == 0x0A) {
      type = BT_SHB;
      if ((rc = shb(c, &total)) < 0)
        return rc;
    } else {
      total = rd32(c, p + 4);
    }
    if (total < 12 || total % 4)
      return damage(c, at + 4, "block length %lu is not a multiple of 4 of at "
                    "least 12", (unsigned long)total);
    if (total > CAP_MAX_RECORD)
      return damage(c, at + 4, "block length %lu is not a block (over %u "
                    "bytes)", (unsigned long)total, CAP_MAX_RECORD);
    if ((rc = ensure(c, total)) < 0)
      return rc;
    if (!rc)
      return damage(c, at, "block of %lu bytes cut short (%zu present): the "
                    "capture ends in the middle of a block",
                    (unsigned long)total, c->len - c->pos);
    p = cur(c);
#if defined(__GNUC__)
    /* Most of a packet's bytes are never read, so the walk from block
     * header to block header is what waits for memory: ask for what lies
     * a few blocks ahead now. */
    if (c->len - c->pos > (size_t)total + 4096)
      __builtin_prefetch(p + total + 4096);
#endif
    if (rd32(c, p + total - 4) != total)
      return damage(c, at + total - 4, "block's trailing length %lu differs "
                    "from its leading length %lu",
                    (unsigned long)rd32(c, p + total - 4), (unsigned long)total);
    body = p + 8;
    blen = total - 12;
    if (type == BT_IDB) {
      if ((rc = add_iface(c, body, blen, at)) < 0)
        return rc;
    } else if (type == BT_EPB || type == BT_PB || type == BT_SPB) {
      uint32_t iface = 0, caplen, origlen;
      uint64_t ts = 0;
      const uint8_t *data;
      size_t hdr = type == BT_SPB ? 4 : 20;
      cap_iface *ifc;
      if (blen < hdr)
        return damage(c, at, "packet block too short (%lu bytes)",
                      (unsigned long)total);
      if (type == BT_EPB)
        iface = rd32(c, body);
      else if (type == BT_PB)
        iface = rd16(c, body);
      if (iface >= c->nifaces)
        return damage(c, at + 8, "packet on interface %lu, which the section "
                      "has not described", (unsigned long)iface);
      ifc = &c->ifaces[iface];
      if (type == BT_SPB) {
        origlen = rd32(c, body);
        caplen = origlen;
        if (ifc->snaplen && caplen > ifc->snaplen)
          caplen = ifc->snaplen;
        if (caplen > blen - 4)
          caplen = (uint32_t)(blen - 4);
      } else {
        ts = (uint64_t)rd32(c, body + 4) << 32 | rd32(c, body + 8);
        caplen = rd32(c, body + 12);
        origlen = rd32(c, body + 16);
        if (caplen > blen - 20)
          return damage(c, at + 20, "captured length %lu runs past its block",
                        (unsigned long)caplen);
      }
      data = body + hdr;
      pkt->frame = ++c->frame;
      pkt->offset = at;
      pkt->ts_ns = type == BT_SPB ? 0 : ng_ts(ts, ifc->tsresol, ifc->tsoffset);
      pkt->linktype = ifc->linktype;
      pkt->caplen = caplen;
      pkt->origlen = origlen;
      pkt->iface = iface;
      pkt->data = data;
      c->pos += total;
      return 1;
    }
    if (type == 0x00000BADu || type == 0x40000BADu || type == 9) {
      /* Custom and systemd journal blocks carry no packet, but Wireshark
       * lists them as frames: count them so frame numbers match. */
      c->frame++;
    }
    /* Section headers are handled above; everything else is skipped. */
    c->pos += total;
  }
}

/* ---------------------------------------------------------------- */
/* Opening.                                                         */
/* ---------------------------------------------------------------- */

static int start(cr_cap *c)
{
  const uint8_t *p;
  uint32_t magic;
  int rc = ensure(c, 4);
  if (rc < 0)
    return rc;
  if (!rc)
    return damage(c, 0, "too short for a capture file (%zu bytes)",
                  c->len - c->pos);
  p = cur(c);
  magic = (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
  if (magic == 0x0A0D0D0Au) {
    c->kind = KIND_PCAPNG;
    return 0;
  }
  if (magic == 0xa1b2c3d4u || magic == 0xd4c3b2a1u || magic == 0xa1b23c4du ||
      magic == 0x4d3cb2a1u) {
    c->kind = KIND_PCAP;
    return pcap_header(c);
  }
  return damage(c, 0, "not a pcap or pcapng file (first bytes %02X %02X %02X "
                "%02X); an ETL trace must be converted first (pktmon "
                "etl2pcap)", p[0], p[1], p[2], p[3]);
}

static int open_common(cr_cap **out, cr_cap *c, const char *name)
{
  int rc;
  c->name = cr_strdup(name ? name : "capture");
  if (!c->name) {
    cr_cap_free(c);
    return cr_error_oom();
  }
  if ((rc = start(c)) < 0) {
    cr_cap_free(c);
    return rc;
  }
  *out = c;
  return CR_OK;
}

int cr_cap_open_buffer(cr_cap **out, const void *data, size_t len,
                       const char *name)
{
  cr_cap *c;
  if (!out || (!data && len))
    return cr_error_set(CR_EINVAL, "cr_cap_open_buffer: bad argument");
  *out = NULL;
  if (!(c = cr_calloc(1, sizeof *c)))
    return cr_error_oom();
  c->mem = data ? data : (const uint8_t *)"";
  c->len = len;
  return open_common(out, c, name);
}

int cr_cap_open_file(cr_cap **out, const char *path)
{
  cr_cap *c;
  int rc;
  if (!out || !path)
    return cr_error_set(CR_EINVAL, "cr_cap_open_file: bad argument");
  *out = NULL;
  if (!(c = cr_calloc(1, sizeof *c)))
    return cr_error_oom();
  rc = cr_map_open(&c->map, &c->file_size, path);
  if (rc == CR_OK)
    return open_common(out, c, path);
  if (rc != CR_ENOTSUP) {
    free(c);
    return rc;
  }
  cr_error_clear(); /* not mappable: read in blocks */
  if (!(c->f = cr_file_open(path, "rb"))) {
    int e = errno;
    free(c);
    return cr_error_set(e == ENOENT ? CR_ENOTFOUND : CR_EIO,
                        "%s: cannot open: %s", path, strerror(e));
  }
  if (!(c->buf = malloc(CAP_BLOCK))) {
    fclose(c->f);
    free(c);
    return cr_error_oom();
  }
  c->cap = CAP_BLOCK;
  return open_common(out, c, path);
}

int cr_cap_next(cr_cap *c, cr_cap_pkt *pkt)
{
  if (!c || !pkt)
    return cr_error_set(CR_EINVAL, "cr_cap_next: bad argument");
  if (c->err)
    return cr_error_set(c->err, "%s", c->errmsg);
  return c->kind == KIND_PCAP ? pcap_next(c, pkt) : pcapng_next(c, pkt);
}

const char *cr_cap_format(const cr_cap *c)
{
  return c && c->format ? c->format : "pcapng";
}

uint64_t cr_cap_offset(const cr_cap *c)
{
  return c ? offset_of(c, 0) : 0;
}

void cr_cap_free(cr_cap *c)
{
  if (!c)
    return;
  if (c->f)
    fclose(c->f);
  cr_map_close(c->map);
  free(c->buf);
  free(c->ifaces);
  free(c->name);
  free(c);
}
