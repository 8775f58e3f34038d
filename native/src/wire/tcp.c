/*
 * tcp.c - the connection tracker behind tcp.h (RFC 9293 sequence space;
 * retransmission and keep-alive in the sense Wireshark's TCP analysis
 * gives them: a segment that carries no new sequence space, and a 0- or
 * 1-byte segment one below the next expected sequence number).
 *
 * Connections live in an open-addressing hash table keyed by the two
 * endpoints in either order; a connection is allocated once, when first
 * seen, and its reassembly buffers only while its start is decoded.
 */
#include "tcp.h"

#include <stdlib.h>
#include <string.h>

#define MAX_HOLES 8

typedef struct hole { uint32_t s, e; } hole; /* buffer offsets, [s, e) */

typedef struct tcp_dir {
  bool base_known;       /* base: sequence number of stream offset 0 */
  uint32_t base;
  bool next_known;       /* next: highest sequence number + 1 seen */
  uint32_t next;
  bool decoding;         /* still feeding the decoders */
  uint8_t *buf;          /* stream bytes from offset `off` */
  uint32_t cap, off, have;
  hole holes[MAX_HOLES]; /* bytes held beyond `have` (out of order) */
  uint8_t nholes;
  cr_dir_dec dec;
} tcp_dir;

/* What every packet touches comes first (fewer cache lines per packet);
 * the facts' TCP counters lead cr_conn_facts for the same reason. */
typedef struct tcp_conn {
  size_t hash;           /* pair_hash of the endpoints */
  struct tcp_conn *newer, *older; /* by last activity (the LRU list) */
  bool closed;
  bool has_isn;
  uint32_t isn;          /* the client's SYN sequence number */
  int64_t closed_ts;
  uint64_t closed_pkt;   /* the tracker's packet count when it closed */
  tcp_dir d[2];
  cr_conn_facts f;
} tcp_conn;

#define FREE_CONNS 256

struct cr_tcp {
  tcp_conn *free_conns[FREE_CONNS]; /* reused instead of freed */
  size_t nfree;
  cr_cert_cache certs;
  tcp_conn **slots;
  size_t cap, count;
  cr_tcp_done_fn done;
  void *ctx;
  bool has_hint;
  cr_ep hint;
  uint64_t next_stream;
  int64_t now;
  uint64_t packets;
  uint64_t since_sweep;
  size_t nclosed;        /* closed connections still in the table */
  tcp_conn *newest, *oldest;
  cr_tcp_stats stats;
};

/* ---------------------------------------------------------------- */
/* The table.                                                       */
/* ---------------------------------------------------------------- */

static uint64_t ep_hash(const cr_ep *e)
{
  uint64_t h = 1469598103934665603ull;
  size_t i, n = e->v6 ? 16 : 4;
  for (i = 0; i < n; i++)
    h = (h ^ e->addr[i]) * 1099511628211ull;
  h = (h ^ e->port) * 1099511628211ull;
  return h ^ (h >> 29);
}

/* The same for (a, b) and (b, a). */
static size_t pair_hash(const cr_ep *a, const cr_ep *b)
{
  uint64_t h = ep_hash(a) + ep_hash(b);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return (size_t)h;
}

static bool conn_is(const tcp_conn *c, const cr_ep *a, const cr_ep *b)
{
  return (cr_ep_equal(&c->f.client, a) && cr_ep_equal(&c->f.server, b)) ||
         (cr_ep_equal(&c->f.client, b) && cr_ep_equal(&c->f.server, a));
}

static size_t find_slot(const cr_tcp *t, const cr_ep *a, const cr_ep *b,
                        size_t h)
{
  size_t mask = t->cap - 1, i = h & mask;
  while (t->slots[i] && (t->slots[i]->hash != h || !conn_is(t->slots[i], a, b)))
    i = (i + 1) & mask;
  return i;
}

