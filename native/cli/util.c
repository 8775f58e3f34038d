/*
 * Helpers every command family shares: output, opening snapshots, the
 * change runner (what-if, snapshot mode, live) and machine lists.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(_WIN32)
# include <direct.h>
# include <io.h>
# include <windows.h>
# define cr_mkdir(p) _mkdir(p)
#else
# include <dirent.h>
# include <sys/stat.h>
# define cr_mkdir(p) mkdir((p), 0755)
#endif

/* ---------------------------------------------------------------- */
/* Output helpers.                                                  */
/* ---------------------------------------------------------------- */

void json_string(FILE *f, const char *s)
{
  fputc('"', f);
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      fprintf(f, "\\%c", c);
    else if (c == '\n')
      fputs("\\n", f);
    else if (c < 0x20)
      fprintf(f, "\\u%04x", c);
    else
      fputc(c, f);
  }
  fputc('"', f);
}

/* Prints the last error and returns the exit code for it. */
int fail(const options *o, int rc, const char *doing)
{
  int code = rc == CR_EROLLEDBACK ? EXIT_ROLLED_BACK
           : rc == CR_EROLLBACK   ? EXIT_ROLLBACK_FAILED
                                  : EXIT_USAGE;
  const char *msg = cr_error_last();
  if (!*msg)
    msg = cr_strerror(rc);
  fprintf(stderr, "connreset: %s: %s\n", doing, msg);
  if (o && o->json) {
    printf("{\n  \"error\": {\n    \"code\": ");
    json_string(stdout, cr_err_name(rc));
    printf(",\n    \"doing\": ");
    json_string(stdout, doing);
    printf(",\n    \"message\": ");
    json_string(stdout, msg);
    printf("\n  }\n}\n");
  }
  return code;
}

int cli_json_messages;

int usage_error(const char *fmt, const char *arg)
{
  char text[1200];
  snprintf(text, sizeof text, fmt, arg ? arg : "");
  if (cli_json_messages) {
    /* DSC reads stderr as JSON lines. */
    fputs("{\"error\":", stderr);
    json_string(stderr, text);
    fputs("}\n", stderr);
    return EXIT_USAGE;
  }
  fprintf(stderr, "connreset: %s\nRun 'connreset help' for usage.\n", text);
  return EXIT_USAGE;
}

int cr_stricmp_ascii(const char *a, const char *b)
{
  for (; *a && *b; a++, b++) {
    int x = (*a >= 'a' && *a <= 'z') ? *a - 32 : *a;
    int y = (*b >= 'a' && *b <= 'z') ? *b - 32 : *b;
    if (x != y)
      return x - y;
  }
  return (unsigned char)*a - (unsigned char)*b;
}

int open_files(cr_snapshot **snap, const options *o,
               const char *const *paths, size_t n)
{
  size_t i;
  int rc;
  if ((rc = cr_snapshot_new(snap)) < 0)
    return rc;
  rc = cr_snapshot_set_strict(*snap, o->strict);
  for (i = 0; rc >= 0 && i < n; i++)
    rc = cr_snapshot_load_file(*snap, paths[i]);
  if (rc < 0) {
    cr_snapshot_free(*snap);
    *snap = NULL;
    return rc;
  }
  /* What reg import skips is skipped too, and said. */
  for (i = 0; i < cr_snapshot_warning_count(*snap); i++)
    fprintf(stderr, "connreset: warning: %s\n", cr_snapshot_warning(*snap, i));
  return rc;
}

int open_snapshot(cr_snapshot **snap, const options *o)
{
  int rc = o->nsnapshots
             ? open_files(snap, o, o->snapshots, o->nsnapshots)
             : cr_snapshot_open_live(snap);
  if (rc >= 0 && o->os && (rc = cr_snapshot_set_os(*snap, o->os)) < 0) {
    cr_snapshot_free(*snap);
    *snap = NULL;
  }
  return rc;
}

int declare_os(cr_snapshot *snap, const options *o, const char *os,
               const char *flag)
{
  int rc;
  char doing[64];
  if (!os || (rc = cr_snapshot_set_os(snap, os)) >= 0)
    return 0;
  snprintf(doing, sizeof doing, "%s", flag);
  return fail(o, rc, doing);
}

