/*
 * syn_defaults.c - the SYN attack protection knowledge table.
 *
 * Sources (short names used in the rows):
 *  [W2K-SAP]   Windows 2000 TCP/IP reference, "SynAttackProtect",
 *              learn.microsoft.com/previous-versions/windows/it-pro/
 *              windows-2000-server/cc938202(v=technet.10)
 *  [Q142641]   KB Q142641 (NT 3.51/4.0, Windows 2000): SynAttackProtect
 *              "Valid Range: 0, 1, 2", 2 delays the Winsock indication.
 *  [W2K-TMHO]  Windows 2000 "TcpMaxHalfOpen", cc938212: range
 *              0x64-0xFFFF; defaults given as "Windows NT Server: 0x64
 *              (100), Windows NT Workstation: 0x1F4 (500)", which
 *              contradicts the 2003 page's labels, so the default is
 *              treated as unknown.
 *  [W2K-TMCRR] Windows 2000 "TcpMaxConnectResponseRetransmissions",
 *              cc938208: 0-255, default 2; "SYN attack protection is
 *              enabled when the value of the SynAttackProtect entry is 1
 *              and the value of this entry is at least 2."
 *  [WS03-SAP]  Windows Server 2003 TCP/IP reference, "SynAttackProtect",
 *              technet cc781167(v=ws.10): REG_DWORD 0|1, default 0
 *              (page dated March 28, 2003, before SP1).
 *  [WS03-TMHO] Windows Server 2003 "TcpMaxHalfOpen", cc779982(v=ws.10):
 *              0x1-0xFFFFFFFF; "Windows Server 2003: 0x1F4 (500)",
 *              "Windows XP Professional: 0x64 (100)".
 *  [WS03-TMHR] Windows Server 2003 "TcpMaxHalfOpenRetried",
 *              cc779086(v=ws.10): 0x50 (80)-0xFFFFFFFF; "Windows Server
 *              2003: 0x190 (400)", "Windows XP Professional: 0x50 (80)";
 *              should be less than TcpMaxHalfOpen.
 *  [SEED-4D]   shared/seeds/000 (4D Tech Tip, 2010, quoting Microsoft):
 *              "For Windows XP (all versions) and Windows Server 2003 with
 *              no service packs installed, SynAttackProtect is set to 0 by
 *              default. For Windows Server 2003 SP1 (or greater),
 *              SynAttackProtect is set to 1 by default."
 *  [KB899599]  KB899599 (BizTalk "General Network" error): "Windows Server
 *              2003 SP1 and SP2 implement a security feature that reduces
 *              the size of the queue for concurrent TCP/IP connections".
 *  [NETTRACER] Microsoft nettracer blog, "SYN attack protection on Windows
 *              Vista/2008/7/2008 R2/8/8.1/2012/2012 R2": "SynAttack
 *              protection is enabled by default and cannot be disabled",
 *              no configurable parameters via registry; the 2000/2003
 *              values SynAttackProtect, TcpMaxHalfOpen,
 *              TcpMaxHalfOpenRetried are no longer used.
 *
 * Not settled by any source found (reported as unknown): the XP range of
 * SynAttackProtect; TcpMaxConnectResponseRetransmissions default and range
 * on XP and Server 2003 (2 in [W2K-TMCRR], "now 3" in [Q142641]); the
 * Windows 2000 defaults of TcpMaxHalfOpen and TcpMaxHalfOpenRetried; the
 * XP x64 (5.2 workstation) defaults of the thresholds; NT 4.0 and earlier.
 */
#include "syn_defaults.h"

#include <string.h>

#include "../core/common.h"

#define ANY (-1)
#define SRV 2
#define WKS 1
#define MAXU 0xFFFFFFFFu

const char *const cr_syn_values[4] = {
  "SynAttackProtect", "TcpMaxHalfOpen", "TcpMaxHalfOpenRetried",
  "TcpMaxConnectResponseRetransmissions"
};

/* First matching row wins. Columns: value, major, minor, and_later, role,
 * sp_min, sp_max, effect, has_default, default, has_range, min, max,
 * source. */
