/*
 * class_key.c - configuration classes (fleets): the canonical key of what
 * the match (match.c) reads from a machine. Machines with the same key get
 * the same verdict against any peer, so a fleet runs the match once per
 * class pair; cr_match_decision (match_result.c) is what test_fleet
 * compares to prove it.
 */
#include "match.h"

static void put_u16(cr_buf *b, unsigned v)
{
  char two[2];
  two[0] = (char)(v & 0xff);
  two[1] = (char)((v >> 8) & 0xff);
  cr_buf_put(b, two, 2);
}

/*
 * The class key: every answer the match can get about a machine, in a
 * canonical byte string. decide() and the fix finders (match.c) read a
 * machine only through these: its protocol states per role (proto_tri,
 * os_can: enabled, off or unknown, FIPS already applied by the model), its
 * usable suites per version in its own order (cr_tls_suite_usable and
 * has_suite, walked in effective-list order by pick(), fix_suites() and
 * dhezero(); FIPS already applied), whether its suite list is unknown
 * (choose), whether its OS is known at all (side_missing), the OS's suite
 * table (cr_tls_os_supports, os_name_for: the defaults row, and whether
 * names are curve-suffixed), which of the OS's suites a SCHANNEL switch
 * blocks (cr_tls_blocking_switch, asked only for suites the OS supports),
 * the DHE leading-zero fix (present, missing or unknown), and the
 * certificate's key type (the server key when the caller gives none). Names,
 * OS names, versions and registry evidence only colour the text. Two
 * machines with the same key get the same verdict, fixes and pair findings
 * against any peer in either role; test_fleet proves it pair by pair. A new
 * input to the match belongs here.
 */
int cr_tls_class_key(cr_buf *out, const cr_tls_machine *m)
{
  size_t i;
  int role, p;
  unsigned char bits = 0;
  cr_buf_putc(out, 'K');
  cr_buf_putc(out, 2); /* layout version */
  cr_buf_putc(out, (char)m->os.known);
  cr_buf_putc(out, (char)(m->suite_source == CR_SRC_UNKNOWN));
  for (role = 0; role < 2; role++)
    for (p = 0; p < CR_PROTO_COUNT; p++)
      cr_buf_putc(out, (char)m->proto[role][p].state);
  for (p = 0; p < CR_PROTO_COUNT; p++) {
    size_t n = 0;
    for (i = 0; i < m->neffective; i++)
      n += cr_tls_suite_usable(m, m->effective[i], (cr_tls_proto)p);
    put_u16(out, (unsigned)n);
    for (i = 0; i < m->neffective; i++)
      if (cr_tls_suite_usable(m, m->effective[i], (cr_tls_proto)p))
        put_u16(out, m->effective[i]->id);
  }
  put_u16(out, m->defaults ? (unsigned)(m->defaults - cr_default_suites_rows)
                           : 0xffffu);
  cr_buf_putc(out, (char)(m->os.known && m->os.major >= 10));
  for (i = 0; i < m->nos_suites; i++) {
    if (m->os_suites[i] && cr_tls_blocking_switch(NULL, 0, m, m->os_suites[i]))
      bits |= (unsigned char)(1u << (i % 8));
    if (i % 8 == 7 || i + 1 == m->nos_suites) {
      cr_buf_putc(out, (char)bits);
      bits = 0;
    }
  }
  cr_buf_putc(out, (char)m->dhe_fix);
  cr_buf_putc(out, (char)(!m->cert.found ? 0
                          : m->cert.key == CR_KEYTYPE_RSA ? 1
                          : m->cert.key == CR_KEYTYPE_EC  ? 2 : 0));
  return cr_buf_status(out);
}