/* Attaches the --errorlog files; prints the error and returns its exit
 * code, or 0. */
int attach_errorlogs(cr_snapshot *snap, const options *o)
{
  size_t i;
  for (i = 0; i < o->nerrorlogs; i++) {
    const char *eq = strchr(o->errorlogs[i], '=');
    size_t n = (size_t)(eq - o->errorlogs[i]);
    char name[256];
    int rc;
    if (n >= sizeof name)
      return usage_error("instance name too long in --errorlog '%s'",
                         o->errorlogs[i]);
    memcpy(name, o->errorlogs[i], n);
    name[n] = '\0';
    if ((rc = cr_snapshot_add_errorlog(snap, name, eq + 1)) < 0)
      return fail(o, rc, "reading the ERRORLOG");
  }
  return 0;
}

/* ---------------------------------------------------------------- */
/* Changes (syn set, restore).                                      */
/* ---------------------------------------------------------------- */

/* %ProgramData%\ConnReset\Backups\<what>-<time>.reg on Windows, else
 * ./connreset-<what>-<time>.reg (live changes only happen on Windows). */
int default_backup_path(char *buf, size_t size, const char *what)
{
  char stamp[32];
  time_t now = time(NULL);
  const char *base = getenv("ProgramData");
  struct tm *tm = localtime(&now);
  strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", tm);
  if (base && *base) {
    char dir[1024];
    snprintf(dir, sizeof dir, "%s\\ConnReset", base);
    cr_mkdir(dir);
    snprintf(dir, sizeof dir, "%s\\ConnReset\\Backups", base);
    cr_mkdir(dir);
    snprintf(buf, size, "%s\\%s-%s.reg", dir, what, stamp);
  } else {
    snprintf(buf, size, "connreset-%s-%s.reg", what, stamp);
  }
  return 0;
}

static void print_result_json(const char *plan_json, const options *o,
                              const char *result, const char *backup,
                              const char *message)
{
  printf("{\n  \"schema\": \"connreset.change-result/1\",\n  \"whatIf\": %s,"
         "\n  \"result\": ", o->what_if ? "true" : "false");
  json_string(stdout, result);
  printf(",\n  \"backup\": ");
  if (backup)
    json_string(stdout, backup);
  else
    printf("null");
  printf(",\n  \"out\": ");
  if (o->out)
    json_string(stdout, o->out);
  else
    printf("null");
  printf(",\n  \"message\": ");
  json_string(stdout, message ? message : "");
  printf(",\n  \"plan\": %s}\n", plan_json);
}