static int grow(cr_tcp *t)
{
  size_t ncap = t->cap * 2, i;
  tcp_conn **old = t->slots, **n = cr_calloc(ncap, sizeof *n);
  if (!n)
    return cr_error_oom();
  t->slots = n;
  for (i = 0; i < t->cap; i++)
    if (old[i]) {
      size_t k = old[i]->hash & (ncap - 1);
      while (n[k])
        k = (k + 1) & (ncap - 1);
      n[k] = old[i];
    }
  t->cap = ncap;
  free(old);
  return 0;
}

/* Backward-shift deletion keeps linear probing without tombstones. */
static void remove_slot(cr_tcp *t, size_t i)
{
  size_t mask = t->cap - 1, j = i;
  t->slots[i] = NULL;
  for (;;) {
    size_t k;
    j = (j + 1) & mask;
    if (!t->slots[j])
      break;
    k = t->slots[j]->hash & mask;
    /* Move slot j back to i unless its home lies cyclically in (i, j]. */
    if ((j > i && (k <= i || k > j)) || (j < i && (k <= i && k > j))) {
      t->slots[i] = t->slots[j];
      t->slots[j] = NULL;
      i = j;
    }
  }
  t->count--;
}

static void dir_release(tcp_dir *d)
{
  free(d->buf);
  d->buf = NULL;
  d->cap = d->have = 0;
  d->nholes = 0;
  d->decoding = false;
  cr_dir_dec_free(&d->dec);
}

static void release(cr_tcp *t, tcp_conn *c)
{
  if (t->nfree < FREE_CONNS)
    t->free_conns[t->nfree++] = c;
  else
    free(c);
}

static void lru_unlink(cr_tcp *t, tcp_conn *c)
{
  if (c->newer)
    c->newer->older = c->older;
  else
    t->newest = c->older;
  if (c->older)
    c->older->newer = c->newer;
  else
    t->oldest = c->newer;
  c->newer = c->older = NULL;
}

static void lru_touch(cr_tcp *t, tcp_conn *c)
{
  if (t->newest == c)
    return;
  if (c->newer || c->older || t->oldest == c)
    lru_unlink(t, c);
  c->older = t->newest;
  c->newer = NULL;
  if (t->newest)
    t->newest->newer = c;
  t->newest = c;
  if (!t->oldest)
    t->oldest = c;
}

static void finalize(cr_tcp *t, size_t slot)
{
  tcp_conn *c = t->slots[slot];
  int k;
  lru_unlink(t, c);
  if (c->closed)
    t->nclosed--;
  for (k = 0; k < 2; k++) {
    if (c->d[k].decoding && c->d[k].nholes)
      c->f.gap[k] = true;
    dir_release(&c->d[k]);
  }
  remove_slot(t, slot);
  if (t->done)
    t->done(t->ctx, &c->f);
  release(t, c);
}

/* Hands over the connections closed long enough ago: CR_TCP_LINGER_NS of
 * capture time, or, when more than LINGER_MAX are waiting (a capture
 * whose connections close faster than that), LINGER_PACKETS packets. */
#define LINGER_MAX 1024
#define LINGER_PACKETS 256

static void sweep(cr_tcp *t)
{
  size_t i = 0;
  bool pressure = t->nclosed > LINGER_MAX;
  while (i < t->cap) {
    tcp_conn *c = t->slots[i];
    if (c && c->closed && (t->now - c->closed_ts > CR_TCP_LINGER_NS ||
                           (pressure && t->packets - c->closed_pkt > LINGER_PACKETS))) {
      finalize(t, i);
      continue; /* the slot may hold a shifted entry now */
    }
    i++;
  }
}

/* ---------------------------------------------------------------- */
/* Reassembly of the start of one direction.                        */
/* ---------------------------------------------------------------- */

