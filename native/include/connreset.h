/*
 * connreset.h - the one public header of libconnreset / connreset.dll.
 *
 * Conventions (libgit2's, see shared/reference/style-anchors.md):
 *  - every function returns 0 (CR_OK) or a negative cr_error_code; the text
 *    of the last error on this thread is cr_error_last() and, for Win32
 *    failures, ends with the system message (FormatMessage);
 *  - output parameters come first; objects returned through them belong to
 *    the caller and are released with the matching *_free, which accepts NULL;
 *  - strings and buffers the library returns are released with cr_free();
 *  - all strings are UTF-8; registry paths use backslashes and may start
 *    with HKLM or HKEY_LOCAL_MACHINE (any case).
 *
 * If a function is not declared here it is not part of the API.
 */
#ifndef CONNRESET_H
#define CONNRESET_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(CR_BUILDING_SHARED) && defined(CR_STATIC)
#error "Define either CR_BUILDING_SHARED or CR_STATIC, not both."
#endif

#if defined(_WIN32)
# if defined(CR_BUILDING_SHARED)
#  define CR_EXTERN(type) __declspec(dllexport) type
# elif defined(CR_STATIC)
#  define CR_EXTERN(type) type
# else
#  define CR_EXTERN(type) __declspec(dllimport) type
# endif
#elif defined(__GNUC__)
# define CR_EXTERN(type) __attribute__((visibility("default"))) type
#else
# define CR_EXTERN(type) type
#endif

#define CR_VERSION_STRING "0.1.0"

/* ------------------------------------------------------------------ */
/* Errors: one table, negative codes that never change value.          */
/* ------------------------------------------------------------------ */

#define CR_ERRNO_MAP(XX)                                                   \
  XX(ERROR,       -1, "unspecified failure")                               \
  XX(EINVAL,      -2, "invalid argument")                                  \
  XX(ENOTFOUND,   -3, "not found")                                         \
  XX(EPARSE,      -4, "malformed input")                                   \
  XX(EIO,         -5, "input/output error")                                \
  XX(EACCES,      -6, "access denied")                                     \
  XX(ENOMEM,      -7, "out of memory")                                     \
  XX(ENOTSUP,     -8, "not supported on this platform or source")          \
  XX(EVERIFY,     -9, "change did not read back as written")               \
  XX(EROLLEDBACK, -10, "change failed and was rolled back")                \
  XX(EROLLBACK,   -11, "change failed and the rollback failed too")

typedef enum cr_error_code {
  CR_OK = 0,
#define CR_XX_(name, value, text) CR_##name = value,
  CR_ERRNO_MAP(CR_XX_)
#undef CR_XX_
  CR_ERROR_MIN_ = -11
} cr_error_code;

/** Short description of an error code ("not found"). Never NULL. */
CR_EXTERN(const char *) cr_strerror(int code);
/** Symbolic name of an error code ("CR_ENOTFOUND"). Never NULL. */
CR_EXTERN(const char *) cr_err_name(int code);
/** Message of the last failure on this thread; "" when there was none. */
CR_EXTERN(const char *) cr_error_last(void);
/** Code of the last failure on this thread; CR_OK when there was none. */
CR_EXTERN(int) cr_error_last_code(void);
CR_EXTERN(void) cr_error_clear(void);

CR_EXTERN(const char *) cr_version(void);
/** Releases a string or buffer returned by the library. NULL is fine. */
CR_EXTERN(void) cr_free(void *ptr);

/* ------------------------------------------------------------------ */
/* Registry value types, as Windows numbers them (winnt.h).            */
/* ------------------------------------------------------------------ */
enum {
  CR_REG_NONE = 0,
  CR_REG_SZ = 1,
  CR_REG_EXPAND_SZ = 2,
  CR_REG_BINARY = 3,
  CR_REG_DWORD = 4,
  CR_REG_DWORD_BIG_ENDIAN = 5,
  CR_REG_LINK = 6,
  CR_REG_MULTI_SZ = 7,
  CR_REG_RESOURCE_LIST = 8,
  CR_REG_FULL_RESOURCE_DESCRIPTOR = 9,
  CR_REG_RESOURCE_REQUIREMENTS_LIST = 10,
  CR_REG_QWORD = 11
};

/* ------------------------------------------------------------------ */
/* Snapshots: an in-memory registry image that every check reads.      */
/* Made from .reg files (merged in order) or from the live registry.   */
/* ------------------------------------------------------------------ */
typedef struct cr_snapshot cr_snapshot;

/** An empty snapshot. */
CR_EXTERN(int) cr_snapshot_new(cr_snapshot **out);
/**
 * A snapshot of the given .reg files, merged in order, each read as
 * `reg import` and regedit read it: a line they skip (a key line with
 * text after ']', a line that is neither a key, a value nor a comment, a
 * value they cannot read) is skipped, and a warning naming the file and
 * line is kept (cr_snapshot_warning); the rest of the file is read. A file
 * they refuse (no header, broken encoding) is CR_EPARSE "<file>:<line>:
 * ...". For the old all-or-nothing reading, cr_snapshot_new,
 * cr_snapshot_set_strict, then cr_snapshot_load_file per file.
 */
CR_EXTERN(int) cr_snapshot_open_files(cr_snapshot **out,
                                      const char *const *paths, size_t count);
/**
 * Strict reading for the .reg files loaded from now on: the first line
 * reg import would skip fails the file with CR_EPARSE "<file>:<line>:
 * ...", and nothing of it is merged (connreset --strict). 0 restores the
 * default, lenient reading.
 */
CR_EXTERN(int) cr_snapshot_set_strict(cr_snapshot *snap, int strict);
/** Warnings from lenient reading, in order: "<file>:<line>: <what was
 *  skipped or read differently, and why>". At most 1000 are kept. */
CR_EXTERN(size_t) cr_snapshot_warning_count(const cr_snapshot *snap);
/** Warning `index`, or NULL past the end; lives as long as the snapshot. */
CR_EXTERN(const char *) cr_snapshot_warning(const cr_snapshot *snap,
                                            size_t index);
/**
 * A snapshot of the live local registry holding every key the checks read
 * (64-bit view). CR_ENOTSUP on platforms without a registry.
 */
CR_EXTERN(int) cr_snapshot_open_live(cr_snapshot **out);
/**
 * Attaches a SQL Server ERRORLOG to `instance` (its name, e.g.
 * "MSSQLSERVER") for the certificate check: with no certificate configured,
 * the one the log's last 26013 line names is the one the instance uses, and
 * a last 26018 line means a self-generated one. A live snapshot reads each
 * instance's -e ERRORLOG itself; an attached log wins over it. CR_EPARSE
 * "<file>:<line or offset>: ..." on malformed text; CR_ENOTFOUND/CR_EIO
 * when the file cannot be read.
 */
