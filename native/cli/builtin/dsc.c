/*
 * dsc get|set|test|export|schema --resource TYPE [--input JSON]: the DSC v3
 * command resources whose manifests are in dsc/, on the library's cr_dsc_*.
 *
 * The contract DSC v3 reads (schemas/dsc/v3/bundled/resource/stdout):
 *  - stdout holds JSON Lines only: get prints the instance; test the
 *    instance with _inDesiredState, then the array of properties out of
 *    state (test.return stateAndDiff); set prints the state after, then the
 *    properties it changed (set.return stateAndDiff); set --what-if the
 *    same without writing anything; export one instance per line (those
 *    matching the input instance, DSC 3.1's export filter; all without
 *    input); schema the instance schema;
 *  - stderr holds one JSON object per line: {"error"|"warn"|"info": text};
 *  - the input is --input JSON, else stdin;
 *  - exit codes are those the manifests list: 0, 2, 3, 4 (cli.h).
 * Live on Windows; with --snapshot, on the .reg files, and set then writes
 * the fix to --out (and the undo to --backup) instead of touching anything.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#if defined(_WIN32)
# include <fcntl.h>
# include <io.h>
# define cr_isatty(fd) _isatty(fd)
#else
# include <unistd.h>
# define cr_isatty(fd) isatty(fd)
#endif

/* One message on stderr as DSC reads them: a JSON object per line. */
static void message(const char *level, const char *fmt, ...)
  CLI_PRINTF(2, 3);

static void message(const char *level, const char *fmt, ...)
{
  char text[4096];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  fputc('{', stderr);
  json_string(stderr, level);
  fputc(':', stderr);
  json_string(stderr, text);
  fputs("}\n", stderr);
  fflush(stderr);
}

/* The exit code for a library failure, with its message on stderr. */
static int failed(int rc, const char *doing)
{
  const char *msg = cr_error_last();
  message("error", "%s: %s", doing, *msg ? msg : cr_strerror(rc));
  return rc == CR_EROLLEDBACK ? EXIT_ROLLED_BACK
       : rc == CR_EROLLBACK   ? EXIT_ROLLBACK_FAILED
                              : EXIT_USAGE;
}

static int usage(const char *what)
{
  message("error", "%s (usage: connreset [--snapshot FILE.reg]... dsc "
          "get|set|test|export|schema --resource TYPE [--input JSON] "
          "[--what-if] [--out FIX.reg] [--backup UNDO.reg])", what);
  return EXIT_USAGE;
}

/* --input, else everything on stdin (DSC's "input": "stdin"). */
static int read_input(char **out, size_t *len, const options *o, int optional)
{
  struct { char *ptr; size_t len, cap; } b = { NULL, 0, 0 };
  char chunk[4096];
  size_t n;
  *out = NULL;
  *len = 0;
  if (o->dsc_input) {
    *len = strlen(o->dsc_input);
    if (!(*out = malloc(*len + 1)))
      return -1;
    memcpy(*out, o->dsc_input, *len + 1);
    return 0;
  }
  if (cr_isatty(0)) {
    if (optional)
      return 0;
    message("error", "give the instance with --input JSON or on stdin");
    return -1;
  }
#if defined(_WIN32)
  _setmode(_fileno(stdin), _O_BINARY);
#endif
  while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
    if (b.len + n + 1 > b.cap) {
      size_t cap = (b.len + n + 1) * 2;
      char *p = realloc(b.ptr, cap);
      if (!p) {
        free(b.ptr);
        return -1;
      }
      b.ptr = p;
      b.cap = cap;
    }
    memcpy(b.ptr + b.len, chunk, n);
    b.len += n;
    b.ptr[b.len] = '\0';
  }
  *out = b.ptr;
  *len = b.len;
  return 0;
}

/* A copy of `snap` that is not live: what-if and snapshot mode apply the
 * plan to it to show the state after. */
