/*
 * fleet_html.c - a judged fleet as one self-contained HTML page: inline
 * CSS, no script, no font or image to fetch, so it opens from a file
 * share or a mail attachment with no network. The class matrix is a grid
 * coloured by verdict (and, with a policy, marked where the policy changes
 * it), followed by the class pairs that fail with their fixes, the
 * findings per id, each class with its members and fix commands, and what
 * the policy changes. Every cell carries data-* attributes so tests (and
 * scripts) can read the page back.
 */
#include "fleet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HTML_NAMES 500 /* names listed per finding; the JSON has them all */
#define LIST_N(l, i) ((l).start[(i) + 1] - (l).start[(i)])
#define LIST_V(l, i) ((l).members + (l).start[(i)])

static void esc(cr_buf *b, const char *s)
{
  for (; s && *s; s++) {
    switch (*s) {
    case '&': cr_buf_puts(b, "&amp;"); break;
    case '<': cr_buf_puts(b, "&lt;"); break;
    case '>': cr_buf_puts(b, "&gt;"); break;
    case '"': cr_buf_puts(b, "&quot;"); break;
    case '\'': cr_buf_puts(b, "&#39;"); break;
    default: cr_buf_putc(b, *s);
    }
  }
}

/* 1234567 as "1,234,567". */
static void num(cr_buf *b, uint64_t v)
{
  char d[32], out[48];
  int n = snprintf(d, sizeof d, "%llu", (unsigned long long)v), i, k = 0;
  for (i = 0; i < n; i++) {
    if (i && (n - i) % 3 == 0)
      out[k++] = ',';
    out[k++] = d[i];
  }
  out[k] = '\0';
  cr_buf_puts(b, out);
}

static const char css[] =
  "*{box-sizing:border-box}"
  "body{font-family:\"Segoe UI\",system-ui,-apple-system,\"Helvetica Neue\","
  "Arial,sans-serif;margin:0;padding:24px 32px;color:#1f2328;background:#fff;"
  "font-size:15px;line-height:1.45}"
  "h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 8px;"
  "border-bottom:1px solid #d0d7de;padding-bottom:4px}"
  ".sub{color:#57606a;margin:0 0 16px}"
  ".cards{display:flex;gap:12px;flex-wrap:wrap}"
  ".card{border-radius:8px;padding:10px 16px;min-width:170px;border:1px solid #d0d7de}"
  ".card b{display:block;font-size:26px}"
  ".connects{background:#dafbe1;color:#116329}"
  ".intermittent{background:#fff1c2;color:#7d4e00}"
  ".fails{background:#ffd7d5;color:#a40e26}"
  ".undetermined{background:#eaeef2;color:#424a53}"
  ".neutral{background:#f6f8fa}"
  ".scroll{overflow-x:auto;max-width:100%}"
  "table{border-collapse:collapse}"
  "table.grid td,table.grid th{border:1px solid #d0d7de;padding:4px 6px;"
  "text-align:center;min-width:64px;font-size:14px}"
  "table.grid th{background:#f6f8fa;position:sticky;top:0}"
  "table.grid td.none{background:#fff;color:#8c959f}"
  "table.grid td span,table.grid th span{display:block;font-size:12px;"
  "font-weight:normal}"
  "table.grid td.changed{outline:3px dashed #0550ae;outline-offset:-3px}"
  "table.list{width:100%}table.list td,table.list th{border-bottom:1px solid "
  "#d0d7de;padding:6px 8px;text-align:left;vertical-align:top}"
  "table.list th{background:#f6f8fa}"
  "code{font-family:Consolas,\"Cascadia Mono\",Menlo,monospace;font-size:13px;"
  "background:#f6f8fa;padding:1px 4px;border-radius:4px;word-break:break-word}"
  "details{margin:6px 0;border:1px solid #d0d7de;border-radius:6px;padding:6px 10px}"
  "summary{cursor:pointer}"
  ".names{color:#57606a;font-size:13px}"
  ".legend span{display:inline-block;padding:2px 8px;margin-right:8px;"
  "border-radius:4px;border:1px solid #d0d7de}"
  "footer{margin-top:32px;color:#57606a;font-size:13px}";

static void class_label(cr_buf *b, const cr_fleet *f, uint32_t cls)
{
  cr_buf_printf(b, "C%u", f->classes[cls].label);
}

