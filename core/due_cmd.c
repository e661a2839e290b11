/* due_cmd.c - the `due` command: the continuous-grasp working list.
 * Every due provider (milestones, plan reviews, unanswered referrals...)
 * is asked for what falls due by the end of the window; the entries are
 * shown overdue first, then by date. */
#include <config.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit.h"
#include "command.h"
#include "date.h"
#include "date_show.h"
#include "due.h"
#include "i18n.h"
#include "output.h"
#include "settings.h"
#include "store.h"

#define DUE_WINDOW_DEFAULT 30
#define DUE_WINDOW_MAX 3660 /* ten years */

/* One entry, its strings owned. */
struct entry {
	char *subject, *milestone, *label, *kind, *staff, *note;
	char due_on[TSU_DATE_LEN];
	long days; /* due_on - today */
};

/* The list being collected; a provider may run a command that runs
 * `due` again, so the outer list is kept aside meanwhile. */
struct due_list {
	struct entry *v;
	int n, cap;
	const char *kind, *staff; /* filters, or NULL */
};
static struct due_list *collecting;

static void list_free(struct due_list *l)
{
	int i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].subject);
		free(l->v[i].milestone);
		free(l->v[i].label);
		free(l->v[i].kind);
		free(l->v[i].staff);
		free(l->v[i].note);
	}
	free(l->v);
}

/* Whether S (may be NULL) equals the filter F; no filter matches all. */
static int matches(const char *f, const char *s)
{
	return !f || (s && strcmp(f, s) == 0);
}

/* The emit() of the providers: check and copy one entry. */
static int collect(struct tsu_ctx *ctx, const struct tsu_due_item *item)
{
	struct due_list *l = collecting;
	struct entry *e;
	long days;

	if (!l)
		return ctx_error(ctx, _("a due entry came outside the due list"));
	if (!item || !item->subject || !*item->subject)
		return ctx_error(ctx, _("a due entry without a subject"));
	if (!item->due_on ||
	    tsu_days_between(app.today, item->due_on, &days) < 0)
		return ctx_error(ctx,
				 _("due entry %s%s%s: \"%s\" is not a date "
				 "(YYYY-MM-DD)"),
				 item->subject, item->milestone ? " " : "",
				 item->milestone ? item->milestone : "",
				 item->due_on ? item->due_on : "");
	if (!matches(l->kind, item->kind) || !matches(l->staff, item->staff))
		return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = tsu_realloc(l->v, (size_t)l->cap * sizeof(*l->v));
	}
	e = &l->v[l->n++];
	e->subject = tsu_strdup(item->subject);
	e->milestone = tsu_strdup(item->milestone);
	e->label = tsu_strdup(item->label);
	e->kind = tsu_strdup(item->kind);
	e->staff = tsu_strdup(item->staff);
	e->note = tsu_strdup(item->note);
	snprintf(e->due_on, sizeof(e->due_on), "%s", item->due_on);
	e->days = days;
	return 0;
}

static int strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* Subject ids compare by prefix, then by number: P2 before P10. */
static int subject_cmp(const char *a, const char *b)
{
	size_t pa = strcspn(a, "0123456789"), pb = strcspn(b, "0123456789");
	int c;

	if (pa != pb || strncmp(a, b, pa) != 0)
		return strcmp(a, b);
	c = (int)(strlen(a) - pa) - (int)(strlen(b) - pb);
	return c ? c : strcmp(a, b);
}

/* Earlier due date first (so overdue ones first), then subject. */
static int entry_cmp(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	int c = strcmp(a->due_on, b->due_on);

	if (!c)
		c = subject_cmp(a->subject, b->subject);
	if (!c)
		c = strcmp_null(a->milestone, b->milestone);
	return c;
}

