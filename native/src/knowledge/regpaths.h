/*
 * regpaths.h - every registry key ConnReset reads, in one place, so one
 * grep finds where a path is used. `collect` exports the keys listed in
 * checks/collect.c; add new keys there too. It sits in knowledge/ so
 * every floor above the core can include it.
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

/* Schannel: Protocols\<SSL 2.0..TLS 1.3, DTLS 1.0/1.2>\<Client|Server>
 * Enabled / DisabledByDefault; Ciphers, Hashes, KeyExchangeAlgorithms
 * \<name>\Enabled (families PROTO, SUITE). */
#define CR_KEY_SCHANNEL \
  "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL"
#define CR_KEY_SCHANNEL_PROTOCOLS CR_KEY_SCHANNEL "\\Protocols"
#define CR_KEY_SCHANNEL_CIPHERS CR_KEY_SCHANNEL "\\Ciphers"
#define CR_KEY_SCHANNEL_HASHES CR_KEY_SCHANNEL "\\Hashes"
#define CR_KEY_SCHANNEL_KEA CR_KEY_SCHANNEL "\\KeyExchangeAlgorithms"
/* Cipher-suite order: the local value (REG_MULTI_SZ Functions, EccCurves)
 * and the Group Policy value (comma REG_SZ Functions, 1,023 characters at
 * most, which wins when present; REG_MULTI_SZ EccCurves). */
#define CR_KEY_SSL_LOCAL \
  "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Cryptography\\Configuration\\Local\\SSL\\00010002"
#define CR_KEY_SSL_POLICY \
  "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002"
/* .NET Framework SchUseStrongCrypto / SystemDefaultTlsVersions, for 64-bit
 * and (WOW6432Node) 32-bit processes. */
#define CR_KEY_NETFX_V2 \
  "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v2.0.50727"
#define CR_KEY_NETFX_V4 \
  "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319"
#define CR_KEY_NETFX_V2_WOW \
  "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v2.0.50727"
#define CR_KEY_NETFX_V4_WOW \
  "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319"
/* WinHTTP DefaultSecureProtocols (bit mask: 0x8 SSL2, 0x20 SSL3, 0x80
 * TLS 1.0, 0x200 TLS 1.1, 0x800 TLS 1.2, 0x2000 TLS 1.3). */
#define CR_KEY_WINHTTP \
  "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp"
#define CR_KEY_WINHTTP_WOW \
  "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp"
/* The FIPS algorithm policy (knowledge/fips.c): Enabled under the
 * FipsAlgorithmPolicy key from Windows Vista on; before, the DWORD
 * FIPSAlgorithmPolicy under Lsa itself. */
#define CR_KEY_LSA "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa"
#define CR_KEY_LSA_FIPS CR_KEY_LSA "\\FipsAlgorithmPolicy"
/* SQL Server: instances (Instance Names\SQL: name -> instance id) and each
 * instance's Setup (Version, Edition, PatchLevel) and
 * MSSQLServer\SuperSocketNetLib (Certificate thumbprint, ForceEncryption,
 * ForceStrict), 64-bit and 32-bit (WOW6432Node) installations. */
#define CR_KEY_SQL_ROOT \
  "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Microsoft SQL Server"
#define CR_KEY_SQL_ROOT_WOW \
  "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Microsoft SQL Server"
#define CR_KEY_SQL_INSTANCE_NAMES CR_KEY_SQL_ROOT "\\Instance Names\\SQL"
#define CR_KEY_SQL_INSTANCE_NAMES_WOW CR_KEY_SQL_ROOT_WOW "\\Instance Names\\SQL"
/* SQL Server per instance, under <root>\<instance id>: Setup (Version,
 * PatchLevel, Edition, SP), MSSQLServer\CurrentVersion (CurrentVersion,
 * SQLCheck's version source) and MSSQLServer\Parameters (SQLArg<n>
 * startup parameters, every n in numeric order, gaps included: -e
 * ERRORLOG, -d master data, -l master log). All
 * lie under CR_KEY_SQL_ROOT / _WOW, which collect exports recursively. */
#define CR_SUBKEY_SQL_SETUP "Setup"
#define CR_SUBKEY_SQL_CURRENT_VERSION "MSSQLServer\\CurrentVersion"
#define CR_SUBKEY_SQL_PARAMETERS "MSSQLServer\\Parameters"
#define CR_SUBKEY_SQL_NETLIB "MSSQLServer\\SuperSocketNetLib"
/* ODBC drivers installed (value name = driver, data "Installed"; the
 * driver's own key holds Driver = DLL path), 64-bit and 32-bit
 * (MicrosoftDocs/sql-docs docs/odbc/reference/install/
 * odbc-drivers-subkey.md; SQLCheck Collectors.cs). */
#define CR_KEY_ODBCINST "HKEY_LOCAL_MACHINE\\SOFTWARE\\ODBC\\ODBCINST.INI"
#define CR_KEY_ODBCINST_WOW \
  "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\ODBC\\ODBCINST.INI"
/* OLE DB providers (SQLCheck DriverInfo.cs GetOLEDBProvidersTable and the
 * ProgID lookup in Collectors.cs CollectDatabaseDriver): Classes\<ProgID>\
 * Clsid (default value) names the CLSID; the provider is installed in a
 * view when that view's CLSID\<clsid> has both an InprocServer32 subkey
 * (default value = DLL path) and an "OLE DB Provider" subkey. ProgIDs are
 * shared by the two views; CLSID is 64-bit, WOW6432Node\CLSID 32-bit. */
#define CR_KEY_CLASSES "HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes"
#define CR_KEY_CLASSES_CLSID CR_KEY_CLASSES "\\CLSID"
#define CR_KEY_CLASSES_CLSID_WOW CR_KEY_CLASSES "\\WOW6432Node\\CLSID"
/* LocalMachine\My as the registry holds it: one key per SHA-1 thumbprint
 * with the serialized certificate in its Blob value (family CERTHASH). */
#define CR_KEY_CERT_STORE_MY \
  "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SystemCertificates\\MY\\Certificates"

#endif