/* Per cell (index by cell number): pairs the policy breaks and fixes, and
 * the worst verdict after. */
typedef struct cell_change {
  uint64_t broken, fixed, unknown;
  cr_outcome worst_after;
} cell_change;

static bool fails_or_intermittent(cr_outcome o)
{
  return o == CR_OUTCOME_FAILS || o == CR_OUTCOME_INTERMITTENT;
}

static void matrix(cr_buf *b, const cr_fleet *f, const cell_change *ch)
{
  size_t i, k;
  cr_buf_puts(b, "<div class=\"scroll\"><table class=\"grid\" id=\"matrix\">"
              "<thead><tr><th>client \\ server</th>");
  for (k = 0; k < f->nclasses; k++) {
    const fl_class *s = &f->classes[f->order[k]];
    if (!s->servers)
      continue;
    cr_buf_printf(b, "<th data-server=\"C%u\">C%u<span>", s->label, s->label);
    num(b, s->servers);
    cr_buf_printf(b, " server%s</span></th>", s->servers == 1 ? "" : "s");
  }
  cr_buf_puts(b, "</tr></thead><tbody>");
  for (i = 0; i < f->nclasses; i++) {
    const fl_class *c = &f->classes[f->order[i]];
    if (!c->clients)
      continue;
    cr_buf_printf(b, "<tr><th data-client=\"C%u\">C%u<span>", c->label,
                  c->label);
    num(b, c->clients);
    cr_buf_printf(b, " client%s</span></th>", c->clients == 1 ? "" : "s");
    for (k = 0; k < f->nclasses; k++) {
      const fl_class *s = &f->classes[f->order[k]];
      const fl_cell *cell;
      cr_outcome o;
      if (!s->servers)
        continue;
      cell = cr_fleet_cell(f, f->order[i], f->order[k]);
      if (!cell || !cell->pairs) {
        cr_buf_puts(b, "<td class=\"none\">&middot;</td>");
        continue;
      }
      o = cr_match_outcome(cell->match);
      cr_buf_printf(b, "<td class=\"cell %s%s\" data-client=\"C%u\" "
                    "data-server=\"C%u\" data-pairs=\"%llu\" "
                    "data-outcome=\"%s\"", cr_outcome_name(o),
                    ch && (ch[cell - f->cells].broken ||
                           ch[cell - f->cells].fixed ||
                           ch[cell - f->cells].unknown) ? " changed" : "",
                    c->label, s->label, (unsigned long long)cell->pairs,
                    cr_outcome_name(o));
      if (ch)
        cr_buf_printf(b, " data-broken=\"%llu\" data-fixed=\"%llu\"",
                      (unsigned long long)ch[cell - f->cells].broken,
                      (unsigned long long)ch[cell - f->cells].fixed);
      cr_buf_puts(b, " title=\"");
      {
        cr_match_view v;
        cr_match_get_view(&v, cell->match);
        esc(b, v.reason);
      }
      cr_buf_puts(b, "\">");
      num(b, cell->pairs);
      cr_buf_printf(b, "<span>%s</span>", cr_outcome_name(o));
      if (ch && ch[cell - f->cells].broken)
        cr_buf_printf(b, "<span>policy: %llu &rarr; %s</span>",
                      (unsigned long long)ch[cell - f->cells].broken,
                      cr_outcome_name(ch[cell - f->cells].worst_after));
      else if (ch && ch[cell - f->cells].fixed)
        cr_buf_printf(b, "<span>policy: %llu fixed</span>",
                      (unsigned long long)ch[cell - f->cells].fixed);
      cr_buf_puts(b, "</td>");
    }
    cr_buf_puts(b, "</tr>");
  }
  cr_buf_puts(b, "</tbody></table></div>");
}

static void fixes_cell(cr_buf *b, const cr_match *m, const char *only_side)
{
  const char *side, *summary, *cmdlet, *cli, *gpo;
  size_t i;
  for (i = 0; cr_match_fix_at(m, i, &side, &summary, &cmdlet, &cli, &gpo); i++) {
    if (only_side && strcmp(side, only_side))
      continue;
    cr_buf_puts(b, "<div>");
    if (!only_side)
      cr_buf_printf(b, "<b>%s:</b> ", side);
    esc(b, summary);
    if (cmdlet) {
      cr_buf_puts(b, "<br><code>");
      esc(b, cmdlet);
      cr_buf_puts(b, "</code>");
    }
    if (cli) {
      cr_buf_puts(b, "<br><code>");
      esc(b, cli);
      cr_buf_puts(b, "</code>");
    }
    if (gpo) {
      cr_buf_puts(b, "<br>Group Policy: <code>");
      esc(b, gpo);
      cr_buf_puts(b, "</code>");
    }
    cr_buf_puts(b, "</div>");
  }
}

