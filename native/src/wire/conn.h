/*
 * conn.h - what the wire decoders learn about one TCP connection (the
 * facts the trace verdicts read), and the per-direction decoder state
 * that lives only while the start of the connection is being read.
 *
 * Direction 0 is client to server (the SYN's sender, or the side the
 * tracker takes for the client), 1 server to client. Frame numbers are
 * 1-based per capture file; 0 means "not seen".
 */
#ifndef CR_WIRE_CONN_H
#define CR_WIRE_CONN_H

#include "layers.h"

#define CR_WIRE_MAX_SUITES 256
#define CR_WIRE_MAX_ALERTS 4

typedef struct cr_tls_ch {
  uint64_t frame;
  uint16_t record_version;       /* of the record that carried it */
  uint16_t version;              /* legacy_version / client_version */
  bool sslv2;                    /* an SSL 2.0-compatible ClientHello */
  bool has_supported_versions;   /* extension 43 present */
  uint8_t nversions;
  uint16_t versions[16];         /* supported_versions, GREASE included */
  uint16_t nsuites;              /* stored (at most CR_WIRE_MAX_SUITES) */
  uint16_t nsuites_total;        /* offered */
  uint16_t suites[CR_WIRE_MAX_SUITES];
  uint8_t ngroups, nsigalgs;
  uint16_t groups[48];
  uint16_t sigalgs[64];
  char sni[256];
  char alpn[128];                /* protocols joined with "," */
} cr_tls_ch;

typedef struct cr_tls_sh {
  uint64_t frame;
  uint16_t version;              /* legacy_version */
  uint16_t selected_version;     /* supported_versions (TLS 1.3), or 0 */
  uint16_t suite;
  bool hrr;                      /* a HelloRetryRequest */
} cr_tls_sh;

typedef struct cr_tls_cert {
  uint64_t frame;
  uint32_t count;                /* certificates in the chain */
  uint32_t first_len;            /* DER length of the server's own */
  bool parsed;                   /* the X.509 reader took it */
  char error[200];               /* why not, when not */
  char subject[256], issuer[256];
  char sig_oid[64];
  char sig_hash[12];             /* "SHA256", "MD5", ... or "" */
  char key_type[12];             /* "RSA", "ECDSA", ... */
  unsigned key_bits;
  bool self_signed;
} cr_tls_cert;

typedef struct cr_tls_ske {
  uint64_t frame;
  bool dhe, ecdhe;
  uint16_t p_len, g_len, ys_len; /* DHE: bytes of p, g and Ys */
  uint8_t curve_type;            /* ECDHE: 3 = named_curve */
  uint16_t curve;
  uint8_t point_len;
} cr_tls_ske;

typedef struct cr_tls_alert {
  uint64_t frame;
  uint8_t dir;
  bool encrypted;                /* after ChangeCipherSpec: unreadable */
  uint8_t level, desc;
} cr_tls_alert;

/* One side's TDS PRELOGIN (MS-TDS 2.2.6.5); -1 for absent numbers. */
typedef struct cr_prelogin {
  uint64_t frame;
  bool has_version;
  uint32_t version;              /* UL_VERSION: major, minor, build (BE) */
  uint16_t subbuild;
  int encryption;                /* ENCRYPTION byte */
  bool has_instopt;
  char instopt[64];
  bool has_threadid;
  uint32_t threadid;
  int mars;
  bool has_traceid;
  uint8_t traceid[36];
  int fedauth;
  bool has_nonce;
} cr_prelogin;

typedef enum cr_transport {
  CR_TRANSPORT_UNKNOWN = 0,      /* no payload read (yet) */
  CR_TRANSPORT_TDS,              /* TDS 7.x: PRELOGIN, TLS inside it */
  CR_TRANSPORT_TDS8,             /* TLS first, ALPN tds/8.0 */
  CR_TRANSPORT_TLS,              /* TLS on its own */
  CR_TRANSPORT_OTHER             /* something else */
} cr_transport;