/* The number of days in TEXT (--within, or the setting NAME); 0 or -1. */
static int parse_days(struct tsu_ctx *ctx, const char *what, const char *text,
		      long *days)
{
	char *end;
	long v;

	if (!text || !*text)
		return ctx_error(ctx, _("%s: a number of days is needed"), what);
	v = strtol(text, &end, 10);
	if (*end != '\0' || end == text || v < 0 || v > DUE_WINDOW_MAX)
		return ctx_error(ctx,
				 _("%s: \"%s\" is not a number of days (0 to %d)"),
				 what, text, DUE_WINDOW_MAX);
	*days = v;
	return 0;
}

/* The window from the setting due-window-days, or the default. */
static long window_setting(void)
{
	char *v = settings_get("due-window-days"), *end;
	long days = DUE_WINDOW_DEFAULT;

	if (v) {
		long n = strtol(v, &end, 10);

		if (*v && *end == '\0' && n >= 0 && n <= DUE_WINDOW_MAX)
			days = n;
		free(v);
	}
	return days;
}

/* The display name of a subject (a person's name; a family's first
 * member's family name and 家), kept on CTX; NULL if unknown. */
static const char *subject_name(struct tsu_ctx *ctx, const char *id)
{
	static const char person_sql[] =
	    "SELECT trim(coalesce(family_name,'')||' '||"
	    "coalesce(given_name,'')) FROM person WHERE id=?";
	static const char family_sql[] =
	    "SELECT p.family_name||'家' FROM member m"
	    " JOIN person p ON p.id=m.person_id WHERE m.family_id=?"
	    " AND p.family_name IS NOT NULL"
	    " ORDER BY (m.role='child'), m.rowid LIMIT 1";
	const char *sql, *s, *name = NULL;
	sqlite3_stmt *st;
	char *msg = NULL, *end;
	long long n;

	if (id[0] == 'P' && id[1] >= '0' && id[1] <= '9')
		sql = person_sql;
	else if (id[0] == 'F' && id[1] >= '0' && id[1] <= '9')
		sql = family_sql;
	else
		return NULL;
	n = strtoll(id + 1, &end, 10);
	if (*end)
		return NULL;
	st = store_cached(sql, &msg);
	if (!st) {
		free(msg);
		return NULL;
	}
	sqlite3_bind_int64(st, 1, n);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    (s = (const char *)sqlite3_column_text(st, 0)))
		name = ctx_keep(ctx, tsu_strdup(s));
	sqlite3_reset(st);
	return name;
}

/* Print L: for people, the date, how far off, an overdue marker and the
 * subject's name; for programs, the documented keys. */
static int list_print(struct tsu_ctx *ctx, const struct due_list *l)
{
	static const char *const keys[] = {
	    N_("subject"), N_("milestone"), N_("label"), N_("kind"), N_("due_on"),
	    N_("overdue"), N_("days"),	    N_("staff"), N_("note"),
	};
	static const char *const table_keys[] = {
	    "due_on", "days", "overdue", "subject", "name",
	    "label",  "kind", "staff",	 "note",
	};
	static const char *const table_heads[] = {
	    N_("due"),  N_("days"), "",	     N_("subject"), N_("name"),
	    N_("what"), N_("kind"), N_("staff"), N_("note"),
	};
	struct tsu_table *t;
	char date[TSU_DATE_SHOW_MAX];
	int i, rc;

	if (app.format == TSU_FORMAT_TABLE) {
		t = tsu_table_new(9, table_keys, table_heads);
		if (!t)
			return ctx_error(ctx, _("out of memory"));
		tsu_table_set_type(t, 1, TSU_CELL_INT);
		for (i = 0; i < l->n; i++) {
			const struct entry *e = &l->v[i];

			tsu_table_row(t);
			tsu_table_text(t, date_show(e->due_on, date));
			tsu_table_int(t, e->days);
			tsu_table_text(t, e->days < 0 ? _("overdue") : "");
			tsu_table_text(t, e->subject);
			tsu_table_text(t, subject_name(ctx, e->subject));
			tsu_table_text(t, e->label ? e->label : e->milestone);
			tsu_table_text(t, e->kind);
			tsu_table_text(t, e->staff);
			tsu_table_text(t, ctx_keep(ctx, date_show_text(e->note)));
		}
	} else {
		t = tsu_table_new(9, keys, NULL);
		if (!t)
			return ctx_error(ctx, _("out of memory"));
		tsu_table_set_type(t, 5, TSU_CELL_BOOL);
		tsu_table_set_type(t, 6, TSU_CELL_INT);
		for (i = 0; i < l->n; i++) {
			const struct entry *e = &l->v[i];

			tsu_table_row(t);
			tsu_table_text(t, e->subject);
			tsu_table_text(t, e->milestone);
			tsu_table_text(t, e->label);
			tsu_table_text(t, e->kind);
			tsu_table_text(t, e->due_on);
			tsu_table_bool(t, e->days < 0);
			tsu_table_int(t, e->days);
			tsu_table_text(t, e->staff);
			tsu_table_text(t, e->note);
		}
	}
	rc = tsu_table_print(t, app.format, ctx->out);
	tsu_table_free(t);
	return rc < 0 ? ctx_error(ctx, _("cannot print the list")) : 0;
}