CR_EXTERN(int) cr_snapshot_add_errorlog(cr_snapshot *snap,
                                        const char *instance,
                                        const char *path);
/** Merges one .reg file (REGEDIT4 or Windows Registry Editor 5.00), read
 *  leniently unless the snapshot is strict (see cr_snapshot_open_files). */
CR_EXTERN(int) cr_snapshot_load_file(cr_snapshot *snap, const char *path);
/** Same, from memory; `name` is used in error messages. */
CR_EXTERN(int) cr_snapshot_load_buffer(cr_snapshot *snap, const void *data,
                                       size_t len, const char *name);
/**
 * Copies a key of the live registry into the snapshot: its values and,
 * when `recursive` is non-zero, all its subkeys. A missing key is not an
 * error (nothing is added). CR_ENOTSUP without a registry.
 */
CR_EXTERN(int) cr_snapshot_load_live(cr_snapshot *snap, const char *key,
                                     int recursive);
/** Writes the snapshot as a .reg file (5.00, UTF-16LE) that reg import takes. */
CR_EXTERN(int) cr_snapshot_save(const cr_snapshot *snap, const char *path);
/** Same, into a buffer released with cr_free(). */
CR_EXTERN(int) cr_snapshot_save_buffer(void **out, size_t *out_len,
                                       const cr_snapshot *snap);
/**
 * Looks a value up. `data` points into the snapshot (valid until it changes
 * or is freed); strings are UTF-16LE as the registry stores them. Any of the
 * out-parameters may be NULL. CR_ENOTFOUND when the key or value is absent.
 * An empty `name` (or NULL) is the key's default value.
 */
CR_EXTERN(int) cr_snapshot_get_value(uint32_t *type, const void **data,
                                     size_t *len, const cr_snapshot *snap,
                                     const char *key, const char *name);
/** 1 when the key exists, 0 when not. */
CR_EXTERN(int) cr_snapshot_has_key(const cr_snapshot *snap, const char *key);
/** Number of keys and values, for tests and tools. */
CR_EXTERN(size_t) cr_snapshot_key_count(const cr_snapshot *snap);
CR_EXTERN(size_t) cr_snapshot_value_count(const cr_snapshot *snap);
/** 1 when the two snapshots hold the same keys and values (paths compared
 *  case-insensitively, data byte for byte), 0 otherwise. On 0 and when
 *  `why` is not NULL, *why names the first difference (cr_free it). */
CR_EXTERN(int) cr_snapshot_equal(char **why, const cr_snapshot *a,
                                 const cr_snapshot *b);
CR_EXTERN(void) cr_snapshot_free(cr_snapshot *snap);
/**
 * Says which Windows a snapshot is when it does not say itself (a .reg
 * written by hand has no HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion
 * values), so that its OS defaults are known: `os` is a release name
 * ("Windows Server 2016", "Windows 10 22H2", "Windows Server 2003 SP2";
 * "Windows " may be left out, any case), optionally followed by the
 * version ("Windows Server 2016 10.0.14393.3542": the last number is the
 * update revision, which decides the DHE leading-zero fix on build 14393).
 * The names are those of the knowledge tables (cr_os_name). It fills only
 * what the snapshot lacks; CR_EINVAL for an unknown name, a version that
 * does not fit it, or one the snapshot's own values contradict. NULL or ""
 * clears it. Reports name it ("declared").
 */
CR_EXTERN(int) cr_snapshot_set_os(cr_snapshot *snap, const char *os);
/** The release names cr_snapshot_set_os takes, for completion and help. */
CR_EXTERN(size_t) cr_os_name_count(void);
/** Name `index`, or NULL past the end. */
CR_EXTERN(const char *) cr_os_name(size_t index);

/* ------------------------------------------------------------------ */
/* Checks and findings.                                                */
/* ------------------------------------------------------------------ */
typedef enum cr_severity {
  CR_SEVERITY_INFO = 0,
  CR_SEVERITY_WARNING = 1,
  CR_SEVERITY_ERROR = 2
} cr_severity;

typedef struct cr_report cr_report;
typedef struct cr_finding cr_finding;

/** Runs every check that exists; findings ranked, most likely cause first. */
CR_EXTERN(int) cr_diagnose(cr_report **out, const cr_snapshot *snap);
/** Runs the TCP SYN attack protection check (family SYN) alone. */
CR_EXTERN(int) cr_check_syn(cr_report **out, const cr_snapshot *snap);

/** Runs the Schannel checks (families PROTO, SUITE, DHE) alone. */
CR_EXTERN(int) cr_check_tls(cr_report **out, const cr_snapshot *snap);

CR_EXTERN(size_t) cr_report_finding_count(const cr_report *report);
/** The finding at `index` (ranked order), or NULL past the end. */
CR_EXTERN(const cr_finding *) cr_report_finding(const cr_report *report,
                                                size_t index);
/** Highest severity among the findings, or -1 when there are none. */
CR_EXTERN(int) cr_report_worst_severity(const cr_report *report);
/** The report as JSON (schema "connreset.report/1"). */
CR_EXTERN(int) cr_report_to_json(char **out, const cr_report *report);
/** The report as text for a console. */
CR_EXTERN(int) cr_report_to_text(char **out, const cr_report *report);
CR_EXTERN(void) cr_report_free(cr_report *report);

CR_EXTERN(const char *) cr_finding_id(const cr_finding *f);      /* "SYN001" */
CR_EXTERN(const char *) cr_finding_family(const cr_finding *f);  /* "SYN" */
CR_EXTERN(cr_severity) cr_finding_severity(const cr_finding *f);
CR_EXTERN(const char *) cr_finding_title(const cr_finding *f);
CR_EXTERN(const char *) cr_finding_reason(const cr_finding *f);
CR_EXTERN(const char *) cr_finding_fix_cmdlet(const cr_finding *f);
CR_EXTERN(const char *) cr_finding_fix_cli(const cr_finding *f);
/**
 * The Group Policy fix: "ConnReset/<policy>: Enabled[, <value>]" or
 * ": Disabled", several joined by "; " (policies of admx/ConnReset.admx),
 * or NULL when no policy fixes the finding.
 */
CR_EXTERN(const char *) cr_finding_fix_gpo(const cr_finding *f);
CR_EXTERN(const char *) cr_severity_name(cr_severity severity);

