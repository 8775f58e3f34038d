/*
 * os_names.c - Windows release names and the version each stands for.
 *
 * Sources:
 *  [NTVER]    Microsoft Learn, "Operating System Version" (OSVERSIONINFOEX
 *             remarks): 5.0 Windows 2000; 5.1 Windows XP; 5.2 Windows
 *             Server 2003, Server 2003 R2 and Windows XP Professional x64
 *             Edition (workstation); 6.0 Vista / Server 2008; 6.1 Windows 7
 *             / Server 2008 R2; 6.2 Windows 8 / Server 2012; 6.3 Windows
 *             8.1 / Server 2012 R2; 10.0 Windows 10 and later / Server
 *             2016 and later (as knowledge/os.c names them).
 *  [RELINFO]  Release health pages and SQLCheck's DriverInfo.cs, as quoted
 *             in tls_defaults.c: Windows 10 1507 10240, 1511 10586, 1607
 *             14393, 1703 15063, 1709 16299, 1803 17134, 1809 17763, 1903
 *             18362, 1909 18363, 2004 19041, 20H2 19042, 21H1 19043, 21H2
 *             19044, 22H2 19045; Windows 11 21H2 22000, 22H2 22621, 23H2
 *             22631, 24H2 26100; Server 2016 14393, 2019 17763, 2022 20348,
 *             2025 26100.
 *
 * Releases before 10.0 are named without a build: no source here gives
 * one, and the tables match them on major.minor (Server 2008 SP2 aside,
 * whose row needs build 6002 or later: give it with the version, as in
 * "Windows Server 2008 SP2 6.0.6002"). Their service pack is given as
 * "SPn".
 */
#include "os_names.h"

#define WKS 1
#define SRV 2

const cr_os_name_row cr_os_name_rows[] = {
  { "Windows 2000 Professional", 5, 0, 0, WKS, 1, "[NTVER]" },
  { "Windows 2000 Server", 5, 0, 0, SRV, 1, "[NTVER]" },
  { "Windows XP", 5, 1, 0, WKS, 1, "[NTVER]" },
  { "Windows XP Professional x64 Edition", 5, 2, 0, WKS, 1, "[NTVER]" },
  { "Windows Server 2003", 5, 2, 0, SRV, 1, "[NTVER]" },
  { "Windows Server 2003 R2", 5, 2, 0, SRV, 1, "[NTVER]" },
  { "Windows Vista", 6, 0, 0, WKS, 1, "[NTVER]" },
  { "Windows Server 2008", 6, 0, 0, SRV, 1, "[NTVER]" },
  { "Windows 7", 6, 1, 0, WKS, 1, "[NTVER]" },
  { "Windows Server 2008 R2", 6, 1, 0, SRV, 1, "[NTVER]" },
  { "Windows 8", 6, 2, 0, WKS, 0, "[NTVER]" },
  { "Windows Server 2012", 6, 2, 0, SRV, 0, "[NTVER]" },
  { "Windows 8.1", 6, 3, 0, WKS, 0, "[NTVER]" },
  { "Windows Server 2012 R2", 6, 3, 0, SRV, 0, "[NTVER]" },
  { "Windows 10 1507", 10, 0, 10240, WKS, 0, "[RELINFO]" },
  { "Windows 10 1511", 10, 0, 10586, WKS, 0, "[RELINFO]" },
  { "Windows 10 1607", 10, 0, 14393, WKS, 0, "[RELINFO]" },
  { "Windows 10 1703", 10, 0, 15063, WKS, 0, "[RELINFO]" },
  { "Windows 10 1709", 10, 0, 16299, WKS, 0, "[RELINFO]" },
  { "Windows 10 1803", 10, 0, 17134, WKS, 0, "[RELINFO]" },
  { "Windows 10 1809", 10, 0, 17763, WKS, 0, "[RELINFO]" },
  { "Windows 10 1903", 10, 0, 18362, WKS, 0, "[RELINFO]" },
  { "Windows 10 1909", 10, 0, 18363, WKS, 0, "[RELINFO]" },
  { "Windows 10 2004", 10, 0, 19041, WKS, 0, "[RELINFO]" },
  { "Windows 10 20H2", 10, 0, 19042, WKS, 0, "[RELINFO]" },
  { "Windows 10 21H1", 10, 0, 19043, WKS, 0, "[RELINFO]" },
  { "Windows 10 21H2", 10, 0, 19044, WKS, 0, "[RELINFO]" },
  { "Windows 10 22H2", 10, 0, 19045, WKS, 0, "[RELINFO]" },
  { "Windows 11 21H2", 10, 0, 22000, WKS, 0, "[RELINFO]" },
  { "Windows 11 22H2", 10, 0, 22621, WKS, 0, "[RELINFO]" },
  { "Windows 11 23H2", 10, 0, 22631, WKS, 0, "[RELINFO]" },
  { "Windows 11 24H2", 10, 0, 26100, WKS, 0, "[RELINFO]" },
  { "Windows Server 2016", 10, 0, 14393, SRV, 0, "[RELINFO]" },
  { "Windows Server 2019", 10, 0, 17763, SRV, 0, "[RELINFO]" },
  { "Windows Server 2022", 10, 0, 20348, SRV, 0, "[RELINFO]" },
  { "Windows Server 2025", 10, 0, 26100, SRV, 0, "[RELINFO]" },
};
const size_t cr_os_name_row_count =
  sizeof cr_os_name_rows / sizeof cr_os_name_rows[0];
