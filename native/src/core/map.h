/*
 * map.h - reading a large file through a sliding memory-mapped window, so
 * the capture reader touches the page cache without copying it. The
 * platform provides it: core/map_posix.c (mmap) and win32/map_win32.c
 * (MapViewOfFile). A file that cannot be mapped (a pipe, a device) gives
 * CR_ENOTSUP, and the caller reads it in blocks.
 */
#ifndef CR_MAP_H
#define CR_MAP_H

#include "common.h"

typedef struct cr_map cr_map;

/* Opens `path` for mapping and gives its size. CR_ENOTSUP when this
 * platform or this file (a pipe, a device) cannot be mapped; CR_ENOTFOUND
 * or CR_EIO as cr_read_file. */
int cr_map_open(cr_map **out, uint64_t *size, const char *path);
/* Maps [offset, offset + len) of the file (len > 0, offset + len <= size),
 * replacing the previous window; *data points at `offset`. */
int cr_map_window(const uint8_t **data, cr_map *m, uint64_t offset, size_t len);
void cr_map_close(cr_map *m);

#endif
