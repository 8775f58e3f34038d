/*
 * layers.h - from a captured frame to its TCP segment: the link layer
 * (Ethernet with 802.1Q/802.1ad tags, Linux cooked v1 and v2, raw
 * IPv4/IPv6, BSD and OpenBSD loopback), IPv4 and IPv6 (extension headers
 * walked), then the TCP header.
 */
#ifndef CR_WIRE_LAYERS_H
#define CR_WIRE_LAYERS_H

#include "capture.h"

#include <string.h>

typedef struct cr_ep {
  uint8_t addr[16];   /* IPv4 in the first 4 bytes */
  uint16_t port;
  uint8_t v6;         /* 1 for IPv6 */
} cr_ep;

enum {
  CR_TCP_FIN = 0x01,
  CR_TCP_SYN = 0x02,
  CR_TCP_RST = 0x04,
  CR_TCP_PSH = 0x08,
  CR_TCP_ACK = 0x10
};

typedef struct cr_seg {
  uint64_t frame;
  int64_t ts_ns;
  cr_ep src, dst;
  uint32_t seq, ack;
  uint8_t flags;           /* CR_TCP_* */
  uint16_t window;
  const uint8_t *payload;  /* captured payload bytes */
  uint32_t caplen;         /* of them captured */
  uint32_t len;            /* payload length on the wire (IP header) */
} cr_seg;

/* What a frame turned out to be. */
typedef enum cr_layer_result {
  CR_LAYER_TCP = 0,        /* *seg filled */
  CR_LAYER_OTHER,          /* not TCP over IP (ARP, UDP, ICMP...) */
  CR_LAYER_FRAGMENT,       /* an IP fragment: not reassembled */
  CR_LAYER_UNSUPPORTED,    /* a link type we do not read */
  CR_LAYER_TRUNCATED       /* captured too short to hold the headers */
} cr_layer_result;

cr_layer_result cr_layers_decode(cr_seg *seg, const cr_cap_pkt *pkt);

/* "10.0.0.5" / "fe80::1" (RFC 5952 zero compression); `out` >= 46. */
void cr_ep_addr_str(char *out, size_t size, const cr_ep *ep);
/* "10.0.0.5:1433" / "[fe80::1]:1433"; `out` >= 56. */
void cr_ep_str(char *out, size_t size, const cr_ep *ep);
/* Inline: the tracker compares endpoints on every packet. Addresses are
 * compared as two 64-bit words (an IPv4 endpoint's last 12 bytes are 0). */
static inline int cr_ep_same_addr(const cr_ep *a, const cr_ep *b)
{
  uint64_t x[2], y[2];
  memcpy(x, a->addr, 16);
  memcpy(y, b->addr, 16);
  return a->v6 == b->v6 && x[0] == y[0] && x[1] == y[1];
}

static inline int cr_ep_equal(const cr_ep *a, const cr_ep *b)
{
  return a->port == b->port && cr_ep_same_addr(a, b);
}
/* Parses an IPv4 or IPv6 literal; 0 when it is not one. */
int cr_ep_parse_addr(cr_ep *out, const char *s);

#endif