/* ------------------------------------------------------------------ */
/* Client/server match: can these two machines agree on TLS?          */
/* ------------------------------------------------------------------ */
typedef struct cr_match cr_match;

typedef enum cr_server_key {
  CR_SERVER_KEY_AUTO = 0, /* from the server's certificate, else RSA (said so) */
  CR_SERVER_KEY_RSA = 1,
  CR_SERVER_KEY_ECDSA = 2
} cr_server_key;

typedef struct cr_match_options {
  unsigned int version;    /* CR_MATCH_OPTIONS_VERSION */
  cr_server_key server_key;
} cr_match_options;

#define CR_MATCH_OPTIONS_VERSION 1
#define CR_MATCH_OPTIONS_INIT { CR_MATCH_OPTIONS_VERSION, CR_SERVER_KEY_AUTO }

/**
 * Works out what `client` and `server` would negotiate: the protocol
 * versions both enable, the suite the server would pick for each, and a
 * verdict naming the failing family (PROTO or SUITE) with the smallest fix
 * on each side. Pair findings (PROTO001/002, SUITE001, DHEZERO001) are in
 * the match.
 */
CR_EXTERN(int) cr_tls_match(cr_match **out, const cr_snapshot *client,
                            const cr_snapshot *server,
                            const cr_match_options *opts);
/**
 * A machine's effective configuration, read once from its snapshot, for
 * matching it against many others (fleets). Independent of the snapshot
 * afterwards. Its reference count is not atomic: share a machine between
 * matches on one thread, or give each thread its own.
 */
typedef struct cr_machine cr_machine;
CR_EXTERN(int) cr_machine_open(cr_machine **out, const cr_snapshot *snap);
/** Host name, or the snapshot file when the snapshot has none. */
CR_EXTERN(const char *) cr_machine_name(const cr_machine *machine);
CR_EXTERN(void) cr_machine_free(cr_machine *machine);
/** As cr_tls_match, on machines already read. The match keeps its own
 *  reference: either machine may be freed first. */
CR_EXTERN(int) cr_tls_match_machines(cr_match **out, const cr_machine *client,
                                     const cr_machine *server,
                                     const cr_match_options *opts);
/**
 * What the match concludes. The values never change.
 *  - CONNECTS: every handshake succeeds (cr_match_reason names the
 *    version and suite).
 *  - FAILS: no handshake succeeds; a PROTO or SUITE pair finding says why
 *    and the JSON's fixes how to mend it. Decided only when it holds for
 *    every value the snapshots leave unknown.
 *  - INTERMITTENT: they connect, but about one handshake in 256 fails
 *    (DHEZERO001: a DHE suite between a build with the DHE leading-zero
 *    fix and one without, KB4557473).
 *  - UNDETERMINED: the outcome depends on what the snapshots do not say (a
 *    .reg without its Windows version, an OS no source covers, a build's
 *    missing update revision). Never an error finding: cr_match_missing
 *    names each unknown and how to supply it (collect the snapshot with
 *    `connreset collect`, or cr_snapshot_set_os). Pair findings that hold
 *    whatever the unknowns are still reported.
 */
typedef enum cr_outcome {
  CR_OUTCOME_CONNECTS = 0,
  CR_OUTCOME_FAILS = 1,
  CR_OUTCOME_INTERMITTENT = 2,
  CR_OUTCOME_UNDETERMINED = 3
} cr_outcome;

/** The outcome; CR_OUTCOME_UNDETERMINED for NULL. */
CR_EXTERN(cr_outcome) cr_match_outcome(const cr_match *match);
/** "connects", "fails", "intermittent", "undetermined" (the JSON's
 *  verdict.outcome); NULL for any other value. */
CR_EXTERN(const char *) cr_outcome_name(cr_outcome outcome);
/** The verdict in a sentence or two. Lives as long as the match. */
CR_EXTERN(const char *) cr_match_reason(const cr_match *match);
/** The failing family: "PROTO", "SUITE" (fails), "DHEZERO"
 *  (intermittent), or NULL (connects, undetermined). */
CR_EXTERN(const char *) cr_match_family(const cr_match *match);
/** Undetermined: how many unknowns the outcome depends on (0 otherwise). */
CR_EXTERN(size_t) cr_match_missing_count(const cr_match *match);
/**
 * Unknown `index`: the side ("client" or "server"), what is missing ("os":
 * the snapshot does not say which Windows it is; "protocol-defaults": no
 * source gives that OS's default for a protocol it leaves unconfigured;
 * "suite-defaults": the same for the cipher-suite order; "dhe-fix": whether
 * the build has the DHE leading-zero fix), a sentence naming it and one
 * saying how to supply it. Any out-parameter may be NULL; the strings live
 * as long as the match. CR_EINVAL past the end.
 */
CR_EXTERN(int) cr_match_missing(const char **side, const char **what,
                                const char **detail, const char **supply,
                                const cr_match *match, size_t index);
CR_EXTERN(size_t) cr_match_finding_count(const cr_match *match);
CR_EXTERN(const cr_finding *) cr_match_finding(const cr_match *match,
                                               size_t index);
/**
 * The match as JSON (schema "connreset.match/1"). verdict.outcome is the
 * outcome's name; verdict.canConnect is true for connects and
 * intermittent, false for fails and null for undetermined;
 * verdict.missing lists the unknowns ({side, what, detail, supply}).
 */
CR_EXTERN(int) cr_match_to_json(char **out, const cr_match *match);
CR_EXTERN(int) cr_match_to_text(char **out, const cr_match *match);
CR_EXTERN(void) cr_match_free(cr_match *match);

/* ------------------------------------------------------------------ */
/* Changes: plan -> backup -> apply -> verify -> roll back on failure. */
/* ------------------------------------------------------------------ */
typedef struct cr_change cr_change;

typedef enum cr_syn_action {
  CR_SYN_ENABLE = 1,  /* SynAttackProtect = 1 (optionally tune thresholds) */
  CR_SYN_DISABLE = 2, /* SynAttackProtect = 0 (intranets only)            */
  CR_SYN_RESET = 3     /* delete the four values: OS defaults apply        */
} cr_syn_action;

typedef struct cr_syn_options {
  unsigned int version;          /* CR_SYN_OPTIONS_VERSION */
  cr_syn_action action;
  int64_t max_half_open;         /* TcpMaxHalfOpen, or -1 to leave alone */
  int64_t max_half_open_retried; /* TcpMaxHalfOpenRetried, or -1 */
} cr_syn_options;

#define CR_SYN_OPTIONS_VERSION 1
#define CR_SYN_OPTIONS_INIT { CR_SYN_OPTIONS_VERSION, CR_SYN_DISABLE, -1, -1 }