static bool ensure_cap(tcp_dir *d, uint32_t need)
{
  uint32_t want;
  uint8_t *p;
  if (need <= d->cap)
    return true;
  want = d->cap ? d->cap : 2048;
  while (want < need)
    want *= 2;
  if (want > CR_WIRE_BUFFER_MAX)
    want = CR_WIRE_BUFFER_MAX;
  if (want < need || !(p = realloc(d->buf, want)))
    return false;
  d->buf = p;
  d->cap = want;
  return true;
}

static void absorb_holes(tcp_dir *d)
{
  bool moved = true;
  while (moved) {
    uint8_t i;
    moved = false;
    for (i = 0; i < d->nholes; i++)
      if (d->holes[i].s <= d->have) {
        if (d->holes[i].e > d->have)
          d->have = d->holes[i].e;
        d->holes[i] = d->holes[--d->nholes];
        moved = true;
        break;
      }
  }
}

static void add_hole(tcp_dir *d, uint32_t s, uint32_t e)
{
  uint8_t i;
  for (i = 0; i < d->nholes; i++)
    if (s <= d->holes[i].e && e >= d->holes[i].s) { /* overlaps: merge */
      if (s < d->holes[i].s)
        d->holes[i].s = s;
      if (e > d->holes[i].e)
        d->holes[i].e = e;
      return;
    }
  if (d->nholes < MAX_HOLES) {
    d->holes[d->nholes].s = s;
    d->holes[d->nholes].e = e;
    d->nholes++;
  }
}

static void stop_decoding(tcp_conn *c, int k)
{
  dir_release(&c->d[k]);
}

static void reassemble(tcp_conn *c, int k, const cr_seg *s)
{
  tcp_dir *d = &c->d[k];
  uint32_t rel, start, end, n = s->caplen;
  const uint8_t *data = s->payload;
  size_t used;
  if (!d->base_known) {
    /* No SYN seen this way: the stream starts at its first data. */
    d->base = s->seq;
    d->base_known = true;
  }
  rel = s->seq - d->base;
  if (rel > 0x80000000u) { /* begins before the stream start */
    uint32_t skip = 0u - rel;
    if (skip >= n)
      return;
    data += skip;
    n -= skip;
    rel = 0;
  }
  if (rel < d->off) { /* partly consumed already */
    uint32_t skip = d->off - rel;
    if (skip >= n)
      return;
    data += skip;
    n -= skip;
    rel = d->off;
  }
  start = rel - d->off;
  if (start >= CR_WIRE_BUFFER_MAX || !n)
    return;
  if (n > CR_WIRE_BUFFER_MAX - start)
    n = CR_WIRE_BUFFER_MAX - start;
  end = start + n;
  if (!ensure_cap(d, end)) {
    c->f.gap[k] = true;
    stop_decoding(c, k);
    return;
  }
  memcpy(d->buf + start, data, n);
  if (start <= d->have) {
    if (end > d->have)
      d->have = end;
    absorb_holes(d);
  } else {
    add_hole(d, start, end);
  }
  if (s->caplen < s->len && start + s->caplen >= d->have && start <= d->have) {
    /* The capture cut this segment short (snap length): the bytes after
     * it can never be contiguous. Decode what there is, then stop. */
    used = cr_wire_decode(&c->f, &d->dec, k, s->frame, d->buf, d->have);
    c->f.gap[k] = true;
    stop_decoding(c, k);
    (void)used;
    return;
  }
  used = cr_wire_decode(&c->f, &d->dec, k, s->frame, d->buf, d->have);
  if (d->dec.mode == CR_DEC_DONE) {
    stop_decoding(c, k);
    return;
  }
  if (used) {
    uint8_t i;
    memmove(d->buf, d->buf + used, d->cap - used);
    d->have -= (uint32_t)used;
    d->off += (uint32_t)used;
    for (i = 0; i < d->nholes; i++) {
      d->holes[i].s = d->holes[i].s > used ? d->holes[i].s - (uint32_t)used : 0;
      d->holes[i].e -= (uint32_t)used;
    }
  }
  if (d->have == CR_WIRE_BUFFER_MAX) {
    /* A message larger than the buffer: nothing more can be read. */
    c->f.gap[k] = true;
    stop_decoding(c, k);
  }
}