static int copy_snapshot(cr_snapshot **out, const cr_snapshot *snap)
{
  void *buf = NULL;
  size_t len = 0;
  int rc;
  *out = NULL;
  if ((rc = cr_snapshot_save_buffer(&buf, &len, snap)) < 0)
    return rc;
  if ((rc = cr_snapshot_new(out)) >= 0 &&
      (rc = cr_snapshot_load_buffer(*out, buf, len, "the state after")) < 0) {
    cr_snapshot_free(*out);
    *out = NULL;
  }
  cr_free(buf);
  return rc;
}

static int print_line(int rc, char *text, const char *doing)
{
  if (rc < 0)
    return failed(rc, doing);
  fputs(text, stdout);
  cr_free(text);
  return EXIT_CLEAN;
}

static int print_state(const cr_dsc *d, const cr_dsc *changed, unsigned flags)
{
  char *text = NULL;
  int rc = cr_dsc_state_json(&text, d, changed, flags);
  return print_line(rc, text, "writing the state");
}

/* The services a change needs restarted, when the input asks the resource
 * to restart them itself (SqlServerCertificate's RestartService). */
static int restart_services(const cr_dsc *d, int *restarted)
{
  char *json = NULL, *p;
  int rc;
  *restarted = 0;
  if (cr_dsc_restart_service_requested(d) != 1)
    return EXIT_CLEAN;
  if ((rc = cr_dsc_restart_json(&json, d)) < 0)
    return failed(rc, "listing the services to restart");
  /* [{"service":"NAME"},...]: the names contain no quote. */
  for (p = strstr(json, "\"service\":\""); p;
       p = strstr(p, "\"service\":\"")) {
    char name[256];
    size_t n;
    p += strlen("\"service\":\"");
    n = strcspn(p, "\"");
    if (n >= sizeof name)
      n = sizeof name - 1;
    memcpy(name, p, n);
    name[n] = '\0';
    if ((rc = cr_service_restart(name)) < 0) {
      cr_free(json);
      return failed(rc, "restarting the SQL Server service");
    }
    message("info", "restarted service %s", name);
    *restarted = 1;
  }
  cr_free(json);
  return EXIT_CLEAN;
}

static int do_set(const options *o, cr_snapshot *snap, cr_dsc *before,
                  const char *type, const char *input, size_t len)
{
  cr_change *plan = NULL;
  cr_snapshot *next = NULL;
  cr_dsc *after = NULL;
  char *diff = NULL, backup_buf[1100];
  const char *backup = o->backup;
  unsigned flags = 0;
  int rc, code = EXIT_CLEAN, restarted = 0;
  size_t ops;

  if ((rc = cr_dsc_plan(&plan, before)) < 0)
    return failed(rc, "planning the change");
  ops = cr_change_op_count(plan);
  if (!ops) {
    if (cr_dsc_test(before) == 0) /* Audit: out of state, nothing to do */
      message("warn", "%s only reports: set changes nothing", type);
    else
      message("info", "%s is in the desired state: nothing to do", type);
    code = print_state(before, NULL, 0);
    if (code == EXIT_CLEAN)
      fputs("[]\n", stdout);
    goto out;
  }
  if ((rc = cr_dsc_diff_json(&diff, before)) < 0) {
    code = failed(rc, "listing the changed properties");
    goto out;
  }
  if (o->what_if) {
    if ((rc = copy_snapshot(&next, snap)) < 0 ||
        (rc = cr_change_apply_snapshot(next, plan, NULL)) < 0) {
      code = failed(rc, "predicting the state after");
      goto out;
    }
    message("info", "what-if: nothing was written");
  } else if (o->nsnapshots) {
    if (!o->out) {
      code = usage("with --snapshot, set writes the fix as a .reg file: "
                   "give --out FIX.reg");
      goto out;
    }
    if (backup && (rc = cr_change_write_backup(plan, snap, backup)) < 0) {
      code = failed(rc, "writing the undo .reg");
      goto out;
    }
    if ((rc = cr_change_write_reg(plan, o->out)) < 0) {
      code = failed(rc, "writing the fix .reg");
      goto out;
    }
    if ((rc = copy_snapshot(&next, snap)) < 0 ||
        (rc = cr_change_apply_snapshot(next, plan, NULL)) < 0) {
      code = failed(rc, "reading the state after");
      goto out;
    }
    message("info", "fix written to %s%s%s; nothing else was changed", o->out,
            backup ? ", undo to " : "", backup ? backup : "");
  } else {
    if (!backup) {
      default_backup_path(backup_buf, sizeof backup_buf, "dsc");
      backup = backup_buf;
    }
    if ((rc = cr_change_apply_live(plan, backup)) < 0) {
      code = failed(rc, "applying the change");
      message("info", "undo .reg: %s", backup);
      goto out;
    }
    message("info", "applied and verified; undo with: connreset restore "
            "\"%s\" (or reg import it)", backup);
    if ((rc = cr_snapshot_open_live(&next)) < 0) {
      code = failed(rc, "reading the live registry after the change");
      goto out;
    }
    if ((code = restart_services(before, &restarted)) != EXIT_CLEAN)
      goto out;
  }
  /* The same input: the state after, and whether it is now as asked. */
  if ((rc = cr_dsc_open(&after, next, type, input, len)) < 0) {
    code = failed(rc, "reading the state after");
    goto out;
  }
  if (restarted)
    flags |= CR_DSC_STATE_SERVICES_RESTARTED;
  if (cr_dsc_reboot_required(before) == 1)
    message("warn", "the change takes effect after the computer restarts");
  if ((code = print_state(after, before, flags)) == EXIT_CLEAN)
    fputs(diff, stdout);
out:
  cr_free(diff);
  cr_dsc_free(after);
  cr_snapshot_free(next);
  cr_change_free(plan);
  return code;
}