const cr_syn_row cr_syn_rows[] = {
  /* Vista / Server 2008 and later: the stack ignores all four. */
  { "SynAttackProtect", 6, 0, true, 0, ANY, ANY, CR_SYN_IGNORED,
    false, 0, false, 0, 0, "[NETTRACER]" },
  { "TcpMaxHalfOpen", 6, 0, true, 0, ANY, ANY, CR_SYN_IGNORED,
    false, 0, false, 0, 0, "[NETTRACER]" },
  { "TcpMaxHalfOpenRetried", 6, 0, true, 0, ANY, ANY, CR_SYN_IGNORED,
    false, 0, false, 0, 0, "[NETTRACER]" },
  { "TcpMaxConnectResponseRetransmissions", 6, 0, true, 0, ANY, ANY,
    CR_SYN_IGNORED, false, 0, false, 0, 0, "[NETTRACER]" },

  /* Windows Server 2003 (5.2 server). */
  { "SynAttackProtect", 5, 2, false, SRV, 1, ANY, CR_SYN_USED,
    true, 1, true, 0, 1, "[SEED-4D] [KB899599] default 1 from SP1; "
    "[WS03-SAP] range 0-1" },
  { "SynAttackProtect", 5, 2, false, SRV, 0, 0, CR_SYN_USED,
    true, 0, true, 0, 1, "[WS03-SAP] [SEED-4D] default 0 before SP1" },
  { "TcpMaxHalfOpen", 5, 2, false, SRV, ANY, ANY, CR_SYN_USED,
    true, 500, true, 1, MAXU, "[WS03-TMHO]" },
  { "TcpMaxHalfOpenRetried", 5, 2, false, SRV, ANY, ANY, CR_SYN_USED,
    true, 400, true, 80, MAXU, "[WS03-TMHR]" },
  { "TcpMaxConnectResponseRetransmissions", 5, 2, false, SRV, ANY, ANY,
    CR_SYN_USED, false, 0, false, 0, 0,
    "no Server 2003 source; [W2K-TMCRR] says 2, [Q142641] says 3" },

  /* XP Professional x64 Edition (5.2 workstation). */
  { "SynAttackProtect", 5, 2, false, WKS, ANY, ANY, CR_SYN_USED,
    true, 0, false, 0, 0, "[SEED-4D] XP (all versions) default 0" },
  { "TcpMaxHalfOpen", 5, 2, false, WKS, ANY, ANY, CR_SYN_USED,
    false, 0, true, 1, MAXU, "[WS03-TMHO] range; default not given for "
    "XP x64" },
  { "TcpMaxHalfOpenRetried", 5, 2, false, WKS, ANY, ANY, CR_SYN_USED,
    false, 0, true, 80, MAXU, "[WS03-TMHR] range; default not given for "
    "XP x64" },
  { "TcpMaxConnectResponseRetransmissions", 5, 2, false, WKS, ANY, ANY,
    CR_SYN_USED, false, 0, false, 0, 0, "no XP source" },

  /* Windows XP (5.1). */
  { "SynAttackProtect", 5, 1, false, 0, ANY, ANY, CR_SYN_USED,
    true, 0, false, 0, 0, "[SEED-4D] XP (all versions) default 0" },
  { "TcpMaxHalfOpen", 5, 1, false, 0, ANY, ANY, CR_SYN_USED,
    true, 100, true, 1, MAXU, "[WS03-TMHO] XP Professional" },
  { "TcpMaxHalfOpenRetried", 5, 1, false, 0, ANY, ANY, CR_SYN_USED,
    true, 80, true, 80, MAXU, "[WS03-TMHR] XP Professional" },
  { "TcpMaxConnectResponseRetransmissions", 5, 1, false, 0, ANY, ANY,
    CR_SYN_USED, false, 0, false, 0, 0, "no XP source" },

  /* Windows 2000 (5.0). */
  { "SynAttackProtect", 5, 0, false, 0, ANY, ANY, CR_SYN_USED,
    true, 0, true, 0, 2, "[W2K-SAP] default 0; [Q142641] range 0-2" },
  { "TcpMaxHalfOpen", 5, 0, false, 0, ANY, ANY, CR_SYN_USED,
    false, 0, true, 100, 0xFFFF, "[W2K-TMHO] range; default labels "
    "contradict [WS03-TMHO]" },
  { "TcpMaxHalfOpenRetried", 5, 0, false, 0, ANY, ANY, CR_SYN_USED,
    false, 0, false, 0, 0, "no Microsoft source for Windows 2000" },
  { "TcpMaxConnectResponseRetransmissions", 5, 0, false, 0, ANY, ANY,
    CR_SYN_USED, true, 2, true, 0, 255, "[W2K-TMCRR]" },
};
const size_t cr_syn_row_count = sizeof cr_syn_rows / sizeof cr_syn_rows[0];

static bool row_matches(const cr_syn_row *r, const cr_os *os)
{
  if (!os->known)
    return false;
  if (r->and_later) {
    if (!cr_os_at_least(os, r->major, r->minor))
      return false;
  } else if (os->major != r->major || os->minor != r->minor) {
    return false;
  }
  if (r->role == WKS && os->role != CR_ROLE_WORKSTATION)
    return false;
  if (r->role == SRV && !cr_os_is_server(os))
    return false;
  if (r->sp_min != ANY || r->sp_max != ANY) {
    if (os->service_pack < 0)
      return false; /* unknown service pack: no row can claim it */
    if (r->sp_min != ANY && os->service_pack < r->sp_min)
      return false;
    if (r->sp_max != ANY && os->service_pack > r->sp_max)
      return false;
  }
  return true;
}

const cr_syn_row *cr_syn_lookup(const char *value, const cr_os *os)
{
  size_t i;
  for (i = 0; i < cr_syn_row_count; i++)
    if (cr_stricmp(cr_syn_rows[i].value, value) == 0 &&
        row_matches(&cr_syn_rows[i], os))
      return &cr_syn_rows[i];
  return NULL;
}