static void verdict_cell(cr_buf *b, const cr_match *m)
{
  const cr_finding *fd = cr_match_finding(m, 0);
  cr_match_view v;
  cr_match_get_view(&v, m);
  if (v.outcome == CR_OUTCOME_CONNECTS && v.protocol) {
    esc(b, v.protocol);
    cr_buf_puts(b, ", ");
    esc(b, v.suite);
    return;
  }
  if (fd && fails_or_intermittent(v.outcome)) {
    cr_buf_puts(b, "<b>");
    esc(b, fd->id);
    cr_buf_puts(b, "</b> ");
    esc(b, fd->title);
    cr_buf_puts(b, "<br>");
  }
  esc(b, v.reason);
}

static void failing_pairs(cr_buf *b, const cr_fleet *f, const fl_groups *g)
{
  size_t i, n = 0;
  cr_buf_puts(b, "<h2 id=\"failing\">Class pairs that do not connect "
              "reliably, or cannot be judged</h2>");
  for (i = 0; i < g->ncells; i++)
    n += cr_match_outcome(f->cells[g->cells[i]].match) != CR_OUTCOME_CONNECTS;
  if (!n) {
    cr_buf_puts(b, "<p>None: every pair judged connects.</p>");
    return;
  }
  cr_buf_puts(b, "<table class=\"list\" id=\"failing-pairs\"><thead><tr>"
              "<th>Client</th><th>Server</th><th>Pairs</th><th>Verdict</th>"
              "<th>Why</th><th>Fixes</th></tr></thead><tbody>");
  for (i = 0; i < g->ncells; i++) {
    const fl_cell *c = &f->cells[g->cells[i]];
    cr_outcome o = cr_match_outcome(c->match);
    if (o == CR_OUTCOME_CONNECTS)
      continue;
    cr_buf_puts(b, "<tr><td>");
    class_label(b, f, c->client_cls);
    cr_buf_puts(b, "</td><td>");
    class_label(b, f, c->server_cls);
    cr_buf_puts(b, "</td><td>");
    num(b, c->pairs);
    cr_buf_printf(b, "</td><td class=\"%s\">%s</td><td>",
                  cr_outcome_name(o), cr_outcome_name(o));
    verdict_cell(b, c->match);
    cr_buf_puts(b, "</td><td>");
    fixes_cell(b, c->match, NULL);
    cr_buf_puts(b, "</td></tr>");
  }
  cr_buf_puts(b, "</tbody></table>");
}

static void names_html(cr_buf *b, const cr_fleet *f, const uint32_t *v,
                       size_t n, size_t cap)
{
  size_t i;
  cr_buf_puts(b, "<div class=\"names\">");
  for (i = 0; i < n && i < cap; i++) {
    if (i)
      cr_buf_puts(b, ", ");
    esc(b, f->machines[v[i]].name);
  }
  if (n > cap) {
    cr_buf_puts(b, " and ");
    num(b, n - cap);
    cr_buf_puts(b, " more (connreset fleet --json lists them all)");
  }
  cr_buf_puts(b, "</div>");
}

