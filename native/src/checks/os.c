/*
 * os.c - OS identity from HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion
 * and Control\ProductOptions.
 */
#include "os.h"
#include "regpaths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Names of NT versions by major.minor and role.
 * Source: Microsoft Learn, "Operating System Version" (OSVERSIONINFOEX
 * remarks: 5.0 Windows 2000; 5.1 Windows XP; 5.2 Windows Server 2003 /
 * XP Professional x64 Edition (workstation); 6.0 Vista / Server 2008;
 * 6.1 Windows 7 / Server 2008 R2; 6.2 Windows 8 / Server 2012; 6.3 Windows
 * 8.1 / Server 2012 R2; 10.0 Windows 10 and later / Server 2016 and later).
 */
static const struct {
  unsigned major, minor;
  const char *workstation, *server;
} nt_names[] = {
  { 5, 0, "Windows 2000 Professional", "Windows 2000 Server" },
  { 5, 1, "Windows XP", "Windows XP" },
  { 5, 2, "Windows XP Professional x64 Edition", "Windows Server 2003" },
  { 6, 0, "Windows Vista", "Windows Server 2008" },
  { 6, 1, "Windows 7", "Windows Server 2008 R2" },
  { 6, 2, "Windows 8", "Windows Server 2012" },
  { 6, 3, "Windows 8.1", "Windows Server 2012 R2" },
};

/*
 * Windows 10.0 server releases by build.
 * Source: Microsoft Learn, "Windows Server release information"
 * (14393 = 2016, 17763 = 2019, 20348 = 2022, 26100 = 2025).
 * Client: "Windows 11 release information" (first build 22000; earlier
 * 10.0 client builds are Windows 10).
 */
static const struct {
  unsigned build;
  const char *name;
} server_builds[] = {
  { 14393, "Windows Server 2016" },
  { 17763, "Windows Server 2019" },
  { 20348, "Windows Server 2022" },
  { 26100, "Windows Server 2025" },
};

const char *cr_os_role_name(cr_os_role role)
{
  switch (role) {
  case CR_ROLE_WORKSTATION: return "workstation";
  case CR_ROLE_SERVER: return "server";
  case CR_ROLE_DOMAIN_CONTROLLER: return "domain-controller";
  default: return "unknown";
  }
}

bool cr_os_is_server(const cr_os *os)
{
  return os->role == CR_ROLE_SERVER || os->role == CR_ROLE_DOMAIN_CONTROLLER;
}

bool cr_os_at_least(const cr_os *os, unsigned major, unsigned minor)
{
  if (!os->known)
    return false;
  return os->major > major || (os->major == major && os->minor >= minor);
}

static void name_os(cr_os *os)
{
  const char *base = NULL;
  char tmp[64];
  size_t i;
  if (!os->known) {
    snprintf(os->name, sizeof os->name, "unknown Windows version");
    return;
  }
  for (i = 0; i < sizeof nt_names / sizeof nt_names[0]; i++)
    if (nt_names[i].major == os->major && nt_names[i].minor == os->minor)
      base = cr_os_is_server(os) ? nt_names[i].server : nt_names[i].workstation;
  if (os->major == 10 && os->minor == 0) {
    if (cr_os_is_server(os)) {
      for (i = 0; i < sizeof server_builds / sizeof server_builds[0]; i++)
        if (server_builds[i].build == os->build)
          base = server_builds[i].name;
      if (!base) {
        snprintf(tmp, sizeof tmp, "Windows Server (build %u)", os->build);
        base = tmp;
      }
    } else if (os->role == CR_ROLE_WORKSTATION) {
      base = os->build >= 22000 ? "Windows 11" : "Windows 10";
    } else {
      snprintf(tmp, sizeof tmp, "Windows 10.0 (build %u)", os->build);
      base = tmp;
    }
  }
  /* Server 2003 R2 shares 5.2.3790 with 2003; only the name tells. */
  if (os->major == 5 && os->minor == 2 && cr_os_is_server(os) &&
      os->product_name && strstr(os->product_name, "R2"))
    base = "Windows Server 2003 R2";
  if (!base) {
    snprintf(tmp, sizeof tmp, "Windows NT %u.%u", os->major, os->minor);
    base = tmp;
  }
  if (os->service_pack > 0)
    snprintf(os->name, sizeof os->name, "%s SP%d", base, os->service_pack);
  else
    snprintf(os->name, sizeof os->name, "%s", base);
}

