/*
 * map_posix.c - map.h with mmap(2): each window is mapped read-only and
 * populated at once (MAP_POPULATE where Linux has it: one page-table walk
 * instead of a fault per page), and unmapped when the next one is asked
 * for, so the resident set stays one window whatever the file's size.
 */
#define _DEFAULT_SOURCE 1
#include "map.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef MAP_POPULATE
# define MAP_POPULATE 0
#endif

struct cr_map {
  int fd;
  uint64_t size;
  void *base;
  size_t base_len;
  long page;
};

int cr_map_open(cr_map **out, uint64_t *size, const char *path)
{
  struct stat st;
  cr_map *m;
  int fd = open(path, O_RDONLY);
  *out = NULL;
  if (fd < 0)
    return cr_error_set(errno == ENOENT ? CR_ENOTFOUND : CR_EIO,
                        "%s: cannot open: %s", path, strerror(errno));
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
      (uint64_t)st.st_size > (uint64_t)SIZE_MAX / 2) {
    close(fd);
    return CR_ENOTSUP; /* not a regular file: read it in blocks */
  }
  if (!(m = cr_calloc(1, sizeof *m))) {
    close(fd);
    return cr_error_oom();
  }
  m->fd = fd;
  m->size = (uint64_t)st.st_size;
  m->page = sysconf(_SC_PAGESIZE) > 0 ? sysconf(_SC_PAGESIZE) : 4096;
  *size = m->size;
  *out = m;
  return CR_OK;
}

int cr_map_window(const uint8_t **data, cr_map *m, uint64_t offset, size_t len)
{
  uint64_t start = offset - offset % (uint64_t)m->page;
  size_t span = (size_t)(offset - start) + len;
  void *p;
  if (m->base) {
    munmap(m->base, m->base_len);
    m->base = NULL;
  }
  p = mmap(NULL, span, PROT_READ, MAP_PRIVATE | MAP_POPULATE, m->fd,
           (off_t)start);
  if (p == MAP_FAILED)
    return cr_error_set(CR_EIO, "mapping %zu bytes at offset %llu failed: %s",
                        span, (unsigned long long)start, strerror(errno));
  m->base = p;
  m->base_len = span;
  *data = (const uint8_t *)p + (offset - start);
  return CR_OK;
}

void cr_map_close(cr_map *m)
{
  if (!m)
    return;
  if (m->base)
    munmap(m->base, m->base_len);
  close(m->fd);
  free(m);
}
