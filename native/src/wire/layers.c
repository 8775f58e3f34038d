/*
 * layers.c - link, IP and TCP headers (IEEE 802.3/802.1Q, tcpdump.org
 * LINKTYPE_* descriptions, RFC 791, RFC 8200 section 4, RFC 9293).
 * Nothing here allocates: the segment points into the frame.
 */
#include "layers.h"

#include <stdio.h>
#include <string.h>

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t be32(const uint8_t *p)
{
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

enum { ET_IPV4 = 0x0800, ET_IPV6 = 0x86DD, ET_VLAN = 0x8100,
       ET_QINQ = 0x88A8, ET_QINQ_OLD = 0x9100 };

static cr_layer_result tcp(cr_seg *s, const uint8_t *p, size_t cap,
                           size_t wire_len)
{
  size_t off;
  if (cap < 20)
    return CR_LAYER_TRUNCATED;
  off = (size_t)(p[12] >> 4) * 4;
  if (off < 20 || off > wire_len)
    return CR_LAYER_TRUNCATED;
  s->src.port = be16(p);
  s->dst.port = be16(p + 2);
  s->seq = be32(p + 4);
  s->ack = be32(p + 8);
  s->flags = p[13] & 0x1f;
  s->window = be16(p + 14);
  s->len = (uint32_t)(wire_len - off);
  if (cap < off) {
    s->payload = p + cap;
    s->caplen = 0;
  } else {
    s->payload = p + off;
    s->caplen = (uint32_t)(cap - off < s->len ? cap - off : s->len);
  }
  return CR_LAYER_TCP;
}

static cr_layer_result ipv4(cr_seg *s, const uint8_t *p, size_t cap)
{
  size_t ihl, total;
  if (cap < 20)
    return CR_LAYER_TRUNCATED;
  if (p[0] >> 4 != 4)
    return CR_LAYER_OTHER;
  ihl = (size_t)(p[0] & 15) * 4;
  total = be16(p + 2);
  if (ihl < 20 || cap < ihl)
    return CR_LAYER_TRUNCATED;
  /* TCP segmentation offload captures say 0: take what was captured. */
  if (total == 0)
    total = cap;
  if (total < ihl)
    return CR_LAYER_TRUNCATED;
  if (p[9] != 6)
    return CR_LAYER_OTHER;
  if ((be16(p + 6) & 0x3fff) != 0) /* MF set or a fragment offset */
    return CR_LAYER_FRAGMENT;
  memset(&s->src, 0, sizeof s->src);
  memset(&s->dst, 0, sizeof s->dst);
  memcpy(s->src.addr, p + 12, 4);
  memcpy(s->dst.addr, p + 16, 4);
  return tcp(s, p + ihl, (cap < total ? cap : total) - ihl, total - ihl);
}

static cr_layer_result ipv6(cr_seg *s, const uint8_t *p, size_t cap)
{
  size_t off = 40, total;
  uint8_t next;
  int hops = 0;
  if (cap < 40)
    return CR_LAYER_TRUNCATED;
  if (p[0] >> 4 != 6)
    return CR_LAYER_OTHER;
  total = 40 + (size_t)be16(p + 4); /* 0 with a jumbogram: not handled */
  next = p[6];
  for (;;) {
    if (next == 6)
      break;
    if (++hops > 16)
      return CR_LAYER_OTHER;
    if (next == 0 || next == 43 || next == 60 || next == 135 || next == 139 ||
        next == 140) {
      /* hop-by-hop, routing, destination options, mobility, HIP, shim6 */
      if (cap < off + 8)
        return CR_LAYER_TRUNCATED;
      next = p[off];
      off += 8 + (size_t)p[off + 1] * 8;
    } else if (next == 44) {
      if (cap < off + 8)
        return CR_LAYER_TRUNCATED;
      if ((be16(p + off + 2) & 0xfff9) != 0) /* offset or M flag */
        return CR_LAYER_FRAGMENT;
      next = p[off];
      off += 8;
    } else if (next == 51) { /* AH: length in 4-byte units, minus 2 */
      if (cap < off + 8)
        return CR_LAYER_TRUNCATED;
      next = p[off];
      off += ((size_t)p[off + 1] + 2) * 4;
    } else {
      return CR_LAYER_OTHER; /* ESP, no next header, UDP, ICMPv6 ... */
    }
    if (off > cap)
      return CR_LAYER_TRUNCATED;
  }
  if (total < off)
    return CR_LAYER_TRUNCATED;
  memset(&s->src, 0, sizeof s->src);
  memset(&s->dst, 0, sizeof s->dst);
  memcpy(s->src.addr, p + 8, 16);
  memcpy(s->dst.addr, p + 24, 16);
  s->src.v6 = s->dst.v6 = 1;
  return tcp(s, p + off, (cap < total ? cap : total) - off, total - off);
}

static cr_layer_result by_ethertype(cr_seg *s, uint16_t et, const uint8_t *p,
                                    size_t cap)
{
  if (et == ET_IPV4)
    return ipv4(s, p, cap);
  if (et == ET_IPV6)
    return ipv6(s, p, cap);
  return CR_LAYER_OTHER;
}

/* BSD AF values for IPv6 differ by OS (24 NetBSD/OpenBSD, 28 FreeBSD,
 * 30 macOS). */
static cr_layer_result by_af(cr_seg *s, uint32_t af, const uint8_t *p,
                             size_t cap)
{
  if (af == 2)
    return ipv4(s, p, cap);
  if (af == 24 || af == 28 || af == 30)
    return ipv6(s, p, cap);
  return CR_LAYER_OTHER;
}

cr_layer_result cr_layers_decode(cr_seg *s, const cr_cap_pkt *pkt)
{
  const uint8_t *p = pkt->data;
  size_t cap = pkt->caplen;
  s->frame = pkt->frame;
  s->ts_ns = pkt->ts_ns;
  switch (pkt->linktype) {
  case CR_LINK_ETHERNET: {
    size_t off = 14;
    uint16_t et;
    int tags = 0;
    if (cap < 14)
      return CR_LAYER_TRUNCATED;
    et = be16(p + 12);
    while ((et == ET_VLAN || et == ET_QINQ || et == ET_QINQ_OLD) && tags++ < 4) {
      if (cap < off + 4)
        return CR_LAYER_TRUNCATED;
      et = be16(p + off + 2);
      off += 4;
    }
    return by_ethertype(s, et, p + off, cap - off);
  }
  case CR_LINK_LINUX_SLL:
    if (cap < 16)
      return CR_LAYER_TRUNCATED;
    return by_ethertype(s, be16(p + 14), p + 16, cap - 16);
  case CR_LINK_LINUX_SLL2:
    if (cap < 20)
      return CR_LAYER_TRUNCATED;
    return by_ethertype(s, be16(p), p + 20, cap - 20);
  case CR_LINK_RAW:
  case CR_LINK_IPV4:
  case CR_LINK_IPV6:
    if (cap < 1)
      return CR_LAYER_TRUNCATED;
    return p[0] >> 4 == 6 ? ipv6(s, p, cap) : ipv4(s, p, cap);
  case CR_LINK_NULL: {
    uint32_t le, be;
    if (cap < 4)
      return CR_LAYER_TRUNCATED;
    /* The capturing host's byte order: whichever reads as a small AF. */
    le = (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
    be = be32(p);
    return by_af(s, le < 256 ? le : be, p + 4, cap - 4);
  }
  case CR_LINK_LOOP:
    if (cap < 4)
      return CR_LAYER_TRUNCATED;
    return by_af(s, be32(p), p + 4, cap - 4);
  default:
    return CR_LAYER_UNSUPPORTED;
  }
}

void cr_ep_addr_str(char *out, size_t size, const cr_ep *ep)
{
  const uint8_t *a = ep->addr;
  if (!ep->v6) {
    snprintf(out, size, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
    return;
  }
  {
    uint16_t w[8];
    int i, best = -1, bestlen = 0, run = 0, runstart = 0;
    size_t n = 0;
    for (i = 0; i < 8; i++)
      w[i] = (uint16_t)(a[2 * i] << 8 | a[2 * i + 1]);
    for (i = 0; i < 8; i++) {
      if (w[i] == 0) {
        if (!run++)
          runstart = i;
        if (run > bestlen) {
          bestlen = run;
          best = runstart;
        }
      } else {
        run = 0;
      }
    }
    if (bestlen < 2)
      best = -1;
    out[0] = '\0';
    for (i = 0; i < 8 && n < size; i++) {
      if (i == best) {
        n += (size_t)snprintf(out + n, size - n, "::");
        i += bestlen - 1;
        continue;
      }
      n += (size_t)snprintf(out + n, size - n, "%s%x",
                            (i && i != best + bestlen) ? ":" : "", w[i]);
    }
  }
}

void cr_ep_str(char *out, size_t size, const cr_ep *ep)
{
  char a[48];
  cr_ep_addr_str(a, sizeof a, ep);
  snprintf(out, size, ep->v6 ? "[%s]:%u" : "%s:%u", a, ep->port);
}

static int hexval(int c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

int cr_ep_parse_addr(cr_ep *out, const char *s)
{
  memset(out, 0, sizeof *out);
  if (!strchr(s, ':')) {
    unsigned v[4];
    int i = 0;
    const char *p = s;
    for (i = 0; i < 4; i++) {
      unsigned x = 0;
      int digits = 0;
      while (*p >= '0' && *p <= '9' && digits < 4) {
        x = x * 10 + (unsigned)(*p++ - '0');
        digits++;
      }
      if (!digits || x > 255 || (i < 3 ? *p != '.' : *p != '\0'))
        return 0;
      v[i] = x;
      p++;
    }
    for (i = 0; i < 4; i++)
      out->addr[i] = (uint8_t)v[i];
    return 1;
  }
  {
    uint16_t head[8], tail[8];
    int nh = 0, nt = 0, gap = 0;
    const char *p = s;
    if (p[0] == ':' && p[1] == ':') {
      gap = 1;
      p += 2;
    }
    while (*p) {
      unsigned x = 0;
      int digits = 0, h;
      while ((h = hexval(*p)) >= 0 && digits < 5) {
        x = x * 16 + (unsigned)h;
        p++;
        digits++;
      }
      if (!digits || digits > 4)
        return 0;
      if (gap)
        tail[nt++] = (uint16_t)x;
      else
        head[nh++] = (uint16_t)x;
      if (nh + nt > 8)
        return 0;
      if (*p == ':' && p[1] == ':' && !gap) {
        gap = 1;
        p += 2;
      } else if (*p == ':') {
        p++;
        if (!*p)
          return 0;
      } else if (*p) {
        return 0;
      }
    }
    if (gap ? nh + nt > 7 : nh != 8)
      return 0;
    {
      int i;
      for (i = 0; i < nh; i++) {
        out->addr[2 * i] = (uint8_t)(head[i] >> 8);
        out->addr[2 * i + 1] = (uint8_t)head[i];
      }
      for (i = 0; i < nt; i++) {
        int k = 8 - nt + i;
        out->addr[2 * k] = (uint8_t)(tail[i] >> 8);
        out->addr[2 * k + 1] = (uint8_t)tail[i];
      }
    }
    out->v6 = 1;
    return 1;
  }
}
