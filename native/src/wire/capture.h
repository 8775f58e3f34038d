/*
 * capture.h - packet capture files: pcap (libpcap savefile, microsecond
 * and nanosecond, either byte order) and pcapng (every section and
 * interface, both byte orders, if_tsresol/if_tsoffset; enhanced, simple
 * and obsolete packet blocks; other blocks skipped).
 *
 * A file is read in large blocks through one buffer (no allocation per
 * packet); a packet's bytes stay valid until the next call. Frames are
 * numbered from 1 per file, counting packet blocks as Wireshark does.
 */
#ifndef CR_WIRE_CAPTURE_H
#define CR_WIRE_CAPTURE_H

#include "../core/common.h"

/* Link types (tcpdump.org linktypes) the packet layers decode. */
enum {
  CR_LINK_NULL = 0,        /* BSD loopback, AF in the writer's byte order */
  CR_LINK_ETHERNET = 1,
  CR_LINK_RAW = 101,       /* raw IP, version from the first nibble */
  CR_LINK_LOOP = 108,      /* OpenBSD loopback, AF big-endian */
  CR_LINK_LINUX_SLL = 113,
  CR_LINK_IPV4 = 228,
  CR_LINK_IPV6 = 229,
  CR_LINK_LINUX_SLL2 = 276
};

typedef struct cr_cap cr_cap;

typedef struct cr_cap_pkt {
  uint64_t frame;          /* 1-based within the file */
  uint64_t offset;         /* file offset of the record or block */
  int64_t ts_ns;           /* nanoseconds since 1970 (0: none recorded) */
  uint32_t linktype;       /* CR_LINK_* or any other number */
  uint32_t caplen;         /* bytes captured (in `data`) */
  uint32_t origlen;        /* bytes on the wire */
  uint32_t iface;          /* pcapng interface id (0 for pcap) */
  const uint8_t *data;
} cr_cap_pkt;

/* Opens a capture file; CR_ENOTFOUND/CR_EIO when it cannot be read,
 * CR_EPARSE "<path>: offset 0: ..." when it is neither pcap nor pcapng. */
int cr_cap_open_file(cr_cap **out, const char *path);
/* The same over memory (not copied: it must outlive the reader). */
int cr_cap_open_buffer(cr_cap **out, const void *data, size_t len,
                       const char *name);
/*
 * The next packet: 1 with *pkt filled, 0 at the end of the file, or a
 * negative code: CR_EPARSE "<name>: offset N: <what>" (N the byte where
 * the damage starts: a truncated record, a bad block length...) or CR_EIO.
 * After an error the reader stays at the damage and returns it again.
 */
int cr_cap_next(cr_cap *c, cr_cap_pkt *pkt);
/* "pcap", "pcap-ns" or "pcapng" (of the first section). */
const char *cr_cap_format(const cr_cap *c);
/* Bytes read so far (the offset of the next record or block). */
uint64_t cr_cap_offset(const cr_cap *c);
void cr_cap_free(cr_cap *c);

#endif
