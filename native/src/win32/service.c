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

int cr_service_restart(const char *name)
{
  cr_buf wname = CR_BUF_INIT;
  SC_HANDLE scm = NULL, svc = NULL;
  ENUM_SERVICE_STATUSW *deps = NULL;
  DWORD needed = 0, count = 0, i;
  cr_buf depname = CR_BUF_INIT;
  int rc;
  if (!name || !*name)
    return cr_error_set(CR_EINVAL, "cr_service_restart: no service name");
  if ((rc = wide(&wname, name)) < 0)
    return rc;
  if (!(scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT))) {
    rc = cr_win32_error(GetLastError(), "OpenSCManagerW", name, NULL, true);
    goto out;
  }
  if (!(svc = OpenServiceW(scm, (const wchar_t *)wname.ptr,
                           SERVICE_ENUMERATE_DEPENDENTS))) {
    rc = cr_win32_error(GetLastError(), "OpenServiceW", name, NULL, true);
    goto out;
  }
  /* The running dependents, first to stop first (the SCM's order). */
  if (!EnumDependentServicesW(svc, SERVICE_ACTIVE, NULL, 0, &needed, &count)) {
    if (GetLastError() != ERROR_MORE_DATA) {
      rc = cr_win32_error(GetLastError(), "EnumDependentServicesW", name,
                          NULL, false);
      goto out;
    }
    if (!(deps = malloc(needed))) {
      rc = cr_error_oom();
      goto out;
    }
    if (!EnumDependentServicesW(svc, SERVICE_ACTIVE, deps, needed, &needed,
                                &count)) {
      rc = cr_win32_error(GetLastError(), "EnumDependentServicesW", name,
                          NULL, false);
      goto out;
    }
  }
  for (i = 0; i < count && rc >= 0; i++) {
    depname.len = 0;
    if ((rc = cr_utf16_to_utf8(&depname, (const uint8_t *)deps[i].lpServiceName,
                               wcslen(deps[i].lpServiceName))) >= 0)
      rc = stop_one(scm, deps[i].lpServiceName, depname.ptr);
  }
  if (rc >= 0)
    rc = stop_one(scm, (const wchar_t *)wname.ptr, name);
  if (rc >= 0)
    rc = start_one(scm, (const wchar_t *)wname.ptr, name);
  for (i = count; i > 0 && rc >= 0; i--) {
    depname.len = 0;
    if ((rc = cr_utf16_to_utf8(&depname,
                               (const uint8_t *)deps[i - 1].lpServiceName,
                               wcslen(deps[i - 1].lpServiceName))) >= 0)
      rc = start_one(scm, deps[i - 1].lpServiceName, depname.ptr);
  }
out:
  free(deps);
  if (svc)
    CloseServiceHandle(svc);
  if (scm)
    CloseServiceHandle(scm);
  cr_buf_dispose(&wname);
  cr_buf_dispose(&depname);
  return rc;
}

#else
typedef int cr_service_unused; /* ISO C forbids an empty translation unit */
#endif