/* ---------------------------------------------------------------- */
/* Segments.                                                        */
/* ---------------------------------------------------------------- */

static void set_roles(cr_tcp *t, tcp_conn *c, const cr_seg *s)
{
  const cr_ep *client = &s->src, *server = &s->dst;
  if ((s->flags & CR_TCP_SYN) && !(s->flags & CR_TCP_ACK)) {
    c->f.roles_known = true;
  } else if ((s->flags & CR_TCP_SYN) && (s->flags & CR_TCP_ACK)) {
    client = &s->dst;
    server = &s->src;
    c->f.roles_known = true;
  } else if (t->has_hint && cr_ep_same_addr(&t->hint, &s->src) &&
             (!t->hint.port || t->hint.port == s->src.port)) {
    client = &s->dst;
    server = &s->src;
  } else if (t->has_hint && cr_ep_same_addr(&t->hint, &s->dst) &&
             (!t->hint.port || t->hint.port == s->dst.port)) {
    /* as sent */
  } else if (s->src.port < s->dst.port) {
    client = &s->dst;
    server = &s->src;
  }
  c->f.client = *client;
  c->f.server = *server;
}

static tcp_conn *new_conn(cr_tcp *t, const cr_seg *s)
{
  tcp_conn *c;
  if (t->nfree) {
    c = t->free_conns[--t->nfree];
    memset(c, 0, sizeof *c);
  } else if (!(c = cr_calloc(1, sizeof *c))) {
    return NULL;
  }
  c->d[0].dec.certs = c->d[1].dec.certs = &t->certs;
  set_roles(t, c, s);
  c->f.stream = t->next_stream++;
  c->f.first_frame = s->frame;
  c->f.first_ts = s->ts_ns;
  c->d[0].decoding = c->d[1].decoding = true;
  return c;
}

#define SWAP(type, a, b) do { type tmp_ = (a); (a) = (b); (b) = tmp_; } while (0)

/* Which side a first payload comes from, by its content: 0 client
 * (ClientHello, TDS PRELOGIN or LOGIN7), 1 server (ServerHello, TDS
 * response), -1 unknown. */
static int side_by_content(const uint8_t *p, size_t n)
{
  if (n >= 6 && p[0] == 22 && p[1] == 3 && p[5] == 1)
    return 0;
  if (n >= 6 && p[0] == 22 && p[1] == 3 && p[5] == 2)
    return 1;
  /* A connection's first TDS packet is the client's PRELOGIN (or LOGIN7);
   * the server answers with a 0x04 response. */
  if (cr_tds_packet_start(p, n, 0))
    return 0;
  if (cr_tds_packet_start(p, n, 1) && p[0] == 0x04)
    return 1;
  return -1;
}

/* The guessed roles were the wrong way round: swap every per-side fact
 * (nothing has been decoded yet). */
static void swap_roles(tcp_conn *c)
{
  cr_conn_facts *f = &c->f;
  SWAP(cr_ep, f->client, f->server);
  SWAP(uint64_t, f->fin_frame[0], f->fin_frame[1]);
  SWAP(uint64_t, f->rst_frame[0], f->rst_frame[1]);
  SWAP(int64_t, f->rst_ts[0], f->rst_ts[1]);
  SWAP(uint32_t, f->segments[0], f->segments[1]);
  SWAP(uint32_t, f->keepalives[0], f->keepalives[1]);
  SWAP(uint32_t, f->retrans[0], f->retrans[1]);
  SWAP(uint64_t, f->bytes[0], f->bytes[1]);
  SWAP(uint64_t, f->first_data_frame[0], f->first_data_frame[1]);
  SWAP(tcp_dir, c->d[0], c->d[1]);
  f->history[0] = '\0'; /* only ACKs so far: nothing worth keeping */
}