/**
 * Plans a change of the SYN attack protection values against the state in
 * `snap`. Values already as wanted are left out; a plan with no operations
 * means there is nothing to do. CR_EINVAL for out-of-range numbers.
 */
CR_EXTERN(int) cr_syn_plan(cr_change **out, const cr_snapshot *snap,
                           const cr_syn_options *opts);
/**
 * Plans a Schannel protocol change. `protocol`: "ssl2".."tls1.3", "dtls1.0",
 * "dtls1.2" (or the key name, "TLS 1.2"); `role`: "client", "server" or
 * "both"; `state`: "enabled" (Enabled = 1, DisabledByDefault = 0),
 * "disabled" (Enabled = 0, DisabledByDefault = 1) or "default" (delete the
 * keys so the OS default applies). For a protocol the snapshot's OS lacks
 * (per the knowledge tables, e.g. TLS 1.3 on Windows Server 2012 R2), "enabled" is
 * CR_EINVAL and "disabled" plans what "default" does: such keys are never
 * read and are what PROTO004 reports.
 */
CR_EXTERN(int) cr_tls_protocol_plan(cr_change **out, const cr_snapshot *snap,
                                    const char *protocol, const char *role,
                                    const char *state);
/**
 * Plans the cipher-suite order as the Group Policy value (comma REG_SZ,
 * which wins over the local list). CR_EINVAL for names no registry knows,
 * names this OS does not support, or a list over 1,023 characters.
 */
CR_EXTERN(int) cr_tls_suites_plan(cr_change **out, const cr_snapshot *snap,
                                  const char *const *names, size_t count);
/** Adds one suite to the current effective order (position 0 = first,
 *  -1 or past the end = after the last usable suite; positions count the
 *  usable suites) or removes one (`add` NULL, `remove` set). Written back
 *  are the usable suites and the NULL suites the list enables "only used
 *  when application explicitly requests" (Windows 10's default list ends
 *  with two), which stay last; suites a switch or FIPS rules out are left
 *  out. If the result would pass 1,023 characters, RC4, 3DES and NULL
 *  suites are dropped and the plan's title says so. */
CR_EXTERN(int) cr_tls_suites_edit_plan(cr_change **out,
                                       const cr_snapshot *snap,
                                       const char *add, int position,
                                       const char *remove);
/** Deletes the policy value, so the local / OS default order applies. */
CR_EXTERN(int) cr_tls_suites_reset_plan(cr_change **out,
                                        const cr_snapshot *snap);
/** The current order without any TLS_DHE_* suite, as the policy value
 *  (seed 001, scenario 3). */
CR_EXTERN(int) cr_tls_dhe_disable_plan(cr_change **out,
                                       const cr_snapshot *snap);
/** Plans the import of a .reg file (for restoring a backup). */
CR_EXTERN(int) cr_change_from_file(cr_change **out, const char *path);
/**
 * Drops the operations that would not change `current` (a value already
 * set to the same type and data, a key that already exists, a value or key
 * already absent), each judged against the state the operations kept
 * before it leave, so that importing the same .reg twice has nothing to do
 * the second time. Deletes count as done only when `current` is a live
 * capture (cr_change_capture_live), which knows every key the plan touches.
 */
CR_EXTERN(int) cr_change_prune(cr_change *change, const cr_snapshot *current);

/**
 * Reads the live state of every key the plan touches (the keys, their
 * values, and whether their parents exist), for describing a plan against
 * the machine. CR_ENOTSUP without a registry.
 */
CR_EXTERN(int) cr_change_capture_live(cr_snapshot **out,
                                      const cr_change *change);
/** Number of registry operations in the plan (0: nothing to do). */
CR_EXTERN(size_t) cr_change_op_count(const cr_change *change);
/** What the plan would do, one line per operation, against `snap`'s state. */
CR_EXTERN(int) cr_change_describe(char **out, const cr_change *change,
                                  const cr_snapshot *snap);
CR_EXTERN(int) cr_change_to_json(char **out, const cr_change *change,
                                 const cr_snapshot *snap);
/** Writes the plan itself as a .reg file (the fix, for snapshot mode). */
CR_EXTERN(int) cr_change_write_reg(const cr_change *change, const char *path);
/**
 * Writes the undo .reg for the plan: the prior state of everything it
 * touches, as read from `snap` (absent values become "name"=-).
 */
CR_EXTERN(int) cr_change_write_backup(const cr_change *change,
                                      const cr_snapshot *snap,
                                      const char *path);
/**
 * Applies the plan to the live registry: reads the current state, writes
 * the undo .reg to `backup_path` (required), applies every operation, reads
 * each back, and restores the prior state if any step fails
 * (CR_EROLLEDBACK, or CR_EROLLBACK if restoring failed too).
 */
CR_EXTERN(int) cr_change_apply_live(const cr_change *change,
                                    const char *backup_path);
/**
 * The same steps against a snapshot in memory (used for snapshot mode and
 * for testing the engine). `backup_path` may be NULL.
 */
CR_EXTERN(int) cr_change_apply_snapshot(cr_snapshot *snap,
                                        const cr_change *change,
                                        const char *backup_path);
CR_EXTERN(void) cr_change_free(cr_change *change);

/* ------------------------------------------------------------------ */
/* Overridable system calls (as SQLite's xSetSystemCall), so tests can  */
/* inject failures into the registry backends. Names are the backend's  */
/* own: "RegSetValueExW", "RegDeleteValueW", ... for Win32 and          */
/* "snapshot_set_value", "snapshot_delete_value", "snapshot_delete_key" */
/* for the in-memory store. The replacement must have the same          */
/* signature. Passing NULL restores the default.                        */
/* ------------------------------------------------------------------ */
typedef void (*cr_syscall_ptr)(void);
CR_EXTERN(int) cr_syscall_set(const char *name, cr_syscall_ptr fn);
CR_EXTERN(cr_syscall_ptr) cr_syscall_get(const char *name);
/** Iterates the names: NULL gives the first, then pass the previous name. */
CR_EXTERN(const char *) cr_syscall_next(const char *name);

/* ------------------------------------------------------------------ */
/* SQL Server.                                                         */
/* ------------------------------------------------------------------ */
/**
 * Runs the SQL Server check alone: instances, client drivers and families
 * IOCP (IOCP001) and PROTO (PROTO010 server build without TLS 1.2,
 * PROTO011 client driver without TLS 1.2).
 */