/* The common tail of every change: what-if, snapshot mode, or live. */
int run_change(const options *o, cr_snapshot *snap, cr_change *change,
                      const char *what)
{
  char *plan_text = NULL, *plan_json = NULL, backup_buf[1100];
  const char *backup = o->backup;
  const char *result = "ok";
  char message[2300] = "";
  int rc, code = EXIT_CLEAN;

  if ((rc = cr_change_describe(&plan_text, change, snap)) < 0 ||
      (rc = cr_change_to_json(&plan_json, change, snap)) < 0) {
    code = fail(o, rc, "describing the change");
    goto out;
  }
  if (o->what_if) {
    result = "what-if";
    snprintf(message, sizeof message, "What if: nothing was written.");
  } else if (cr_change_op_count(change) == 0) {
    result = "no-change";
    snprintf(message, sizeof message, "Nothing to do.");
  } else if (o->nsnapshots) {
    if (!o->out) {
      code = usage_error("with --snapshot a change is written as a .reg "
                         "file: give --out FILE.reg%s", "");
      goto out;
    }
    if (backup && (rc = cr_change_write_backup(change, snap, backup)) < 0) {
      code = fail(o, rc, "writing the undo .reg");
      goto out;
    }
    if ((rc = cr_change_write_reg(change, o->out)) < 0) {
      code = fail(o, rc, "writing the fix .reg");
      goto out;
    }
    result = "written";
    snprintf(message, sizeof message, "Fix written to %s; nothing was "
             "changed. Apply it on the machine with: reg import \"%s\"%s%s",
             o->out, o->out, backup ? "; undo with the backup " : "",
             backup ? backup : "");
  } else {
    if (!backup) {
      default_backup_path(backup_buf, sizeof backup_buf, what);
      backup = backup_buf;
    }
    rc = cr_change_apply_live(change, backup);
    if (rc < 0) {
      result = rc == CR_EROLLEDBACK ? "rolled-back"
             : rc == CR_EROLLBACK   ? "rollback-failed"
                                    : "failed";
      snprintf(message, sizeof message, "%s", cr_error_last());
      code = rc == CR_EROLLEDBACK ? EXIT_ROLLED_BACK
           : rc == CR_EROLLBACK   ? EXIT_ROLLBACK_FAILED
                                  : EXIT_USAGE;
      fprintf(stderr, "connreset: %s\n", message);
    } else {
      result = "applied";
      snprintf(message, sizeof message, "Applied and verified. Backup: %s "
               "(undo with: connreset restore \"%s\").", backup, backup);
    }
  }
  if (o->json) {
    print_result_json(plan_json, o, result,
                      strcmp(result, "what-if") && strcmp(result, "no-change")
                        ? backup : NULL,
                      message);
  } else {
    fputs(plan_text, stdout);
    printf("%s\n", message);
  }
out:
  cr_free(plan_text);
  cr_free(plan_json);
  return code;
}

size_t split_list(char *buf, const char **names, size_t max)
{
  size_t n = 0;
  char *p = buf, *comma;
  while (p && *p && n < max) {
    comma = strchr(p, ',');
    if (comma)
      *comma = '\0';
    while (*p == ' ')
      p++;
    if (*p)
      names[n++] = p;
    p = comma ? comma + 1 : NULL;
  }
  return n;
}

void path_list_free(path_list *l)
{
  size_t i;
  for (i = 0; i < l->n; i++)
    free(l->v[i]);
  free(l->v);
  l->v = NULL;
  l->n = 0;
}

int path_list_add(path_list *l, const char *dir, const char *name)
{
  size_t len = strlen(dir) + 1 + strlen(name) + 1;
  char **p = realloc(l->v, (l->n + 1) * sizeof *p);
  if (!p)
    return -1;
  l->v = p;
  if (!(p[l->n] = malloc(len)))
    return -1;
  if (*name)
    snprintf(p[l->n], len, "%s/%s", dir, name);
  else
    snprintf(p[l->n], len, "%s", dir);
  l->n++;
  return 0;
}

static int ends_with_reg(const char *name)
{
  size_t n = strlen(name);
  return n > 4 && cr_stricmp_ascii(name + n - 4, ".reg") == 0;
}

static int path_cmp(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.reg files of a directory (one machine each), sorted; a path that
 * is not a directory is taken as one file. -1 when it cannot be read. */
int list_snapshots(path_list *l, const char *path)
{
  size_t first = l->n;
#if defined(_WIN32)
  wchar_t wpattern[1024];
  struct _wfinddata64_t fd;
  intptr_t h;
  char pattern[1024];
  DWORD attr;
  int n = MultiByteToWideChar(CP_UTF8, 0, path, -1, wpattern, 1000);
  if (n <= 0)
    return -1;
  attr = GetFileAttributesW(wpattern);
  if (attr == INVALID_FILE_ATTRIBUTES)
    return -1;
  if (!(attr & FILE_ATTRIBUTE_DIRECTORY))
    return path_list_add(l, path, "");
  snprintf(pattern, sizeof pattern, "%s\\*.reg", path);
  if (MultiByteToWideChar(CP_UTF8, 0, pattern, -1, wpattern, 1024) <= 0)
    return -1;
  h = _wfindfirst64(wpattern, &fd);
  if (h != -1) {
    do {
      char name[1024];
      if (fd.attrib & _A_SUBDIR)
        continue;
      if (WideCharToMultiByte(CP_UTF8, 0, fd.name, -1, name, sizeof name,
                              NULL, NULL) <= 0 || !ends_with_reg(name))
        continue;
      if (path_list_add(l, path, name) < 0) {
        _findclose(h);
        return -1;
      }
    } while (_wfindnext64(h, &fd) == 0);
    _findclose(h);
  }
#else
  struct stat st;
  DIR *d;
  struct dirent *e;
  if (stat(path, &st) != 0)
    return -1;
  if (!S_ISDIR(st.st_mode))
    return path_list_add(l, path, "");
  if (!(d = opendir(path)))
    return -1;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.' || !ends_with_reg(e->d_name))
      continue;
    if (path_list_add(l, path, e->d_name) < 0) {
      closedir(d);
      return -1;
    }
  }
  closedir(d);
#endif
  if (l->n > first) /* qsort wants a valid pointer even for no items */
    qsort(l->v + first, l->n - first, sizeof *l->v, path_cmp);
  return 0;
}