int cr_tcp_segment(cr_tcp *t, const cr_seg *s)
{
  size_t slot, h;
  tcp_conn *c;
  tcp_dir *d;
  int k;
  uint32_t seglen;
  t->now = s->ts_ns;
  t->packets++;
  if (++t->since_sweep >= 65536 || t->nclosed > 2 * LINGER_MAX) {
    t->since_sweep = 0;
    sweep(t);
  }
  h = pair_hash(&s->src, &s->dst);
  slot = find_slot(t, &s->src, &s->dst, h);
  c = t->slots[slot];
  if (c && (s->flags & (CR_TCP_SYN | CR_TCP_ACK)) == CR_TCP_SYN &&
      (c->closed || (c->has_isn && c->isn != s->seq && c->f.synacks))) {
    /* The ports are used again by a new connection. */
    finalize(t, slot);
    slot = find_slot(t, &s->src, &s->dst, h);
    c = NULL;
  }
  if (!c && t->count >= CR_TCP_OPEN_MAX) {
    /* Too many at once: the least recently active ones are handed over
     * as they are (a later packet of theirs starts a new connection). */
    while (t->count >= CR_TCP_OPEN_MAX - CR_TCP_OPEN_MAX / 16 && t->oldest) {
      tcp_conn *old = t->oldest;
      size_t at = find_slot(t, &old->f.client, &old->f.server, old->hash);
      old->f.expired = true;
      finalize(t, at);
      t->stats.expired++;
    }
    slot = find_slot(t, &s->src, &s->dst, h);
  }
  if (!c) {
    if ((t->count + 1) * 2 > t->cap) {
      if (grow(t) < 0)
        return CR_ENOMEM;
      slot = find_slot(t, &s->src, &s->dst, h);
    }
    if (!(c = new_conn(t, s)))
      return cr_error_oom();
    c->hash = h;
    t->slots[slot] = c;
    t->count++;
    t->stats.connections++;
    if (t->count > t->stats.open_max)
      t->stats.open_max = t->count;
  }
  lru_touch(t, c);
  k = cr_ep_equal(&s->src, &c->f.client) ? 0 : 1;
  if (!c->f.roles_known && s->caplen && !c->f.first_data_frame[0] &&
      !c->f.first_data_frame[1]) {
    /* No SYN seen: the first payload tells who the client is. */
    int who = side_by_content(s->payload, s->caplen);
    if (who >= 0 && who != k) {
      swap_roles(c);
      k = who;
    }
  }
  d = &c->d[k];
  c->f.last_frame = s->frame;
  c->f.last_ts = s->ts_ns;
  c->f.segments[k]++;

  if (s->flags & CR_TCP_SYN) {
    if (!(s->flags & CR_TCP_ACK)) {
      c->f.syns++;
      if (!c->f.syn_frame) {
        c->f.syn_frame = s->frame;
        cr_facts_history(&c->f, k, "S");
      }
      c->isn = s->seq;
      c->has_isn = true;
    } else {
      c->f.synacks++;
      if (!c->f.synack_frame) {
        c->f.synack_frame = s->frame;
        cr_facts_history(&c->f, k, "SA");
      }
    }
    if (!d->base_known) {
      d->base = s->seq + 1;
      d->base_known = true;
    }
  }

  seglen = s->len + ((s->flags & CR_TCP_SYN) ? 1u : 0u) +
           ((s->flags & CR_TCP_FIN) ? 1u : 0u);
  if (s->len && !(s->flags & (CR_TCP_SYN | CR_TCP_FIN | CR_TCP_RST)) &&
      d->next_known && s->len <= 1 && s->seq == d->next - 1) {
    c->f.keepalives[k]++;
  } else if (s->len) {
    if (d->next_known && (int32_t)(s->seq + s->len - d->next) <= 0)
      c->f.retrans[k]++;
    c->f.bytes[k] += s->len;
    if (!c->f.first_data_frame[k])
      c->f.first_data_frame[k] = s->frame;
    c->f.last_data_frame = s->frame;
    c->f.last_data_ts = s->ts_ns;
    if (d->decoding)
      reassemble(c, k, s);
  } else if (!(s->flags & (CR_TCP_SYN | CR_TCP_FIN | CR_TCP_RST)) &&
             d->next_known && s->seq == d->next - 1) {
    c->f.keepalives[k]++;
  }
  if (seglen && (!d->next_known || (int32_t)(s->seq + seglen - d->next) > 0)) {
    d->next = s->seq + seglen;
    d->next_known = true;
  }

  if ((s->flags & CR_TCP_FIN) && !c->f.fin_frame[k]) {
    c->f.fin_frame[k] = s->frame;
    cr_facts_history(&c->f, k, "FIN");
    if (c->f.fin_frame[!k] && !c->closed) {
      c->closed = true;
      c->closed_ts = s->ts_ns;
      c->closed_pkt = t->packets;
      t->nclosed++;
    }
  }
  if ((s->flags & CR_TCP_RST) && !c->f.rst_frame[k]) {
    c->f.rst_frame[k] = s->frame;
    c->f.rst_ts[k] = s->ts_ns;
    cr_facts_history(&c->f, k, "R");
    if (!c->closed) {
      c->closed = true;
      c->closed_ts = s->ts_ns;
      c->closed_pkt = t->packets;
      t->nclosed++;
    }
  }
  return 0;
}

