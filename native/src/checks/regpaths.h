/*
 * regpaths.h - every registry key ConnReset reads, in one place, so one
 * grep finds where a path is used. `collect` exports the keys listed in
 * collect.c; add new keys there too.
 */
#ifndef CR_REGPATHS_H
#define CR_REGPATHS_H

/* OS identity: version, build, service pack, product name. */
#define CR_KEY_WINDOWS_NT_CURRENTVERSION \
  "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"
/* Server or workstation: ProductType WinNT / ServerNT / LanmanNT. */
#define CR_KEY_PRODUCT_OPTIONS \
  "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\ProductOptions"
/* CSDVersion as a DWORD (0x0200 = Service Pack 2), used when the
 * CurrentVersion string is missing. */
#define CR_KEY_CONTROL_WINDOWS \
  "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Windows"
/* TCP SYN attack protection values (family SYN). */
#define CR_KEY_TCPIP_PARAMETERS \
  "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters"

#endif