typedef struct cr_conn_facts {
  uint64_t stream;               /* order of first packet, as tcp.stream */
  cr_ep client, server;
  bool roles_known;              /* from the SYN, not guessed */
  bool expired;                  /* handed over while still open (too many
                                    open at once); later packets start a
                                    new connection */
  uint64_t first_frame, last_frame;
  int64_t first_ts, last_ts;
  uint64_t syn_frame, synack_frame;
  uint32_t syns, synacks;
  uint64_t fin_frame[2], rst_frame[2];
  int64_t rst_ts[2];
  uint32_t segments[2], keepalives[2], retrans[2];
  uint64_t bytes[2];
  uint64_t first_data_frame[2];
  uint64_t last_data_frame;
  int64_t last_data_ts;
  bool gap[2];                   /* bytes missing where decoding needed them */
  bool malformed[2];             /* the decoder met bytes it could not read */
  uint8_t transport;             /* cr_transport */
  cr_prelogin prelogin[2];
  uint64_t login7_frame;         /* a LOGIN7 sent in the clear */
  cr_tls_ch ch;
  cr_tls_sh sh;
  cr_tls_cert cert;
  cr_tls_ske ske;
  uint8_t nalerts;
  cr_tls_alert alerts[CR_WIRE_MAX_ALERTS];
  uint64_t ccs_frame[2], finished_frame[2], appdata_frame[2];
  char history[128];             /* ">S <SA >PL <PL >CH <SH ..." */
} cr_conn_facts;

/* Appends " token" to the history (truncated with "+" when full). */
void cr_facts_history(cr_conn_facts *f, int dir, const char *token);

/* A byte accumulator that grows up to `max` bytes. */
typedef struct cr_acc {
  uint8_t *p;
  uint32_t len, cap;
} cr_acc;

/* Appends; false when `max` would be passed (nothing is appended). */
bool cr_acc_put(cr_acc *a, const uint8_t *data, size_t n, uint32_t max);
void cr_acc_drop(cr_acc *a, size_t n); /* removes the first n bytes */
void cr_acc_free(cr_acc *a);

/* Decoding modes of one direction. */
enum {
  CR_DEC_DETECT = 0,             /* first bytes not seen yet */
  CR_DEC_TDS,                    /* TDS packets */
  CR_DEC_TLS,                    /* TLS records */
  CR_DEC_DONE                    /* nothing more to learn: stop buffering */
};

/* The last server certificates parsed, by a hash of their DER: a server
 * sends the same one to every client, and parsing it once is enough. */
typedef struct cr_cert_cache {
  struct {
    uint64_t hash;
    uint32_t len;
    cr_tls_cert cert;      /* frame and count not used */
  } e[8];
  unsigned next;
} cr_cert_cache;

typedef struct cr_dir_dec {
  cr_cert_cache *certs;          /* shared by the tracker's connections */
  uint8_t mode;
  bool tls_in_tds;               /* TDS PRELOGIN packets carry TLS */
  bool ccs;                      /* ChangeCipherSpec sent: now encrypted */
  bool encrypted;                /* TLS 1.3 after the ServerHello */
  uint32_t encrypted_records;    /* application_data records seen */
  cr_acc rec;                    /* TLS record bytes taken out of TDS */
  cr_acc hs;                     /* handshake message bytes */
  cr_acc pl;                     /* PRELOGIN payload across TDS packets */
} cr_dir_dec;

void cr_dir_dec_free(cr_dir_dec *d);

/* The most bytes one direction buffers while its start is decoded. */
#define CR_WIRE_BUFFER_MAX (64u * 1024u)

/*
 * Decodes the contiguous bytes at the start of direction `dir` (data,
 * len: what has not been consumed yet); returns how many were consumed.
 * Sets d->mode to CR_DEC_DONE when the direction has nothing more to
 * tell (handshake over, unknown protocol, damage).
 */
size_t cr_wire_decode(cr_conn_facts *f, cr_dir_dec *d, int dir,
                      uint64_t frame, const uint8_t *data, size_t len);

/* TLS (tls.c): parses the complete records of [data, len) and returns
 * the bytes consumed; cr_tls_push appends bytes taken out of TDS packets
 * to d->rec first. */
size_t cr_tls_records(cr_conn_facts *f, cr_dir_dec *d, int dir,
                      uint64_t frame, const uint8_t *data, size_t len);
void cr_tls_push(cr_conn_facts *f, cr_dir_dec *d, int dir, uint64_t frame,
                 const uint8_t *data, size_t len);
/* A TLS record header (content type 20..23, version 3.x) starts here. */
bool cr_tls_record_start(const uint8_t *p, size_t len);
/* An SSL 2.0-compatible ClientHello starts here. */
bool cr_tls_sslv2_start(const uint8_t *p, size_t len);

/* TDS (tds.c). */
bool cr_tds_packet_start(const uint8_t *p, size_t len, int dir);
size_t cr_tds_packets(cr_conn_facts *f, cr_dir_dec *d, int dir,
                      uint64_t frame, const uint8_t *data, size_t len);
/* Parses a PRELOGIN option list; false when it is not one. */
bool cr_prelogin_parse(cr_prelogin *out, const uint8_t *p, size_t len);

#endif