int cmd_dsc(const options *o)
{
  const char *op = o->npositional > 1 ? o->positional[1] : "";
  const char *type = o->dsc_resource;
  cr_snapshot *snap = NULL;
  cr_dsc *d = NULL;
  char *input = NULL, *text = NULL;
  size_t len = 0;
  int rc, code;

  if (o->npositional != 2)
    return usage("dsc needs one operation");
  if (!type)
    return usage("dsc needs --resource TYPE");
  if (!strcmp(op, "schema")) {
    rc = cr_dsc_schema_json(&text, type);
    return print_line(rc, text, "reading the schema");
  }
  if (strcmp(op, "get") && strcmp(op, "set") && strcmp(op, "test") &&
      strcmp(op, "export"))
    return usage("unknown dsc operation");
  if (o->what_if && strcmp(op, "set"))
    return usage("--what-if goes with set");
  if (read_input(&input, &len, o, !strcmp(op, "export")) < 0)
    return EXIT_USAGE;
  if ((rc = open_snapshot(&snap, o)) < 0) {
    free(input);
    return failed(rc, o->nsnapshots ? "reading the snapshot"
                                    : "reading the live registry");
  }
  if (!strcmp(op, "export")) {
    /* The input, when there is one, is the filter (DSC 3.1). */
    rc = cr_dsc_export_filtered_json(&text, snap, type, input, len);
    code = print_line(rc, text, "exporting");
    goto out;
  }
  if ((rc = cr_dsc_open(&d, snap, type, input, len)) < 0) {
    code = failed(rc, "reading the instance");
    goto out;
  }
  if (!strcmp(op, "get")) {
    code = print_state(d, NULL, 0);
  } else if (!strcmp(op, "test")) {
    if ((rc = cr_dsc_test(d)) < 0) {
      code = failed(rc, "testing");
      goto out;
    }
    if ((code = print_state(d, NULL, CR_DSC_STATE_TEST)) == EXIT_CLEAN) {
      rc = cr_dsc_diff_json(&text, d);
      code = print_line(rc, text, "listing the differences");
    }
  } else {
    code = do_set(o, snap, d, type, input, len);
  }
out:
  fflush(stdout);
  cr_dsc_free(d);
  cr_snapshot_free(snap);
  free(input);
  return code;
}