CR_EXTERN(int) cr_check_sql(cr_report **out, const cr_snapshot *snap);
/**
 * Reads a SQL Server ERRORLOG (UTF-16LE with BOM, or UTF-8) and returns its
 * certificate events (26013, 26018, 26010, 26014, 26015, 26017) as JSON
 * (schema "connreset.errorlog/1"), released with cr_free(). CR_EPARSE
 * "<file>:<line or offset>: ..." on malformed text.
 */
CR_EXTERN(int) cr_errorlog_parse_file(char **json_out, const char *path);

/* ------------------------------------------------------------------ */
/* Certificates (family CERTHASH).                                     */
/* ------------------------------------------------------------------ */
/**
 * Runs the certificate check alone on LocalMachine\My: CERTHASH001 (a
 * certificate signed with MD5, SHA224 or SHA512 by a CA that an instance
 * is configured with), CERTHASH002 (one an instance may pick itself),
 * CERTHASH003 (SHA-1), CERTHASH004 (a configured certificate SQL Server
 * will not load). A live snapshot reads the store through crypt32, any
 * other the store's Blob values in the snapshot.
 */
CR_EXTERN(int) cr_check_certs(cr_report **out, const cr_snapshot *snap);
/**
 * One row per certificate of `store` (NULL: "MY"; any LocalMachine store
 * name) with its reasons and the instances that use or may pick it, as
 * JSON (schema "connreset.certs/1"), released with cr_free(). Live
 * snapshots read the store through crypt32.
 */
CR_EXTERN(int) cr_certs_json(char **out, const cr_snapshot *snap,
                             const char *store);
/** The same rows as text for a console. */
CR_EXTERN(int) cr_certs_text(char **out, const cr_snapshot *snap,
                             const char *store);
/**
 * Plans seed 001's certificate fix: the Blob of LocalMachine\My\
 * `thumbprint` rewritten with its enabled purposes (enhanced key usage
 * property) minus `remove_oid` (NULL: Server Authentication,
 * 1.3.6.1.5.5.7.3.1). The purposes kept are the property's current list,
 * else the certificate's EKU extension, else RFC 5280's standard purposes.
 * An empty plan when the purpose is already disabled. SQL Server must be
 * restarted afterwards. CR_ENOTFOUND when the certificate is not there.
 */
CR_EXTERN(int) cr_cert_purpose_plan(cr_change **out, const cr_snapshot *snap,
                                    const char *thumbprint,
                                    const char *remove_oid);
/**
 * Plans an instance's configured certificate (SuperSocketNetLib
 * "Certificate"): `thumbprint`, or NULL to clear it ("", so SQL Server
 * picks one or generates a self-signed one). CR_ENOTFOUND for an unknown
 * instance, CR_EINVAL for a malformed thumbprint.
 */
CR_EXTERN(int) cr_sql_cert_plan(cr_change **out, const cr_snapshot *snap,
                                const char *instance, const char *thumbprint);

/* ------------------------------------------------------------------ */
/* Group Policy: Registry.pol (PReg, MS-GPREG 2.2.1) files, the policy  */
/* profiles of admx/ConnReset.admx, and what a policy would break.      */
/* ------------------------------------------------------------------ */
/**
 * A Registry.pol in memory: its entries in file order. Keys are relative
 * to the hive the file belongs to (HKLM for Machine\Registry.pol), as the
 * file stores them.
 */
typedef struct cr_regpol cr_regpol;

/** An empty policy file. */
CR_EXTERN(int) cr_regpol_new(cr_regpol **out);
/**
 * Reads a Registry.pol. Malformed input fails with CR_EPARSE and a message
 * "<path>: offset 0x<hex>: <what>" naming the byte where reading stopped:
 * a bad header, a broken "[key;value;type;size;data]" layout, names that
 * are not well-formed UTF-16 or exceed the registry limits, or data of the
 * wrong size for a value-setting entry (see cr_regpol_add).
 */
CR_EXTERN(int) cr_regpol_open(cr_regpol **out, const char *path);
/** The same from memory; `name` is used in error messages and, as a
 *  path, for the scope. */
CR_EXTERN(int) cr_regpol_open_buffer(cr_regpol **out, const void *data,
                                     size_t len, const char *name);
/** Which hive a Registry.pol's keys are relative to. */
typedef enum cr_gpo_scope {
  CR_GPO_SCOPE_UNKNOWN = 0, /* the file is not in a Machine or User folder */
  CR_GPO_SCOPE_MACHINE = 1, /* <GPO>\Machine\Registry.pol: HKLM */
  CR_GPO_SCOPE_USER = 2     /* <GPO>\User\Registry.pol: HKCU */
} cr_gpo_scope;
/** The scope, from the folder the file was read from (a GPO keeps
 *  Machine\Registry.pol and User\Registry.pol; the file itself does not
 *  say). CR_GPO_SCOPE_UNKNOWN for a new policy or another folder. */
CR_EXTERN(cr_gpo_scope) cr_regpol_scope(const cr_regpol *pol);
/** "machine", "user" or "unknown". */
CR_EXTERN(const char *) cr_gpo_scope_name(cr_gpo_scope scope);
CR_EXTERN(size_t) cr_regpol_count(const cr_regpol *pol);
/**
 * Entry `index`: key, value name ("" for the default value, or the special
 * names "**del.<name>", "**delvals.", "**DeleteValues", "**DeleteKeys",
 * "**DelVals.", "**SecureKey", "**soft.<name>"), type and raw data (UTF-16LE
 * for string types, as in the file). Pointers live as long as `pol`.
 */
CR_EXTERN(int) cr_regpol_entry(const char **key, const char **value,
                               uint32_t *type, const void **data,
                               size_t *len, const cr_regpol *pol,
                               size_t index);
/**
 * Appends an entry; `data` is raw (strings UTF-16LE with terminator), `value`
 * NULL is "". CR_EINVAL for names that are not UTF-8 or exceed the registry
 * limits (255-character key components, 512 levels, 16383-character value
 * names), and for value-setting entries whose data does not suit the type
 * (REG_DWORD not 4 bytes, REG_QWORD not 8, odd-sized strings), so that
 * everything added writes a file that reads back.
 */
CR_EXTERN(int) cr_regpol_add(cr_regpol *pol, const char *key,
                             const char *value, uint32_t type,
                             const void *data, size_t len);
/** Appends a REG_DWORD entry. */
CR_EXTERN(int) cr_regpol_add_dword(cr_regpol *pol, const char *key,
                                   const char *value, uint32_t data);
/** Appends a REG_SZ entry from UTF-8 text. */
CR_EXTERN(int) cr_regpol_add_sz(cr_regpol *pol, const char *key,
                                const char *value, const char *text);
