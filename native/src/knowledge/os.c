/*
 * os.c - OS identity from HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion
 * and Control\ProductOptions.
 */
#include "os.h"
#include "regpaths.h"
#include "os_names.h"

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

/* ---------------------------------------------------------------- */
/* A Windows named by the user.                                      */
/* ---------------------------------------------------------------- */

static const char *skip_spaces(const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

/* The longest name of the table that `text` starts with (case-insensitive,
 * "Windows " optional), followed by the end or a space; NULL if none. */
static const cr_os_name_row *match_name(const char *text, const char **rest)
{
  const cr_os_name_row *best = NULL;
  size_t i, best_len = 0;
  for (i = 0; i < cr_os_name_row_count; i++) {
    const char *n = cr_os_name_rows[i].name;
    size_t k;
    int pass;
    for (pass = 0; pass < 2; pass++) {
      const char *want = pass ? n + 8 : n; /* without "Windows " */
      k = strlen(want);
      if (cr_strnicmp(text, want, k) == 0 &&
          (text[k] == '\0' || text[k] == ' ' || text[k] == '\t') &&
          k > best_len) {
        best = &cr_os_name_rows[i];
        best_len = k;
        *rest = text + k;
      }
    }
  }
  return best;
}

static bool read_uint(const char **pp, unsigned *out)
{
  const char *p = *pp;
  unsigned long v = 0;
  if (*p < '0' || *p > '9')
    return false;
  while (*p >= '0' && *p <= '9') {
    v = v * 10 + (unsigned long)(*p - '0');
    if (v > 0xFFFFFFFFul)
      return false;
    p++;
  }
  *out = (unsigned)v;
  *pp = p;
  return true;
}

static int names_error(const char *text, const char *why)
{
  cr_buf b = CR_BUF_INIT;
  size_t i;
  int rc;
  for (i = 0; i < cr_os_name_row_count; i++)
    cr_buf_printf(&b, "%s%s", i ? ", " : "", cr_os_name_rows[i].name);
  rc = cr_error_set(CR_EINVAL, "'%s': %s. Known names (optionally followed "
                    "by SPn before Windows 10, and by the version, e.g. "
                    "\"Windows Server 2016 10.0.14393.3542\"): %s", text, why,
                    b.ptr ? b.ptr : "");
  cr_buf_dispose(&b);
  return rc;
}

int cr_os_parse(cr_os_decl *out, const char *text)
{
  const cr_os_name_row *row;
  const char *p;
  if (!out || !text)
    return cr_error_set(CR_EINVAL, "cr_os_parse: bad argument");
  memset(out, 0, sizeof *out);
  out->service_pack = -1;
  p = skip_spaces(text);
  if (!(row = match_name(p, &p)))
    return names_error(text, "not a Windows release ConnReset knows");
  snprintf(out->name, sizeof out->name, "%s", row->name);
  out->major = row->major;
  out->minor = row->minor;
  out->build = row->build;
  out->role = row->role == 2 ? CR_ROLE_SERVER : CR_ROLE_WORKSTATION;
  out->r2 = strstr(row->name, "2003 R2") != NULL;
  /* Releases from Windows 8 on had no service packs: none is "SP0". */
  out->service_pack = row->service_packs ? -1 : 0;
  p = skip_spaces(p);
  if (cr_strnicmp(p, "SP", 2) == 0 || cr_strnicmp(p, "Service Pack", 12) == 0) {
    unsigned sp;
    p = skip_spaces(p + (cr_strnicmp(p, "SP", 2) == 0 &&
                         cr_strnicmp(p, "Service Pack", 12) != 0 ? 2 : 12));
    if (!row->service_packs)
      return names_error(text, "that release has no service packs");
    if (!read_uint(&p, &sp) || sp > 6)
      return names_error(text, "a service pack is SP followed by its number");
    out->service_pack = (int)sp;
    p = skip_spaces(p);
  }
  if (*p) {
    unsigned a, b, c;
    if (!read_uint(&p, &a) || *p++ != '.' || !read_uint(&p, &b) ||
        *p++ != '.' || !read_uint(&p, &c))
      return names_error(text, "after the name comes SPn or the version "
                         "major.minor.build[.revision]");
    if (*p == '.') {
      p++;
      if (!read_uint(&p, &out->ubr))
        return names_error(text, "the update revision after the build is a "
                           "number");
      out->has_ubr = true;
    }
    if (*skip_spaces(p))
      return names_error(text, "unexpected text after the version");
    if (a != row->major || b != row->minor || (row->build && c != row->build)) {
      char want[32];
      if (row->build)
        snprintf(want, sizeof want, "%u.%u.%u", row->major, row->minor,
                 row->build);
      else
        snprintf(want, sizeof want, "%u.%u.<build>", row->major, row->minor);
      return cr_error_set(CR_EINVAL, "'%s': %s is %s, not %u.%u.%u", text,
                          row->name, want, a, b, c);
    }
    out->build = c;
  }
  return CR_OK;
}

int cr_snapshot_set_os(cr_snapshot *snap, const char *os)
{
  cr_os_decl d;
  cr_os own;
  char *copy, *saved;
  int rc, conflict = 0;
  if (!snap)
    return cr_error_set(CR_EINVAL, "cr_snapshot_set_os: no snapshot");
  if (!os || !*os) {
    free(snap->declared_os);
    snap->declared_os = NULL;
    return CR_OK;
  }
  if ((rc = cr_os_parse(&d, os)) < 0)
    return rc;
  /* What the snapshot itself says wins: refuse a name that contradicts it,
   * so that a typo cannot silently change the verdict. */
  saved = snap->declared_os;
  snap->declared_os = NULL;
  cr_os_read(&own, snap);
  snap->declared_os = saved;
  if (own.known && (own.major != d.major || own.minor != d.minor))
    conflict = 1;
  if (own.build && d.build && own.build != d.build)
    conflict = 1;
  if (own.has_ubr && d.has_ubr && own.ubr != d.ubr)
    conflict = 1;
  if (own.role != CR_ROLE_UNKNOWN &&
      cr_os_is_server(&own) != (d.role == CR_ROLE_SERVER))
    conflict = 1;
  if (own.known && d.service_pack >= 0 && own.service_pack >= 0 &&
      own.service_pack != d.service_pack)
    conflict = 1;
  if (conflict) {
    rc = cr_error_set(CR_EINVAL, "the snapshot says it is %s (%u.%u.%u, %s); "
                      "'%s' contradicts it", own.name, own.major, own.minor,
                      own.build, cr_os_role_name(own.role), os);
    cr_os_dispose(&own);
    return rc;
  }
  cr_os_dispose(&own);
  if (!(copy = cr_strdup(os)))
    return cr_error_oom();
  free(snap->declared_os);
  snap->declared_os = copy;
  return CR_OK;
}

size_t cr_os_name_count(void) { return cr_os_name_row_count; }

const char *cr_os_name(size_t index)
{
  return index < cr_os_name_row_count ? cr_os_name_rows[index].name : NULL;
}

/* Fills what the registry left unknown from the declared Windows. */
static void apply_declared(cr_os *os, const char *text)
{
  cr_os_decl d;
  if (cr_os_parse(&d, text) < 0) {
    cr_error_clear(); /* checked when it was set */
    return;
  }
  snprintf(os->declared, sizeof os->declared, "%s", text);
  if (!os->known) {
    os->known = true;
    os->major = d.major;
    os->minor = d.minor;
    if (os->service_pack < 0 || !os->csd_version)
      os->service_pack = d.service_pack;
  } else if (os->service_pack < 0) {
    os->service_pack = d.service_pack;
  }
  if (!os->build)
    os->build = d.build;
  if (!os->has_ubr && d.has_ubr) {
    os->has_ubr = true;
    os->ubr = d.ubr;
  }
  if (os->role == CR_ROLE_UNKNOWN)
    os->role = d.role;
  if (!os->product_name && d.r2)
    os->product_name = cr_strdup("Windows Server 2003 R2");
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
  if (snap->declared_os)
    apply_declared(os, snap->declared_os);
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