int cr_os_read(cr_os *os, const cr_snapshot *snap)
{
  char *s = NULL;
  uint32_t dw;
  int rc;
  memset(os, 0, sizeof *os);
  os->service_pack = -1;

  /* Windows 10 and later keep "6.3" in CurrentVersion for old callers and
   * the real version in CurrentMajor/MinorVersionNumber. */
  if (cr_snap_get_dword(&dw, snap, CR_KEY_WINDOWS_NT_CURRENTVERSION,
                        "CurrentMajorVersionNumber") == CR_OK) {
    os->major = dw;
    if (cr_snap_get_dword(&dw, snap, CR_KEY_WINDOWS_NT_CURRENTVERSION,
                          "CurrentMinorVersionNumber") == CR_OK)
      os->minor = dw;
    os->known = true;
  } else if (cr_snap_get_string(&s, snap, CR_KEY_WINDOWS_NT_CURRENTVERSION,
                                "CurrentVersion") == CR_OK) {
    unsigned a, b;
    if (sscanf(s, "%u.%u", &a, &b) == 2) {
      os->major = a;
      os->minor = b;
      os->known = true;
    }
    free(s);
    s = NULL;
  }
  if (cr_snap_get_string(&s, snap, CR_KEY_WINDOWS_NT_CURRENTVERSION,
                         "CurrentBuildNumber") == CR_OK ||
      cr_snap_get_string(&s, snap, CR_KEY_WINDOWS_NT_CURRENTVERSION,
                         "CurrentBuild") == CR_OK) {
    os->build = (unsigned)strtoul(s, NULL, 10);
    free(s);
    s = NULL;
  }
  if (cr_snap_get_dword(&dw, snap, CR_KEY_WINDOWS_NT_CURRENTVERSION,
                        "UBR") == CR_OK) {
    os->has_ubr = true;
    os->ubr = dw;
  }
  cr_snap_get_string(&os->product_name, snap,
                     CR_KEY_WINDOWS_NT_CURRENTVERSION, "ProductName");
  if (cr_snap_get_string(&os->csd_version, snap,
                         CR_KEY_WINDOWS_NT_CURRENTVERSION, "CSDVersion") ==
      CR_OK) {
    const char *p = strstr(os->csd_version, "Service Pack ");
    os->service_pack = p ? atoi(p + 13) : 0;
  } else if (cr_snap_get_dword(&dw, snap, CR_KEY_CONTROL_WINDOWS,
                               "CSDVersion") == CR_OK) {
    os->service_pack = (int)((dw >> 8) & 0xff); /* 0x0200 = SP2 */
  } else if (os->known) {
    /* No CSDVersion anywhere: Windows writes it only once a service pack
     * is installed, so its absence means none. */
    os->service_pack = 0;
  }
  rc = cr_snap_get_string(&os->product_type, snap, CR_KEY_PRODUCT_OPTIONS,
                          "ProductType");
  if (rc == CR_OK) {
    if (cr_stricmp(os->product_type, "WinNT") == 0)
      os->role = CR_ROLE_WORKSTATION;
    else if (cr_stricmp(os->product_type, "ServerNT") == 0)
      os->role = CR_ROLE_SERVER;
    else if (cr_stricmp(os->product_type, "LanmanNT") == 0)
      os->role = CR_ROLE_DOMAIN_CONTROLLER;
  }
  /* The machine's name, so fleet reports say which host is which. */
  cr_snap_get_string(&os->hostname, snap, CR_KEY_TCPIP_PARAMETERS, "Hostname");
  cr_snap_get_string(&os->domain, snap, CR_KEY_TCPIP_PARAMETERS, "Domain");
  if (os->domain && !*os->domain) {
    free(os->domain);
    os->domain = NULL;
  }
  cr_error_clear(); /* absent values are not failures here */
  name_os(os);
  return CR_OK;
}

void cr_os_dispose(cr_os *os)
{
  free(os->product_name);
  free(os->csd_version);
  free(os->product_type);
  free(os->hostname);
  free(os->domain);
  memset(os, 0, sizeof *os);
}