static void findings(cr_buf *b, const cr_fleet *f, const fl_groups *g,
                     const fl_list *l, const char *id, const char *heading,
                     const char *none)
{
  size_t i, n = 0;
  cr_buf_printf(b, "<h2 id=\"%s\">%s</h2>", id, heading);
  for (i = 0; i < f->nkinds; i++)
    n += LIST_N(*l, i) > 0;
  if (!n) {
    cr_buf_printf(b, "<p>%s</p>", none);
    return;
  }
  cr_buf_printf(b, "<table class=\"list\" id=\"%s-table\"><thead><tr>"
                "<th>Finding</th><th>Severity</th><th>Machines</th>"
                "<th>What</th><th>Fix</th></tr></thead><tbody>", id);
  for (i = 0; i < f->nkinds; i++) {
    uint32_t kd = g->kinds[i];
    const fl_kind *k = &f->kinds[kd];
    size_t cnt = LIST_N(*l, kd);
    if (!cnt)
      continue;
    cr_buf_puts(b, "<tr data-finding=\"");
    esc(b, k->id);
    cr_buf_printf(b, "\" data-machines=\"%zu\"><td><b>", cnt);
    esc(b, k->id);
    cr_buf_printf(b, "</b></td><td class=\"%s\">%s</td><td>",
                  k->severity == CR_SEVERITY_ERROR ? "fails"
                  : k->severity == CR_SEVERITY_WARNING ? "intermittent"
                                                       : "neutral",
                  cr_severity_name(k->severity));
    num(b, cnt);
    cr_buf_puts(b, "</td><td>");
    esc(b, k->title);
    cr_buf_puts(b, "<details><summary>which machines</summary>");
    names_html(b, f, LIST_V(*l, kd), cnt, HTML_NAMES);
    cr_buf_puts(b, "</details></td><td>");
    if (k->fix_cmdlet) {
      cr_buf_puts(b, "<code>");
      esc(b, k->fix_cmdlet);
      cr_buf_puts(b, "</code>");
    }
    if (k->fix_cli) {
      cr_buf_puts(b, "<br><code>");
      esc(b, k->fix_cli);
      cr_buf_puts(b, "</code>");
    }
    if (k->fix_gpo) {
      cr_buf_puts(b, "<br>Group Policy: <code>");
      esc(b, k->fix_gpo);
      cr_buf_puts(b, "</code>");
    }
    cr_buf_puts(b, "</td></tr>");
  }
  cr_buf_puts(b, "</tbody></table>");
}

/* Each class: what it is, its members, and the fixes its side of failing
 * class pairs calls for. */
static void classes(cr_buf *b, const cr_fleet *f, const fl_groups *g)
{
  size_t i, k;
  cr_buf_puts(b, "<h2 id=\"classes\">Classes</h2><p>Machines whose settings "
              "the match cannot tell apart share a class; the match ran once "
              "per class pair.</p>");
  for (i = 0; i < f->nclasses; i++) {
    uint32_t ci = f->order[i];
    const fl_class *c = &f->classes[ci];
    cr_buf sum = CR_BUF_INIT;
    size_t nfix = 0;
    if (!c->members && !f->policy)
      continue;
    cr_fleet_class_summary(&sum, c);
    cr_buf_printf(b, "<details class=\"class\" data-class=\"C%u\" "
                  "data-members=\"%zu\"><summary><b>C%u</b> &mdash; ",
                  c->label, c->members, c->label);
    num(b, c->members);
    cr_buf_printf(b, " machine%s (", c->members == 1 ? "" : "s");
    num(b, c->clients);
    cr_buf_puts(b, " as clients, ");
    num(b, c->servers);
    cr_buf_puts(b, " as servers): ");
    esc(b, sum.ptr);
    cr_buf_puts(b, "</summary>");
    cr_buf_dispose(&sum);
    if (c->members)
      names_html(b, f, LIST_V(g->by_class, ci), LIST_N(g->by_class, ci),
                 (size_t)-1);
    else
      cr_buf_puts(b, "<div class=\"names\">No machine has this class "
                  "today; machines move into it with the policy.</div>");
    for (k = 0; k < g->ncells; k++) {
      const fl_cell *cell = &f->cells[g->cells[k]];
      bool as_client = cell->client_cls == ci, as_server = cell->server_cls == ci;
      if (!fails_or_intermittent(cr_match_outcome(cell->match)) ||
          (!as_client && !as_server))
        continue;
      if (!nfix++)
        cr_buf_puts(b, "<p><b>Fixes on this class</b> (from its failing "
                    "class pairs):</p>");
      cr_buf_puts(b, "<div>With ");
      class_label(b, f, as_client ? cell->server_cls : cell->client_cls);
      cr_buf_printf(b, " (%s, ", as_client ? "as client" : "as server");
      num(b, cell->pairs);
      cr_buf_puts(b, " pairs):");
      fixes_cell(b, cell->match, as_client ? "client" : "server");
      cr_buf_puts(b, "</div>");
    }
    cr_buf_puts(b, "</details>");
  }
}