/** The file bytes (header + entries in insertion order, deterministic);
 *  release the buffer with cr_free(). */
CR_EXTERN(int) cr_regpol_save_buffer(void **out, size_t *out_len,
                                     const cr_regpol *pol);
CR_EXTERN(int) cr_regpol_save(const cr_regpol *pol, const char *path);
/**
 * The entries as JSON: {"scope" (cr_gpo_scope_name),
 * "entries":[{"key","value","type" (number),
 * "typeName" ("REG_SZ"),"data","hex"}]}. "data" follows the type: a number
 * for REG_DWORD(_BIG_ENDIAN) and REG_QWORD (a decimal string above 2^63-1),
 * a string for REG_SZ/REG_EXPAND_SZ, an array of strings for REG_MULTI_SZ,
 * hex for the other types, and null when string data lacks its terminator
 * or is not well-formed UTF-16; "hex" always holds the exact bytes.
 */
CR_EXTERN(int) cr_regpol_to_json(char **out, const cr_regpol *pol);
CR_EXTERN(void) cr_regpol_free(cr_regpol *pol);
/**
 * Applies the policy to a snapshot as the Group Policy client would to
 * HKEY_LOCAL_MACHINE (HKEY_CURRENT_USER for a user policy, see
 * cr_regpol_scope), entry by entry in file order: values set (keys
 * created as needed; an empty value name without data creates the key
 * only), "**del." / "**delvals." / "**DeleteValues" / "**DeleteKeys"
 * (hive-relative keys) honoured without creating anything, "**soft." set
 * only when absent, "**SecureKey" ignored (permissions). Special names
 * are matched case-insensitively.
 */
CR_EXTERN(int) cr_snapshot_apply_regpol(cr_snapshot *snap,
                                        const cr_regpol *pol);

/** Number of named profiles (vetted policy sets) and their names. */
CR_EXTERN(size_t) cr_gpo_profile_count(void);
CR_EXTERN(const char *) cr_gpo_profile_name(size_t index);
CR_EXTERN(const char *) cr_gpo_profile_description(size_t index);
/**
 * The Registry.pol entries a named profile writes: exactly what the
 * profile's ADMX policies write when set as the profile says.
 */
CR_EXTERN(int) cr_gpo_profile_policy(cr_regpol **out, const char *profile);
/**
 * The Registry.pol entries that push the Group Policy fixes of a
 * diagnosis (the findings whose fix names a ConnReset policy).
 */
CR_EXTERN(int) cr_gpo_report_policy(cr_regpol **out, const cr_report *report);
/**
 * The policy table as JSON (schema "connreset.gpo-settings/1"): every
 * policy of admx/ConnReset.admx, its element and range, the registry
 * values each state writes, and the named profiles.
 */
CR_EXTERN(int) cr_gpo_settings_json(char **out);

/**
 * What-if: `pol` applied to every client and every server snapshot, then
 * the client-server match run before and after. Each pair's outcome
 * before and after; the pairs whose outcome gets worse (broken: connects
 * to intermittent or fails, intermittent to fails), better (fixed), or
 * moves to or from undetermined, plus the per-machine findings that
 * appear or disappear.
 */
typedef struct cr_gpo_whatif cr_gpo_whatif;
/** Which machines the policy reaches (where the GPO is linked). */
typedef enum cr_gpo_apply_to {
  CR_GPO_APPLY_CLIENTS = 1,
  CR_GPO_APPLY_SERVERS = 2,
  CR_GPO_APPLY_BOTH = 3
} cr_gpo_apply_to;
/** The snapshots are not changed: the policy is applied to copies. */
CR_EXTERN(int) cr_gpo_whatif_run(cr_gpo_whatif **out, const cr_regpol *pol,
                                 const cr_snapshot *const *clients,
                                 size_t nclients,
                                 const cr_snapshot *const *servers,
                                 size_t nservers, cr_gpo_apply_to apply_to);
CR_EXTERN(size_t) cr_gpo_whatif_broken_count(const cr_gpo_whatif *w);
CR_EXTERN(size_t) cr_gpo_whatif_fixed_count(const cr_gpo_whatif *w);
/** The report groups pairs by class pair; with detail (the default) it
 *  also lists every pair and every machine's findings. */
CR_EXTERN(void) cr_gpo_whatif_set_detail(cr_gpo_whatif *w, int detail);
CR_EXTERN(int) cr_gpo_whatif_to_json(char **out, const cr_gpo_whatif *w);
CR_EXTERN(int) cr_gpo_whatif_to_text(char **out, const cr_gpo_whatif *w);
CR_EXTERN(void) cr_gpo_whatif_free(cr_gpo_whatif *w);

/* ------------------------------------------------------------------ */
/* Fleets (issue 13): many machines grouped into configuration classes */
/* (machines the match cannot tell apart), the match run once per      */
/* class pair, and a report per class.                                 */
/* ------------------------------------------------------------------ */
typedef struct cr_fleet cr_fleet;

/** Which side of a connection a machine is. */
typedef enum cr_fleet_role {
  /** A server when its snapshot holds a SQL Server instance, else a client. */
  CR_FLEET_ROLE_AUTO = 0,
  CR_FLEET_ROLE_CLIENT = 1,
  CR_FLEET_ROLE_SERVER = 2,
  CR_FLEET_ROLE_BOTH = 3
} cr_fleet_role;

typedef struct cr_fleet_options {
  unsigned int version;     /* CR_FLEET_OPTIONS_VERSION */
  cr_server_key server_key; /* as in cr_match_options */
  unsigned int threads;     /* readers for cr_fleet_add_files; 0: one per
                               logical processor */
} cr_fleet_options;

#define CR_FLEET_OPTIONS_VERSION 1
#define CR_FLEET_OPTIONS_INIT { CR_FLEET_OPTIONS_VERSION, CR_SERVER_KEY_AUTO, 0 }

CR_EXTERN(int) cr_fleet_new(cr_fleet **out, const cr_fleet_options *opts);
/**
 * Adds one machine per .reg file: its diagnosis (the findings are counted
 * per id) and its configuration class; the snapshot itself is not kept.
 * Files are read in parallel, each as cr_snapshot_open_files reads it (a
 * line reg import skips is skipped, with a warning: cr_fleet_warning),
 * or strictly after cr_fleet_set_strict. On any unreadable file nothing
 * is added and the error names the file (and line, for malformed text).
 */
CR_EXTERN(int) cr_fleet_add_files(cr_fleet *fleet, const char *const *paths,
                                  size_t count, cr_fleet_role role);
