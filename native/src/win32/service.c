/*
 * service.c - restarting a Windows service through the Service Control
 * Manager, for the resources that must restart SQL Server after changing
 * its certificate (SqlServerCertificate's RestartService). As
 * Restart-Service -Force does: the running services that depend on it are
 * stopped first and started again afterwards, in reverse order.
 */
#ifdef _WIN32

#ifndef WIN32_LEAN_AND_MEAN
# define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include "common.h"
#include "win32_error.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define WAIT_MS 120000u /* SQL Server can take a while to stop */

static int wide(cr_buf *out, const char *utf8)
{
  int rc = cr_utf8_to_utf16(out, utf8, strlen(utf8));
  if (rc >= 0)
    rc = cr_buf_put_u16(out, 0);
  return rc;
}

/* Waits until the service reaches `want` (or fails to move towards it). */
static int wait_state(SC_HANDLE svc, DWORD want, const char *name)
{
  SERVICE_STATUS_PROCESS st;
  DWORD needed, waited = 0;
  for (;;) {
    if (!QueryServiceStatusEx(svc, SC_STATUS_PROCESS_INFO, (LPBYTE)&st,
                              sizeof st, &needed))
      return cr_win32_error(GetLastError(), "QueryServiceStatusEx", name,
                            NULL, false);
    if (st.dwCurrentState == want)
      return CR_OK;
    if (waited >= WAIT_MS)
      return cr_error_set(CR_EIO, "service %s did not %s within %u seconds "
                          "(state %lu)", name,
                          want == SERVICE_RUNNING ? "start" : "stop",
                          WAIT_MS / 1000, (unsigned long)st.dwCurrentState);
    if (want == SERVICE_RUNNING && st.dwCurrentState == SERVICE_STOPPED)
      return cr_error_set(CR_EIO, "service %s stopped while starting (exit "
                          "code %lu)", name,
                          (unsigned long)st.dwWin32ExitCode);
    Sleep(250);
    waited += 250;
  }
}

static int stop_one(SC_HANDLE scm, const wchar_t *wname, const char *name)
{
  SERVICE_STATUS st;
  SC_HANDLE svc = OpenServiceW(scm, wname, SERVICE_STOP | SERVICE_QUERY_STATUS);
  int rc = CR_OK;
  if (!svc)
    return cr_win32_error(GetLastError(), "OpenServiceW", name, NULL, true);
  if (!ControlService(svc, SERVICE_CONTROL_STOP, &st) &&
      GetLastError() != ERROR_SERVICE_NOT_ACTIVE)
    rc = cr_win32_error(GetLastError(), "ControlService(stop)", name, NULL,
                        true);
  if (rc >= 0)
    rc = wait_state(svc, SERVICE_STOPPED, name);
  CloseServiceHandle(svc);
  return rc;
}

static int start_one(SC_HANDLE scm, const wchar_t *wname, const char *name)
{
  SC_HANDLE svc = OpenServiceW(scm, wname, SERVICE_START | SERVICE_QUERY_STATUS);
  int rc = CR_OK;
  if (!svc)
    return cr_win32_error(GetLastError(), "OpenServiceW", name, NULL, true);
  if (!StartServiceW(svc, 0, NULL) &&
      GetLastError() != ERROR_SERVICE_ALREADY_RUNNING)
    rc = cr_win32_error(GetLastError(), "StartServiceW", name, NULL, true);
  if (rc >= 0)
    rc = wait_state(svc, SERVICE_RUNNING, name);
  CloseServiceHandle(svc);
  return rc;
}

/* The running services that depend on `name`, deepest first (the order
 * to stop them in), found from each active service's configured
 * dependencies: EnumDependentServicesW would say the same on Windows, but
 * Wine's is a stub that returns none (and its QueryServiceConfigW returns
 * no dependencies either: see registry_depends_on). */
typedef struct dep_list {
  wchar_t **v;
  size_t n;
} dep_list;

static void deps_free(dep_list *l)
{
  size_t i;
  for (i = 0; i < l->n; i++)
    free(l->v[i]);
  free(l->v);
  l->v = NULL;
  l->n = 0;
}

static bool deps_has(const dep_list *l, const wchar_t *name)
{
  size_t i;
  for (i = 0; i < l->n; i++)
    if (!_wcsicmp(l->v[i], name))
      return true;
  return false;
}

static int deps_add(dep_list *l, const wchar_t *name)
{
  wchar_t **v = cr_realloc_array(l->v, l->n + 1, sizeof *v);
  if (!v)
    return cr_error_oom();
  l->v = v;
  if (!(v[l->n] = _wcsdup(name)))
    return cr_error_oom();
  l->n++;
  return CR_OK;
}

/* Does the REG_MULTI_SZ of `len` bytes name `name` (groups, "+name", do
 * not count)? */
static bool multi_sz_has(const wchar_t *list, size_t len, const wchar_t *name)
{
  size_t at = 0, n = len / sizeof(wchar_t);
  while (at < n && list[at]) {
    size_t k = at;
    while (k < n && list[k])
      k++;
    if (list[at] != SC_GROUP_IDENTIFIERW && k - at == wcslen(name) &&
        !_wcsnicmp(list + at, name, k - at))
      return true;
    at = k + 1;
  }
  return false;
}

/* The SCM keeps dependencies in the service's key; Wine's SCM does not
 * return them from QueryServiceConfigW, so the key is read as well. */
