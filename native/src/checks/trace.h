/*
 * trace.h - wire evidence: what the capture files showed, summed per
 * server, and the verdicts drawn from it (the public cr_trace API).
 *
 *   trace.c           reading captures into connections and sums
 *   trace_verdicts.c  each connection's outcome, and the findings
 *   trace_output.c    connreset.trace/1 JSON and text
 *
 * Memory: the open connections (the TCP tracker), the first
 * TRACE_KEEP connections in detail, and per server a bounded set of sums
 * and examples. Nothing grows with the size of the files.
 */
#ifndef CR_CHECKS_TRACE_H
#define CR_CHECKS_TRACE_H

#include "../report/report.h"
#include "../wire/tcp.h"

#define TRACE_KEEP 2000         /* connections kept in detail */
#define TRACE_EXAMPLES 4        /* example connections per verdict */
#define TRACE_OFFERS 32         /* distinct failing offers per server */
#define TRACE_SERVER_SUITES 32  /* suites a server chose, remembered */

/* What happened to one connection. */
typedef enum trace_outcome {
  OUT_OK_TLS = 0,           /* TLS handshake completed */
  OUT_OK_PLAIN,             /* data both ways, no TLS failure */
  OUT_CLOSED,               /* closed with FIN, nothing failed */
  OUT_INCOMPLETE,           /* the capture ends before it does */
  OUT_SYN_UNANSWERED,
  OUT_SYN_REFUSED,          /* SYN answered with RST */
  OUT_ALERT_PROTO,          /* protocol_version alert */
  OUT_ALERT_SUITE,          /* handshake_failure/insufficient_security
                               before any ServerHello */
  OUT_RESET_AFTER_CH,       /* the server closed right after ClientHello */
  OUT_CERT_REJECTED,        /* the client aborted after the certificate */
  OUT_DIED_AFTER_FINISHED,  /* died after the client's Finished */
  OUT_HANDSHAKE_FAILED,     /* any other handshake failure */
  OUT_RESET,                /* reset once the handshake/login was over */
  OUT_WEAK_CERT_REJECTED,   /* rejected after a weak-hash certificate */
  OUT_COUNT
} trace_outcome;

const char *trace_outcome_name(trace_outcome o);

/* A reference to a connection, for evidence. */
typedef struct trace_ref {
  uint32_t file;
  uint64_t stream;
  uint64_t frames[4];       /* the frames that show it, 0 = none */
  char what[120];
} trace_ref;

/* A distinct ClientHello offer that the server closed on. */
typedef struct trace_offer {
  uint64_t hash;
  uint64_t count;
  uint16_t versions[8];     /* offered, GREASE dropped */
  uint8_t nversions;
  uint16_t max_version;
  uint16_t nsuites;
  uint16_t suites[CR_WIRE_MAX_SUITES];
  uint8_t nrefs;
  trace_ref refs[TRACE_EXAMPLES];
} trace_offer;

typedef struct trace_server {
  cr_ep ep;
  uint64_t conns;
  uint64_t outcome[OUT_COUNT];
  uint8_t nrefs[OUT_COUNT];
  trace_ref refs[OUT_COUNT][TRACE_EXAMPLES];
  uint64_t syn_answered;
  uint64_t tds, tds8, tls;
  uint64_t not_tls12;       /* completed below TLS 1.2 */
  uint16_t versions_ok[8];  /* negotiated in completed handshakes */
  uint8_t nversions_ok;
  uint16_t suites_ok[TRACE_SERVER_SUITES];
  uint8_t nsuites_ok;
  uint64_t dhe_ok, dhe_died;
  cr_prelogin prelogin;     /* the server's first PRELOGIN answer */
  uint32_t prelogin_file;
  uint64_t prelogin_stream;
  uint32_t client_encryption; /* bit per ENCRYPTION value clients sent */
  bool has_cert;
  cr_tls_cert cert;         /* the first certificate it served */
  uint32_t cert_file;
  uint64_t cert_stream;
  bool has_weak_cert;
  cr_tls_cert weak_cert;    /* the first weak-hash certificate it served */
  uint64_t weak_cert_ok;    /* completed handshakes with a weak hash */
  trace_ref weak_cert_ref;
  uint64_t resets_by[2];    /* RST after the login, by client/server */
  trace_offer *offers;      /* failing offers (OUT_RESET_AFTER_CH) */
  size_t noffers;
  uint64_t offers_other;    /* beyond TRACE_OFFERS */
} trace_server;

/* DHE handshakes between a client host and a server. */
typedef struct trace_pair {
  cr_ep client;             /* address only (port 0) */
  size_t server;            /* index into servers */
  uint64_t ok, died;
  trace_ref ref;
} trace_pair;

typedef struct trace_conn {
  cr_conn_facts f;
  uint32_t file;
  trace_outcome outcome;
  char verdict[16];         /* finding id, or "" */
} trace_conn;

typedef struct trace_file {
  char *path;
  const char *format;
  uint64_t frames, bytes;
  uint64_t tcp, other, fragments, unsupported, truncated;
  uint64_t connections, open_max, expired;
  int error;                /* 0, or the code that stopped reading */
  char *message;            /* its message */
} trace_file;

struct cr_trace {
  bool has_filter;
  cr_ep filter;             /* --server HOST[:PORT] (port 0: any) */
  char *filter_text;
  trace_file *files;
  size_t nfiles;
  trace_conn *conns;
  size_t nconns, capconns;
  uint64_t conns_total, conns_omitted;
  trace_server *servers;
  size_t nservers;
  trace_pair *pairs;
  size_t npairs, cappairs;
  size_t *server_index, cap_server_index; /* hash indexes (entry + 1) */
  size_t *pair_index, cap_pair_index;
  cr_report *findings;      /* rebuilt after each file */
  /* The configuration match for the same pair, when given. */
  bool has_match;
  cr_outcome match_outcome;  /* issue 11's outcome of the pair */
  char *match_family;       /* PROTO, SUITE, DHEZERO or NULL */
  char *match_json;
  char *match_text;
};

/* trace.c: the offer a ClientHello makes (GREASE dropped). */
void trace_offer_from(trace_offer *o, const cr_conn_facts *f);

/* trace_verdicts.c */
trace_outcome trace_classify(const cr_conn_facts *f);
/* Both Finished messages seen (TLS 1.3: the client's). */
bool trace_handshake_done(const cr_conn_facts *f);
/* The connection's verdict id ("PROTO101") given the sums, or "". */
const char *trace_conn_verdict(const cr_trace *t, const trace_conn *c);
int trace_build_findings(cr_trace *t);
bool trace_weak_hash(const cr_tls_cert *c);
bool trace_suite_is_dhe(uint16_t suite);
/* Offers: max offered version and whether `v` is offered. */
uint16_t trace_max_version(const cr_tls_ch *ch);
void trace_offer_resolve(const trace_server *s, const trace_offer *o,
                         const char **id, char *why, size_t size);

/* trace_output.c */
const char *trace_version_name(uint16_t v);   /* "TLS 1.2", "0x7f1c" */
const char *trace_alert_name(uint8_t desc);   /* "protocol_version" */
const char *trace_encryption_name(int v);     /* "ON", "REQ" ... */
void trace_sql_version(char *out, size_t size, const cr_prelogin *p);
void trace_ref_frames(char *out, size_t size, const trace_ref *r);

#endif