/** Strict reading (cr_snapshot_set_strict) for the files added from now
 *  on; 0 restores the default, lenient reading. */
CR_EXTERN(int) cr_fleet_set_strict(cr_fleet *fleet, int strict);
/** The reading warnings of the files added so far, in file order
 *  ("<file>:<line>: <what>"; at most 1000 are kept). */
CR_EXTERN(size_t) cr_fleet_warning_count(const cr_fleet *fleet);
/** Warning `index`, or NULL past the end; lives as long as the fleet. */
CR_EXTERN(const char *) cr_fleet_warning(const cr_fleet *fleet, size_t index);
/** Adds one machine from a snapshot already open; `name` NULL: its host
 *  name, else its file name. */
CR_EXTERN(int) cr_fleet_add_snapshot(cr_fleet *fleet, const cr_snapshot *snap,
                                     const char *name, cr_fleet_role role);
/**
 * Tries a Group Policy on the fleet (what `gpo whatif` does): each machine
 * is also judged as it would be with `pol` applied, when its role is one
 * `apply_to` names. Set it before adding machines; the fleet keeps a copy.
 */
CR_EXTERN(int) cr_fleet_set_policy(cr_fleet *fleet, const cr_regpol *pol,
                                   cr_gpo_apply_to apply_to);
/**
 * The connections that really happen, from a CSV of client and server
 * names (a SQL Server export of sys.dm_exec_connections joined with host
 * names, or a trace): header row or not, quoting, CRLF, UTF-8 with or
 * without a byte-order mark, UTF-16LE, the ANSI code page. Names match a
 * machine's host name, its host.domain or its file name, in any case,
 * ignoring an instance ("SQL01\\PROD") or port ("SQL01,1433"). Call after
 * the machines are added; may be called for several files. Once any is
 * loaded only these pairs are judged. CR_EPARSE "<file>:<line>: ..." on
 * malformed text, and then nothing of the file is kept.
 */
CR_EXTERN(int) cr_fleet_load_pairs(cr_fleet *fleet, const char *path);
CR_EXTERN(int) cr_fleet_load_pairs_buffer(cr_fleet *fleet, const void *data,
                                          size_t len, const char *name);
/**
 * Judges the fleet: with pairs loaded, each distinct pair; otherwise
 * every client with every server. The match runs once per class pair.
 */
CR_EXTERN(int) cr_fleet_run(cr_fleet *fleet);
CR_EXTERN(size_t) cr_fleet_machine_count(const cr_fleet *fleet);
CR_EXTERN(size_t) cr_fleet_class_count(const cr_fleet *fleet);
/** Machine pairs judged, and those of them with an outcome. */
CR_EXTERN(uint64_t) cr_fleet_pair_count(const cr_fleet *fleet);
CR_EXTERN(uint64_t) cr_fleet_outcome_count(const cr_fleet *fleet,
                                           cr_outcome outcome);
/** With a policy: the machine pairs it makes worse (connects to
 *  intermittent or fails, intermittent to fails) and better (a move to or
 *  from undetermined is neither). */
CR_EXTERN(int) cr_fleet_policy_changes(uint64_t *broken, uint64_t *fixed,
                                       const cr_fleet *fleet);
/** Highest severity of any machine's finding, or -1 when none. */
CR_EXTERN(int) cr_fleet_worst_severity(const cr_fleet *fleet);
/** The report as JSON (schema "connreset.fleet/1"), text, or one
 *  self-contained HTML page (no scripts, fonts or requests). */
CR_EXTERN(int) cr_fleet_to_json(char **out, const cr_fleet *fleet);
CR_EXTERN(int) cr_fleet_to_text(char **out, const cr_fleet *fleet);
CR_EXTERN(int) cr_fleet_to_html(char **out, const cr_fleet *fleet);
/** The HTML page written to a file (through a temporary name, so a failure
 *  leaves no half-written page). */
CR_EXTERN(int) cr_fleet_save_html(const cr_fleet *fleet, const char *path);
CR_EXTERN(void) cr_fleet_free(cr_fleet *fleet);

/* ------------------------------------------------------------------ */
/* Wire evidence (issue 14): packet captures. pcap and pcapng files are  */
/* read on any OS; TCP connections are followed, TDS PRELOGIN and TLS    */
/* (inside TDS, raw, and TDS 8.0) decoded, and each reset or failed      */
/* handshake explained with frame numbers. ETL is not read: convert it   */
/* with `pktmon etl2pcap` first.                                         */
/* ------------------------------------------------------------------ */
typedef struct cr_trace cr_trace;

typedef struct cr_trace_options {
  unsigned int version;  /* CR_TRACE_OPTIONS_VERSION */
  /* Only connections with this server: an IP literal with an optional
   * port ("10.0.0.5", "10.0.0.5:1433", "[fe80::1]:1433"); it also tells
   * which side is the server when a connection's SYN was not captured.
   * NULL: every connection. Host names are not resolved (CR_EINVAL). */
  const char *server;
} cr_trace_options;

#define CR_TRACE_OPTIONS_VERSION 1
#define CR_TRACE_OPTIONS_INIT { CR_TRACE_OPTIONS_VERSION, NULL }

/** An empty trace; `opts` may be NULL. */
CR_EXTERN(int) cr_trace_new(cr_trace **out, const cr_trace_options *opts);
/**
 * Reads one capture file (pcap or pcapng) into the trace; files are read
 * one after another, each with its own frame numbers. On a damaged or
 * truncated file the result is CR_EPARSE "<path>: offset N: <what>" (N the
 * byte where the damage starts), and what was read before it stays in the
 * trace and its report. CR_ENOTFOUND/CR_EIO when the file cannot be read.
 */
CR_EXTERN(int) cr_trace_add_file(cr_trace *trace, const char *path);
/** The same from memory; `name` stands for the file in messages. */
CR_EXTERN(int) cr_trace_add_buffer(cr_trace *trace, const void *data,
                                   size_t len, const char *name);
/**
 * Sets the configuration match of the same client and server beside the
 * trace's verdicts (the reports say whether the two agree).
 */
CR_EXTERN(int) cr_trace_set_match(cr_trace *trace, const cr_match *match);
/** TCP connections read so far. */
CR_EXTERN(size_t) cr_trace_connection_count(const cr_trace *trace);
/** Files whose reading stopped at damage. */
CR_EXTERN(size_t) cr_trace_damaged_count(const cr_trace *trace);
/** The verdicts (findings with frame numbers as evidence), ranked. */
CR_EXTERN(size_t) cr_trace_finding_count(const cr_trace *trace);
CR_EXTERN(const cr_finding *) cr_trace_finding(const cr_trace *trace,
                                               size_t index);
