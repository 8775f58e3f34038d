/*
 * tcp.h - the TCP connection tracker: one entry per open connection,
 * SYN/SYN-ACK/FIN/RST with the side that sent them, retransmissions and
 * keep-alives, and a bounded reassembly of the start of each direction
 * (CR_WIRE_BUFFER_MAX bytes) that feeds the TDS/TLS decoders until they
 * have read the handshake. Out-of-order, overlapping and retransmitted
 * segments are placed by sequence number; a capture that starts in the
 * middle of a connection is taken from its first data segment on.
 *
 * A connection is handed to the `done` callback when it has been closed
 * (RST, or FIN both ways) for CR_TCP_LINGER_NS of capture time, when a
 * new SYN reuses its ports, or at cr_tcp_finish(); its memory is then
 * released, so memory follows the number of open connections, which is
 * itself capped (CR_TCP_OPEN_MAX).
 */
#ifndef CR_WIRE_TCP_H
#define CR_WIRE_TCP_H

#include "conn.h"

#define CR_TCP_LINGER_NS (5ll * 1000000000ll)
/* Connections followed at once; past it the least recently active are
 * handed over as they are (marked expired), which bounds memory. */
#define CR_TCP_OPEN_MAX 8192

typedef void (*cr_tcp_done_fn)(void *ctx, const cr_conn_facts *f);

typedef struct cr_tcp_stats {
  uint64_t connections;    /* connections seen */
  uint64_t open_max;       /* most open at once */
  uint64_t expired;        /* handed over early (CR_TCP_OPEN_MAX) */
} cr_tcp_stats;

typedef struct cr_tcp cr_tcp;

/* `server_hint`: when not NULL, a connection whose SYN was not captured
 * takes the side with this address (and port, when non-zero) as the
 * server; otherwise the lower port is. */
int cr_tcp_new(cr_tcp **out, cr_tcp_done_fn done, void *ctx,
               const cr_ep *server_hint);
/* CR_ENOMEM when a new connection cannot be allocated (the segment is
 * then counted and dropped). */
int cr_tcp_segment(cr_tcp *t, const cr_seg *s);
/* Hands every connection still open to `done`. */
void cr_tcp_finish(cr_tcp *t);
const cr_tcp_stats *cr_tcp_get_stats(const cr_tcp *t);
void cr_tcp_free(cr_tcp *t);

#endif
