/*
 * report.h - findings and reports. A report holds the OS identity, one
 * section per check that ran (each renders itself) and the findings,
 * ranked. Checks build findings with cr_finding_new and friends.
 *
 * The vocabulary every floor that finds something shares (the checks, the
 * match in tls/, Group Policy, the entry points), so it sits below them
 * all; running the checks is checks/checks.h.
 */
#ifndef CR_REPORT_H
#define CR_REPORT_H

#include "../core/json.h"
#include "../knowledge/os.h"
#include "setting.h"

typedef struct cr_evidence {
  char *key;    /* registry key */
  char *value;  /* value name, NULL for the key itself */
  char *data;   /* rendered data ("1 (REG_DWORD)", "absent") */
} cr_evidence;

struct cr_finding {
  char *id;       /* stable: "SYN001" */
  char *family;   /* "SYN" */
  cr_severity severity;
  char *title;    /* one line */
  char *reason;   /* one sentence, with the source */
  cr_evidence *evidence;
  size_t nevidence;
  char *fix_cmdlet; /* PowerShell line that applies the fix */
  char *fix_cli;    /* connreset command line that applies it */
  char *fix_gpo;    /* the policy that pushes it: named by the Group
                     * Policy layer from `settings` (cr_gpo_name_report) */
  cr_setting *settings; /* what the fix changes, as data (setting.h) */
  size_t nsettings;
  char *fix_note;   /* risk or caveat */
};

/* One check's own results, rendered by itself. */
typedef struct cr_section {
  const char *name; /* "syn" */
  void *data;
  void (*to_json)(const void *data, cr_json *j);
  void (*to_text)(const void *data, cr_buf *out);
  void (*free)(void *data);
} cr_section;

struct cr_report {
  cr_os os;
  char **sources;
  size_t nsources;
  bool live;
  cr_section *sections;
  size_t nsections;
  cr_finding **findings;
  size_t nfindings;
};

int cr_report_new(cr_report **out, const cr_snapshot *snap);
int cr_report_add_section(cr_report *r, const cr_section *s);
/* Adds a finding; the strings are copied. */
int cr_report_add_finding(cr_report *r, cr_finding **out, const char *id,
                          const char *family, cr_severity sev,
                          const char *title, const char *reason);
int cr_finding_add_evidence(cr_finding *f, const char *key,
                            const char *value, const char *data);
/* The fix: its cmdlet and CLI lines, the setting it changes (NULL when no
 * registry setting a policy could push is involved) and its caveat. */
int cr_finding_set_fix(cr_finding *f, const char *cmdlet, const char *cli,
                       const cr_setting *setting, const char *note);
int cr_finding_add_setting(cr_finding *f, const cr_setting *setting);
/* Orders findings: severity first, then id. */
void cr_report_rank(cr_report *r);

/* Findings as a JSON array member / as text, ranked as in the report. */
void cr_findings_json(cr_json *j, const char *name, const cr_report *r);
void cr_findings_text(cr_buf *b, const cr_report *r);

#endif