/* due [--within DAYS] [--kind K] [--staff S] */
static int cmd_due(struct tsu_ctx *ctx, int argc, char **argv, void *data)
{
	static const struct tsu_opt opts[] = {
	    {"--within", TSU_OPT_VALUE},
	    {"--kind", TSU_OPT_VALUE},
	    {"--staff", TSU_OPT_VALUE},
	};
	struct due_list list = {0}, *outer = collecting;
	struct tsu_args a;
	char until[TSU_DATE_LEN], *detail, *msg = NULL;
	long within = 0;
	int rc;

	if (ctx_parse_options(ctx, argc, argv, opts, 3, &a) < 0)
		return -1;
	if (a.npos)
		return ctx_error(ctx,
				 _("unexpected \"%s\" (usage: due [--within "
				 "DAYS] [--kind K] [--staff S])"),
				 a.pos[0]);
	if (a.value[0]) {
		if (parse_days(ctx, "--within", a.value[0], &within) < 0)
			return -1;
	} else {
		within = window_setting();
	}
	if (tsu_date_add(app.today, within, until) < 0)
		return ctx_error(ctx,
				 _("--within: %ld days from %s is out of "
				 "range"),
				 within, app.today);
	list.kind = a.value[1];
	list.staff = a.value[2];
	detail = tsu_strdup_printf("due until %s", until);
	rc = audit_add("read", NULL, detail, &msg);
	free(detail);
	if (rc < 0) {
		ctx_error(ctx, "%s", msg);
		free(msg);
		return -1;
	}
	collecting = &list;
	rc = due_collect(ctx, until, collect);
	collecting = outer;
	if (rc == 0) {
		if (list.n > 1)
			qsort(list.v, (size_t)list.n, sizeof(*list.v),
			      entry_cmp);
		rc = list_print(ctx, &list);
	}
	list_free(&list);
	return rc;
}

static const struct tsu_command_spec due_command = {
    .name = "due",
    .topic = "follow up",
    .summary = N_("the working list: overdue and upcoming milestones, "
	       "reviews, referrals"),
    .usage = N_("due [--within DAYS] [--kind K] [--staff S]"),
    .help = N_("Lists everything that is overdue or falls due within DAYS "
	    "days from today\n(default: the setting due-window-days, 30): "
	    "milestones such as the newborn\nvisit or the checkups, plan "
	    "reviews, referrals waiting for a reply.  Overdue\nentries come "
	    "first, marked \"overdue\".  --kind keeps one kind of entry "
	    "(e.g.\nmilestone, plan-review, referral); --staff keeps the "
	    "families of one contact\nstaff member.\n\n"
	    "Examples:\n  due --within 14\n  due --kind milestone --staff "
	    "nurse1\n\n"
	    "See also: show, contact, plan, referral, flags"),
    .words = "--within --kind --staff",
    .perm = TSU_PERM_READ,
    .fn = cmd_due,
};

void due_commands_register(void)
{
	char *msg = NULL;

	if (command_register(NULL, &due_command, NULL, NULL, &msg) < 0) {
		tsu_warn("core", "%s", msg);
		free(msg);
	}
}