/* Opens one snapshot per file of the given directories/files. */
int open_machines(const options *o, cr_snapshot ***out, size_t *n,
                         const char *const *args, size_t nargs,
                         const char *flag)
{
  path_list files = { NULL, 0 };
  cr_snapshot **v = NULL;
  size_t i;
  int rc;
  *out = NULL;
  *n = 0;
  for (i = 0; i < nargs; i++) {
    if (list_snapshots(&files, args[i]) < 0) {
      path_list_free(&files);
      fprintf(stderr, "connreset: %s %s: cannot read it\n", flag, args[i]);
      return EXIT_USAGE;
    }
  }
  if (!files.n) {
    path_list_free(&files);
    return usage_error("%s: no .reg snapshot found", flag);
  }
  if (!(v = calloc(files.n, sizeof *v))) {
    path_list_free(&files);
    return EXIT_USAGE;
  }
  for (i = 0; i < files.n; i++) {
    const char *one[1];
    one[0] = files.v[i];
    if ((rc = open_files(&v[i], o, one, 1)) < 0) {
      size_t k;
      int code = fail(o, rc, "reading a snapshot");
      for (k = 0; k < i; k++)
        cr_snapshot_free(v[k]);
      free(v);
      path_list_free(&files);
      return code;
    }
  }
  *out = v;
  *n = files.n;
  path_list_free(&files);
  return 0;
}

void free_machines(cr_snapshot **v, size_t n)
{
  size_t i;
  for (i = 0; v && i < n; i++)
    cr_snapshot_free(v[i]);
  free(v);
}

int print_string(const options *o, int rc, char *text,
                        const char *doing)
{
  if (rc < 0)
    return fail(o, rc, doing);
  fputs(text, stdout);
  cr_free(text);
  return EXIT_CLEAN;
}

/* The policy for export/whatif: --profile, --pol, or the diagnosis. */
int load_policy(const options *o, cr_regpol **pol, int allow_report)
{
  cr_snapshot *snap = NULL;
  cr_report *report = NULL;
  int rc, code;
  if (o->profile && o->pol)
    return usage_error("give --profile or --pol, not both%s", "");
  if (o->profile) {
    if ((rc = cr_gpo_profile_policy(pol, o->profile)) < 0)
      return fail(o, rc, "building the profile's policy");
    return 0;
  }
  if (o->pol) {
    if ((rc = cr_regpol_open(pol, o->pol)) < 0)
      return fail(o, rc, "reading the policy file");
    return 0;
  }
  if (!allow_report)
    return usage_error("give --pol FILE.pol or --profile NAME%s", "");
  if ((rc = open_snapshot(&snap, o)) < 0)
    return fail(o, rc, o->nsnapshots ? "reading the snapshot"
                                     : "reading the live registry");
  if ((code = attach_errorlogs(snap, o)) != 0) {
    cr_snapshot_free(snap);
    return code;
  }
  rc = cr_diagnose(&report, snap);
  if (rc >= 0)
    rc = cr_gpo_report_policy(pol, report);
  cr_report_free(report);
  cr_snapshot_free(snap);
  if (rc < 0)
    return fail(o, rc, "collecting the Group Policy fixes");
  return 0;
}