static void policy_section(cr_buf *b, const cr_fleet *f, const fl_groups *g)
{
  size_t i;
  cr_buf_puts(b, "<h2 id=\"policy\">What the policy changes</h2><p>");
  num(b, cr_regpol_count(f->policy));
  cr_buf_printf(b, " policy entries, linked to the %s: they reach ",
                f->apply_to == FL_CLIENT ? "clients"
                : f->apply_to == FL_SERVER ? "servers" : "clients and servers");
  num(b, g->reached);
  cr_buf_puts(b, " machines. Pairs broken: ");
  num(b, g->broken);
  cr_buf_puts(b, "; fixed: ");
  num(b, g->fixed);
  cr_buf_puts(b, ".</p>");
  if (!g->nchanges) {
    cr_buf_puts(b, "<p>No pair changes its verdict.</p>");
  } else {
    cr_buf_puts(b, "<table class=\"list\" id=\"policy-changes\"><thead><tr>"
                "<th>Client</th><th>Server</th><th>Pairs</th><th>Before</th>"
                "<th>After</th><th>Why, after</th></tr></thead><tbody>");
    for (i = 0; i < g->nchanges; i++) {
      const fl_move *m = &f->moves[g->moves[i]];
      const fl_cell *cb = &f->cells[m->before], *ca = &f->cells[m->after];
      cr_outcome ob = cr_match_outcome(cb->match);
      cr_outcome oa = cr_match_outcome(ca->match);
      cr_buf_printf(b, "<tr data-change=\"%s\"><td>",
                    cr_fleet_change_name(ob, oa));
      class_label(b, f, cb->client_cls);
      if (ca->client_cls != cb->client_cls) {
        cr_buf_puts(b, " &rarr; ");
        class_label(b, f, ca->client_cls);
      }
      cr_buf_puts(b, "</td><td>");
      class_label(b, f, cb->server_cls);
      if (ca->server_cls != cb->server_cls) {
        cr_buf_puts(b, " &rarr; ");
        class_label(b, f, ca->server_cls);
      }
      cr_buf_puts(b, "</td><td>");
      num(b, m->pairs);
      cr_buf_printf(b, "</td><td class=\"%s\">%s</td><td class=\"%s\">%s</td>"
                    "<td>", cr_outcome_name(ob), cr_outcome_name(ob),
                    cr_outcome_name(oa), cr_outcome_name(oa));
      verdict_cell(b, ca->match);
      cr_buf_puts(b, "</td></tr>");
    }
    cr_buf_puts(b, "</tbody></table>");
  }
  findings(b, f, g, &g->added, "policy-added", "Findings the policy adds",
           "None.");
  findings(b, f, g, &g->removed, "policy-removed",
           "Findings the policy removes", "None.");
}