/** Highest severity among the verdicts, or -1 when there are none. */
CR_EXTERN(int) cr_trace_worst_severity(const cr_trace *trace);
/** The trace as JSON (schema "connreset.trace/1"). */
CR_EXTERN(int) cr_trace_to_json(char **out, const cr_trace *trace);
CR_EXTERN(int) cr_trace_to_text(char **out, const cr_trace *trace);
CR_EXTERN(void) cr_trace_free(cr_trace *trace);
/* -------------------- end of wire evidence ------------------------ */

/* ------------------------------------------------------------------ */
/* Paths: where the checks read from (for collect and the docs).       */
/* ------------------------------------------------------------------ */
/** The number of registry keys `collect` exports by name. `collect` also
 * exports keys that only the registry can name: for each SQL Server OLE DB
 * ProgID listed here (HKLM\SOFTWARE\Classes\<ProgID>), the CLSID key
 * its Clsid value names, HKLM\SOFTWARE\Classes\CLSID\<clsid> and
 * ...\Classes\WOW6432Node\CLSID\<clsid>, with subkeys; those are not
 * in this list. */
CR_EXTERN(size_t) cr_collect_key_count(void);
/** Key `index` of that list and whether it is exported with subkeys. The
 * string stays valid until the calling thread exits. */
CR_EXTERN(const char *) cr_collect_key(size_t index, int *recursive);


/* ------------------------------------------------------------------ */
/* DSC resources: the vetted settings as desired state. The types are  */
/* those of the manifests in dsc/ ("ConnReset/SynProtection", ...);    */
/* their properties and rules are the manifests' instance schemas. The */
/* CLI (connreset dsc) and the module's class resources both run on    */
/* these, so both decide the same way.                                 */
/* ------------------------------------------------------------------ */
typedef struct cr_dsc cr_dsc;

/** Number of DSC resource types and the type at `index` ("ConnReset/Audit"). */
CR_EXTERN(size_t) cr_dsc_type_count(void);
CR_EXTERN(const char *) cr_dsc_type_name(size_t index);
/** The instance JSON schema (2020-12) the type's manifest embeds, one line. */
CR_EXTERN(int) cr_dsc_schema_json(char **out, const char *type);
/**
 * Reads `input` (`len` bytes of JSON: an object of properties; NULL or
 * blank means {}) as an instance of `type` ("ConnReset/X", or "X") and
 * evaluates it against `snap`: the actual state and why, and, when the
 * input asks for a state, whether it is in that state and the change that
 * brings it there. CR_EPARSE "input: line L, column C (offset O): ..." for
 * malformed JSON; CR_EINVAL naming the property (and its offset) for an
 * unknown property, a wrong type, a value the schema does not allow or an
 * invalid combination. `snap` must outlive the result.
 */
CR_EXTERN(int) cr_dsc_open(cr_dsc **out, const cr_snapshot *snap,
                           const char *type, const char *input, size_t len);
/** 1 when in the desired state, 0 when not; CR_EINVAL when the input asks
 *  for no state (the message names what to give). In the desired state
 *  means the change cr_dsc_plan gives is empty (the Audit type: no finding
 *  at or above MinimumSeverity). */
CR_EXTERN(int) cr_dsc_test(const cr_dsc *d);
/** The properties out of the desired state as a JSON array, one line. */
CR_EXTERN(int) cr_dsc_diff_json(char **out, const cr_dsc *d);
/** The change Set makes (no operations when in the desired state), for
 *  the change engine (cr_change_apply_live / cr_change_write_reg). The
 *  error of the planning when the state cannot be reached on this machine
 *  (CR_ENOTFOUND: the certificate or instance is not there; CR_EINVAL:
 *  the OS does not support it, or it contradicts a value the machine
 *  keeps). cr_dsc_open and cr_dsc_test do not fail then: the instance is
 *  out of state, the reason in its Reasons. */
CR_EXTERN(int) cr_dsc_plan(cr_change **out, const cr_dsc *d);
/** 1 when the instance is out of state and its change takes effect only
 *  after the computer restarts (SYN values, Schannel, the suite order);
 *  0 when that change cannot be made (cr_dsc_plan fails). */
CR_EXTERN(int) cr_dsc_reboot_required(const cr_dsc *d);
/** What must restart for the instance's change to take effect, as DSC's
 *  _restartRequired: [{"system": NAME}], [{"service": NAME}, ...] or []. */
CR_EXTERN(int) cr_dsc_restart_json(char **out, const cr_dsc *d);
/** 1 when the input asks the resource to restart the services itself
 *  (SqlServerCertificate's RestartService = true), else 0. */
CR_EXTERN(int) cr_dsc_restart_service_requested(const cr_dsc *d);
/** Restarts a Windows service as Restart-Service -Force does: its running
 *  dependents are stopped first and started again after it. CR_ENOTSUP
 *  elsewhere; the Win32 text when the Service Control Manager refuses. */
CR_EXTERN(int) cr_service_restart(const char *name);
#define CR_DSC_STATE_TEST 1u                /* add "_inDesiredState" */
#define CR_DSC_STATE_SERVICES_RESTARTED 2u  /* services were restarted */
/**
 * The actual state as one JSON line (what DSC's get prints): the keys, the
 * configurable properties as the registry holds them, the read-only ones
 * (effective state, Reasons, RebootRequired). `changed`, when given, is the
 * instance as evaluated before its change was applied: RebootRequired and
 * _restartRequired (also under _metadata, where DSC 3.1 reads it) then
 * describe that change.
 */
CR_EXTERN(int) cr_dsc_state_json(char **out, const cr_dsc *d,
                                 const cr_dsc *changed, unsigned flags);
/** Every instance of `type` on the machine, one JSON line each (export). */
CR_EXTERN(int) cr_dsc_export_json(char **out, const cr_snapshot *snap,
                                  const char *type);
/**
 * The same, keeping the instances that match `filter` (DSC 3.1's export
 * input: an instance whose given properties every exported one must have).
 * Read against the type's schema like any input, no key required; strings
 * ignore case and take '*' as a wildcard, each string of a list must match
 * one of the instance's, other values compare equal. NULL, blank or {}
 * keeps every instance.
 */
CR_EXTERN(int) cr_dsc_export_filtered_json(char **out,
                                           const cr_snapshot *snap,
                                           const char *type,
                                           const char *filter,
                                           size_t filter_len);
CR_EXTERN(void) cr_dsc_free(cr_dsc *d);

#ifdef __cplusplus
}
#endif
#endif /* CONNRESET_H */
