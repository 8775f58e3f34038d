/*
 * testsvc.c - a Windows service that does nothing but count its starts,
 * for tests/wine/test_dsc_live.sh: registered under Wine as the service of
 * a SQL Server instance (MSSQL$<name>) and of an agent that depends on it,
 * it lets the test see that `connreset dsc set` with RestartService really
 * stopped and started both (cr_service_restart). Each start adds one to
 * HKLM\SOFTWARE\ConnResetTest\<service name> (REG_DWORD).
 */
#ifndef WIN32_LEAN_AND_MEAN
# define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

static SERVICE_STATUS_HANDLE handle;
static SERVICE_STATUS status;
static HANDLE stop_event;

static void report(DWORD state)
{
  status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
  status.dwCurrentState = state;
  status.dwControlsAccepted = state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP : 0;
  SetServiceStatus(handle, &status);
}

static DWORD WINAPI control(DWORD code, DWORD type, LPVOID data, LPVOID ctx)
{
  (void)type;
  (void)data;
  (void)ctx;
  if (code == SERVICE_CONTROL_STOP) {
    report(SERVICE_STOP_PENDING);
    SetEvent(stop_event);
  }
  return NO_ERROR;
}

static void count_start(const wchar_t *name)
{
  HKEY key;
  DWORD starts = 0, size = sizeof starts, type;
  if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\ConnResetTest", 0, NULL,
                      0, KEY_READ | KEY_WRITE, NULL, &key, NULL) != ERROR_SUCCESS)
    return;
  if (RegQueryValueExW(key, name, NULL, &type, (BYTE *)&starts, &size) !=
        ERROR_SUCCESS || type != REG_DWORD)
    starts = 0;
  starts++;
  RegSetValueExW(key, name, 0, REG_DWORD, (const BYTE *)&starts, sizeof starts);
  RegCloseKey(key);
}

static void WINAPI service_main(DWORD argc, LPWSTR *argv)
{
  const wchar_t *name = argc > 0 ? argv[0] : L"";
  handle = RegisterServiceCtrlHandlerExW(name, control, NULL);
  if (!handle)
    return;
  report(SERVICE_START_PENDING);
  count_start(name);
  report(SERVICE_RUNNING);
  WaitForSingleObject(stop_event, INFINITE);
  report(SERVICE_STOPPED);
}

int wmain(void)
{
  SERVICE_TABLE_ENTRYW table[] = {
    { (LPWSTR)L"", service_main },
    { NULL, NULL }
  };
  stop_event = CreateEventW(NULL, TRUE, FALSE, NULL);
  if (!stop_event)
    return 1;
  return StartServiceCtrlDispatcherW(table) ? 0 : 2;
}