int cr_fleet_render_html(cr_buf *b, const cr_fleet *f)
{
  fl_groups g;
  cell_change *ch = NULL;
  size_t i;
  int rc;
  if ((rc = cr_fleet_groups(&g, f)) < 0)
    return rc;
  if (f->policy) {
    if (!(ch = cr_calloc(f->ncells + 1, sizeof *ch))) {
      cr_fleet_groups_dispose(&g);
      return cr_error_oom();
    }
    for (i = 0; i < f->nmoves; i++) {
      const fl_move *m = &f->moves[i];
      cr_outcome ob = cr_match_outcome(f->cells[m->before].match);
      cr_outcome oa = cr_match_outcome(f->cells[m->after].match);
      const char *what = cr_fleet_change_name(ob, oa);
      cell_change *c = &ch[m->before];
      if (!strcmp(what, "broken"))
        c->broken += m->pairs;
      else if (!strcmp(what, "fixed"))
        c->fixed += m->pairs;
      else if (!strcmp(what, "undetermined"))
        c->unknown += m->pairs;
      if (!strcmp(what, "broken") &&
          cr_fleet_rank(oa) > cr_fleet_rank(c->worst_after))
        c->worst_after = oa;
    }
  }
  cr_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
                "charset=\"utf-8\"><meta name=\"viewport\" content=\"width="
                "device-width, initial-scale=1\"><title>ConnReset fleet "
                "report</title><style>%s</style></head><body>\n", css);
  cr_buf_puts(b, "<h1>ConnReset fleet report</h1><p class=\"sub\">");
  num(b, f->nmachines);
  cr_buf_puts(b, " machines in ");
  num(b, cr_fleet_class_count(f));
  cr_buf_puts(b, " configuration classes (");
  num(b, g.clients);
  cr_buf_puts(b, " clients, ");
  num(b, g.servers);
  cr_buf_puts(b, " servers); ");
  num(b, f->judged);
  cr_buf_puts(b, f->have_pairs ? " machine pairs from " :
              " machine pairs: every client with every server");
  for (i = 0; i < f->npair_files; i++) {
    if (i)
      cr_buf_puts(b, ", ");
    esc(b, f->pair_files[i]);
  }
  cr_buf_printf(b, ". connreset %s.</p>\n", cr_version());
  cr_buf_puts(b, "<div class=\"cards\" id=\"outcomes\">");
  for (i = 0; i < 4; i++) {
    cr_outcome o = cr_fleet_outcomes[i];
    if (o == CR_OUTCOME_UNDETERMINED && !g.outcomes[o])
      continue; /* said only when it happens */
    cr_buf_printf(b, "<div class=\"card %s\" data-outcome=\"%s\" "
                  "data-pairs=\"%llu\"><b>", cr_outcome_name(o),
                  cr_outcome_name(o), (unsigned long long)g.outcomes[o]);
    num(b, g.outcomes[o]);
    cr_buf_printf(b, "</b>pairs %s</div>",
                  o == CR_OUTCOME_CONNECTS ? "connect"
                  : o == CR_OUTCOME_INTERMITTENT ? "intermittent: 1 in 256 "
                                                   "handshakes fails"
                  : o == CR_OUTCOME_FAILS ? "fail"
                  : "undetermined: the snapshots do not say enough");
  }
  if (f->policy) {
    cr_buf_printf(b, "<div class=\"card neutral\" data-broken=\"%llu\" "
                  "data-fixed=\"%llu\"><b>", (unsigned long long)g.broken,
                  (unsigned long long)g.fixed);
    num(b, g.broken);
    cr_buf_puts(b, " / ");
    num(b, g.fixed);
    cr_buf_puts(b, "</b>pairs the policy breaks / fixes</div>");
  }
  cr_buf_puts(b, "</div>\n");
  if (f->unknown_total || f->pair_no_name || f->nambiguous) {
    cr_buf_puts(b, "<p class=\"sub\">");
    if (f->unknown_total) {
      num(b, f->pair_unknown_rows);
      cr_buf_puts(b, " pair rows name machines without a snapshot (e.g. ");
      for (i = 0; i < f->nunknown && i < 5; i++) {
        if (i)
          cr_buf_puts(b, ", ");
        esc(b, f->unknown[i]);
      }
      cr_buf_puts(b, "). ");
    }
    if (f->pair_no_name) {
      num(b, f->pair_no_name);
      cr_buf_puts(b, " rows have no client or server name. ");
    }
    for (i = 0; i < f->nambiguous; i++) {
      cr_buf_puts(b, "More than one snapshot names ");
      esc(b, f->ambiguous[i]);
      cr_buf_puts(b, ". ");
    }
    cr_buf_puts(b, "</p>");
  }
  cr_buf_puts(b, "<h2 id=\"grid\">Class matrix</h2><p>Rows are client "
              "classes, columns server classes; each cell counts the machine "
              "pairs and gives their verdict.");
  if (f->policy)
    cr_buf_puts(b, " A dashed outline marks the cells the policy changes.");
  cr_buf_puts(b, "</p><p class=\"legend\"><span class=\"connects\">connects"
              "</span><span class=\"intermittent\">intermittent (DHE leading "
              "zero: 1 in 256)</span><span class=\"fails\">fails</span>"
              "<span class=\"undetermined\">undetermined (not enough in the "
              "snapshots)</span>");
  if (f->policy)
    cr_buf_puts(b, "<span style=\"outline:3px dashed #0550ae\">changed by "
                "the policy</span>");
  cr_buf_puts(b, "</p>");
  matrix(b, f, ch);
  failing_pairs(b, f, &g);
  if (f->policy)
    policy_section(b, f, &g);
  findings(b, f, &g, &g.by_kind, "findings", "Findings on machines, per "
           "finding id", "No machine has a finding.");
  classes(b, f, &g);
  cr_buf_puts(b, "<footer>Written by connreset fleet from the snapshots "
              "given; nothing here was fetched from a network.</footer>"
              "</body></html>\n");
  free(ch);
  cr_fleet_groups_dispose(&g);
  return cr_buf_status(b);
}