int cr_tcp_new(cr_tcp **out, cr_tcp_done_fn done, void *ctx,
               const cr_ep *server_hint)
{
  cr_tcp *t = cr_calloc(1, sizeof *t);
  if (!t)
    return cr_error_oom();
  t->cap = 1024;
  if (!(t->slots = cr_calloc(t->cap, sizeof *t->slots))) {
    free(t);
    return cr_error_oom();
  }
  t->done = done;
  t->ctx = ctx;
  if (server_hint) {
    t->has_hint = true;
    t->hint = *server_hint;
  }
  *out = t;
  return CR_OK;
}

static int by_stream(const void *a, const void *b)
{
  const tcp_conn *x = *(tcp_conn *const *)a, *y = *(tcp_conn *const *)b;
  return x->f.stream < y->f.stream ? -1 : x->f.stream > y->f.stream;
}

void cr_tcp_finish(cr_tcp *t)
{
  tcp_conn **all;
  size_t i, n = 0;
  if (!t || !t->count)
    return;
  /* In stream order, as the connections were first seen; the table's
   * own array is reused to sort them. */
  all = t->slots;
  for (i = 0; i < t->cap; i++)
    if (all[i])
      all[n++] = all[i];
  qsort(all, n, sizeof *all, by_stream);
  for (i = 0; i < n; i++) {
    tcp_conn *c = all[i];
    int k;
    all[i] = NULL;
    for (k = 0; k < 2; k++) {
      if (c->d[k].decoding && c->d[k].nholes)
        c->f.gap[k] = true;
      dir_release(&c->d[k]);
    }
    if (t->done)
      t->done(t->ctx, &c->f);
    release(t, c);
  }
  memset(t->slots, 0, t->cap * sizeof *t->slots);
  t->count = 0;
  t->nclosed = 0;
  t->newest = t->oldest = NULL;
}

const cr_tcp_stats *cr_tcp_get_stats(const cr_tcp *t)
{
  return &t->stats;
}

void cr_tcp_free(cr_tcp *t)
{
  size_t i;
  if (!t)
    return;
  for (i = 0; i < t->cap; i++)
    if (t->slots[i]) {
      dir_release(&t->slots[i]->d[0]);
      dir_release(&t->slots[i]->d[1]);
      free(t->slots[i]);
    }
  while (t->nfree)
    free(t->free_conns[--t->nfree]);
  free(t->slots);
  free(t);
}
