/*
 * map_win32.c - core/map.h with MapViewOfFile: each window is a view of a
 * read-only file mapping, its start rounded down to the allocation
 * granularity (64 KiB), unmapped when the next one is asked for.
 */
#include "../core/map.h"

#include <windows.h>

#include <stdlib.h>
#include <string.h>

struct cr_map {
  HANDLE file, mapping;
  uint64_t size;
  void *view;
  DWORD granularity;
};

int cr_map_open(cr_map **out, uint64_t *size, const char *path)
{
  cr_buf wide = CR_BUF_INIT;
  LARGE_INTEGER li;
  SYSTEM_INFO si;
  cr_map *m;
  HANDLE file;
  *out = NULL;
  if (cr_utf8_to_utf16(&wide, path, strlen(path)) < 0 ||
      cr_buf_put_u16(&wide, 0) < 0) {
    cr_buf_dispose(&wide);
    return CR_ENOTSUP;
  }
  file = CreateFileW((const wchar_t *)wide.ptr, GENERIC_READ, FILE_SHARE_READ,
                     NULL, OPEN_EXISTING, FILE_FLAG_SEQUENTIAL_SCAN, NULL);
  cr_buf_dispose(&wide);
  if (file == INVALID_HANDLE_VALUE) {
    DWORD e = GetLastError();
    return cr_error_set(e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND
                            ? CR_ENOTFOUND : CR_EIO,
                        "%s: cannot open (error %lu)", path, (unsigned long)e);
  }
  if (GetFileType(file) != FILE_TYPE_DISK || !GetFileSizeEx(file, &li) ||
      li.QuadPart <= 0 || (uint64_t)li.QuadPart > (uint64_t)SIZE_MAX / 2) {
    CloseHandle(file);
    return CR_ENOTSUP;
  }
  if (!(m = cr_calloc(1, sizeof *m))) {
    CloseHandle(file);
    return cr_error_oom();
  }
  m->file = file;
  m->size = (uint64_t)li.QuadPart;
  m->mapping = CreateFileMappingW(file, NULL, PAGE_READONLY, 0, 0, NULL);
  if (!m->mapping) {
    CloseHandle(file);
    free(m);
    return CR_ENOTSUP;
  }
  GetSystemInfo(&si);
  m->granularity = si.dwAllocationGranularity ? si.dwAllocationGranularity
                                              : 65536;
  *size = m->size;
  *out = m;
  return CR_OK;
}

int cr_map_window(const uint8_t **data, cr_map *m, uint64_t offset, size_t len)
{
  uint64_t start = offset - offset % m->granularity;
  SIZE_T span = (SIZE_T)(offset - start) + len;
  void *v;
  if (m->view) {
    UnmapViewOfFile(m->view);
    m->view = NULL;
  }
  v = MapViewOfFile(m->mapping, FILE_MAP_READ, (DWORD)(start >> 32),
                    (DWORD)(start & 0xffffffffu), span);
  if (!v)
    return cr_error_set(CR_EIO, "mapping %zu bytes at offset %llu failed "
                        "(error %lu)", (size_t)span,
                        (unsigned long long)start,
                        (unsigned long)GetLastError());
  m->view = v;
  *data = (const uint8_t *)v + (offset - start);
  return CR_OK;
}

void cr_map_close(cr_map *m)
{
  if (!m)
    return;
  if (m->view)
    UnmapViewOfFile(m->view);
  CloseHandle(m->mapping);
  CloseHandle(m->file);
  free(m);
}