static bool registry_depends_on(const wchar_t *svc, const wchar_t *name)
{
  wchar_t path[400];
  HKEY key;
  DWORD type, len = 0;
  wchar_t *data = NULL;
  bool found = false;
  _snwprintf(path, sizeof path / sizeof path[0] - 1,
             L"SYSTEM\\CurrentControlSet\\Services\\%ls", svc);
  path[sizeof path / sizeof path[0] - 1] = L'\0';
  if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_READ, &key) != ERROR_SUCCESS)
    return false;
  if (RegQueryValueExW(key, L"DependOnService", NULL, &type, NULL, &len) ==
        ERROR_SUCCESS && type == REG_MULTI_SZ && len &&
      (data = calloc(1, len + 2 * sizeof(wchar_t))) != NULL &&
      RegQueryValueExW(key, L"DependOnService", NULL, &type, (BYTE *)data,
                       &len) == ERROR_SUCCESS)
    found = multi_sz_has(data, len, name);
  free(data);
  RegCloseKey(key);
  return found;
}

/* Does service `svc` list `name` among its dependencies? */
static bool depends_on(SC_HANDLE scm, const wchar_t *svc, const wchar_t *name)
{
  SC_HANDLE h = OpenServiceW(scm, svc, SERVICE_QUERY_CONFIG);
  QUERY_SERVICE_CONFIGW *cfg = NULL;
  DWORD needed = 0;
  const wchar_t *d;
  bool found = false;
  if (!h)
    return false;
  if (!QueryServiceConfigW(h, NULL, 0, &needed) &&
      GetLastError() == ERROR_INSUFFICIENT_BUFFER &&
      (cfg = malloc(needed)) != NULL &&
      QueryServiceConfigW(h, cfg, needed, &needed) && cfg->lpDependencies)
    for (d = cfg->lpDependencies; *d && !found; d += wcslen(d) + 1)
      found = *d != SC_GROUP_IDENTIFIERW && !_wcsicmp(d, name);
  free(cfg);
  CloseServiceHandle(h);
  return found || registry_depends_on(svc, name);
}

static int find_dependents(dep_list *out, SC_HANDLE scm,
                           const ENUM_SERVICE_STATUS_PROCESSW *all,
                           DWORD count, const wchar_t *name, int depth)
{
  DWORD i;
  int rc = CR_OK;
  if (depth > 16)
    return CR_OK; /* a cycle the SCM would not allow anyway */
  for (i = 0; i < count && rc >= 0; i++) {
    const wchar_t *svc = all[i].lpServiceName;
    if (deps_has(out, svc) || !depends_on(scm, svc, name))
      continue;
    /* its own dependents stop before it */
    if ((rc = find_dependents(out, scm, all, count, svc, depth + 1)) >= 0 &&
        !deps_has(out, svc))
      rc = deps_add(out, svc);
  }
  return rc;
}

static int running_dependents(dep_list *out, SC_HANDLE scm, const wchar_t *name,
                              const char *uname)
{
  BYTE *buf = NULL;
  DWORD needed = 0, count = 0, resume = 0;
  int rc;
  if (!EnumServicesStatusExW(scm, SC_ENUM_PROCESS_INFO, SERVICE_WIN32,
                             SERVICE_ACTIVE, NULL, 0, &needed, &count, &resume,
                             NULL) && GetLastError() != ERROR_MORE_DATA)
    return cr_win32_error(GetLastError(), "EnumServicesStatusExW", uname,
                          NULL, false);
  if (!(buf = malloc(needed ? needed : 1)))
    return cr_error_oom();
  resume = 0;
  if (!EnumServicesStatusExW(scm, SC_ENUM_PROCESS_INFO, SERVICE_WIN32,
                             SERVICE_ACTIVE, buf, needed, &needed, &count,
                             &resume, NULL)) {
    rc = cr_win32_error(GetLastError(), "EnumServicesStatusExW", uname, NULL,
                        false);
  } else {
    rc = find_dependents(out, scm, (const ENUM_SERVICE_STATUS_PROCESSW *)buf,
                         count, name, 0);
  }
  free(buf);
  return rc;
}

int cr_service_restart(const char *name)
{
  cr_buf wname = CR_BUF_INIT, depname = CR_BUF_INIT;
  SC_HANDLE scm = NULL;
  dep_list deps = { NULL, 0 };
  size_t i;
  int rc;
  if (!name || !*name)
    return cr_error_set(CR_EINVAL, "cr_service_restart: no service name");
  if ((rc = wide(&wname, name)) < 0)
    return rc;
  if (!(scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT |
                             SC_MANAGER_ENUMERATE_SERVICE))) {
    rc = cr_win32_error(GetLastError(), "OpenSCManagerW", name, NULL, true);
    goto out;
  }
  if ((rc = running_dependents(&deps, scm, (const wchar_t *)wname.ptr,
                               name)) < 0)
    goto out;
  for (i = 0; i < deps.n && rc >= 0; i++) {
    depname.len = 0;
    if ((rc = cr_utf16_to_utf8(&depname, (const uint8_t *)deps.v[i],
                               wcslen(deps.v[i]))) >= 0)
      rc = stop_one(scm, deps.v[i], depname.ptr);
  }
  if (rc >= 0)
    rc = stop_one(scm, (const wchar_t *)wname.ptr, name);
  if (rc >= 0)
    rc = start_one(scm, (const wchar_t *)wname.ptr, name);
  for (i = deps.n; i > 0 && rc >= 0; i--) {
    depname.len = 0;
    if ((rc = cr_utf16_to_utf8(&depname, (const uint8_t *)deps.v[i - 1],
                               wcslen(deps.v[i - 1]))) >= 0)
      rc = start_one(scm, deps.v[i - 1], depname.ptr);
  }
out:
  deps_free(&deps);
  if (scm)
    CloseServiceHandle(scm);
  cr_buf_dispose(&wname);
  cr_buf_dispose(&depname);
  return rc;
}

#else
typedef int cr_service_unused; /* ISO C forbids an empty translation unit */
#endif
