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
#include "complete.h"
#include "date.h"
#include "date_show.h"
#include "due.h"
#include "i18n.h"
#include "output.h"
#include "settings.h"
#include "store.h"

#define DUE_WINDOW_DEFAULT 30
#define DUE_WINDOW_MAX 3660 /* ten years */

/* One entry; its strings live in the list's arena. */
struct entry {
	const char *subject, *milestone, *label, *kind, *staff, *note;
	const char *name; /* the subject's, if its provider gave it */
	char due_on[TSU_DATE_LEN];
	long days;	  /* due_on - today */
	int subject_head; /* bytes of the subject before its first digit */
	int subject_len;
	long long subject_num; /* the number after them, if only digits
				  without a leading 0 follow; else -1 */
};

/* Blocks of memory the entries' strings are copied into, freed at once. */
struct arena_block {
	struct arena_block *next;
	size_t used, size;
	char data[];
};
#define ARENA_BLOCK_SIZE 65536

/* Strings list_share() keeps at hand. */
#define DUE_SHARED 16

/* The list being collected; a provider may run a command that runs
 * `due` again, so the outer list is kept aside meanwhile. */
struct due_list {
	struct entry *v;
	int n, cap;
	const char *kind, *staff; /* filters, or NULL */
	struct arena_block *arena;
	const char *shared[DUE_SHARED]; /* list_share()'s recent copies */
	int shared_at;
};
static struct due_list *collecting;

static void list_free(struct due_list *l)
{
	struct arena_block *b, *next;

	for (b = l->arena; b; b = next) {
		next = b->next;
		free(b);
	}
	free(l->v);
}

/* A copy of S (NULL stays NULL) in L's arena. */
static const char *list_strdup(struct due_list *l, const char *s)
{
	struct arena_block *b = l->arena;
	size_t n;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	if (!b || b->size - b->used < n) {
		size_t size = n > ARENA_BLOCK_SIZE ? n : ARENA_BLOCK_SIZE;

		b = tsu_alloc(sizeof(*b) + size);
		b->size = size;
		b->next = l->arena;
		l->arena = b;
	}
	memcpy(b->data + b->used, s, n);
	b->used += n;
	return b->data + b->used - n;
}

/* S in L's arena, one copy for each of the few strings that repeat from
 * entry to entry (milestones, labels, kinds, staff): the copies made
 * last are looked through first. */
static const char *list_share(struct due_list *l, const char *s)
{
	int i;

	if (!s)
		return NULL;
	for (i = 0; i < DUE_SHARED; i++) {
		const char *c = l->shared[(l->shared_at - 1 - i + DUE_SHARED) %
					  DUE_SHARED];

		if (c && strcmp(c, s) == 0)
			return c;
	}
	l->shared[l->shared_at] = list_strdup(l, s);
	s = l->shared[l->shared_at];
	l->shared_at = (l->shared_at + 1) % DUE_SHARED;
	return s;
}

/* Whether S (may be NULL) equals the filter F; no filter matches all. */
static int matches(const char *f, const char *s)
{
	return !f || (s && strcmp(f, s) == 0);
}

/* The emit() of the providers: check and copy one entry. */
static int collect(struct tsu_ctx *ctx, const struct tsu_due_item *item,
		   const char *name)
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
	e->subject = list_strdup(l, item->subject);
	e->milestone = list_share(l, item->milestone);
	e->label = list_share(l, item->label);
	e->kind = list_share(l, item->kind);
	e->staff = list_share(l, item->staff);
	e->note = list_strdup(l, item->note);
	e->name = list_strdup(l, name);
	/* a date, checked above: exactly TSU_DATE_LEN - 1 bytes */
	memcpy(e->due_on, item->due_on, sizeof(e->due_on));
	e->days = days;
	e->subject_head = (int)strcspn(e->subject, "0123456789");
	e->subject_len = (int)strlen(e->subject);
	e->subject_num = -1;
	if (e->subject_len - e->subject_head <= 18 &&
	    e->subject[e->subject_head] != '0' &&
	    strspn(e->subject + e->subject_head, "0123456789") ==
		(size_t)(e->subject_len - e->subject_head))
		e->subject_num = strtoll(e->subject + e->subject_head, NULL, 10);
	return 0;
}

static int strcmp_null(const char *a, const char *b)
{
	if (a == b)
		return 0;
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* Subject ids compare by prefix, then by number: P2 before P10. */
static int subject_cmp(const struct entry *a, const struct entry *b)
{
	int c;

	if (a->subject_head != b->subject_head ||
	    strncmp(a->subject, b->subject, (size_t)a->subject_head) != 0)
		return strcmp(a->subject, b->subject);
	/* Digits alone after the same prefix: their numbers order them as
	 * the lengths then the texts would. */
	if (a->subject_num >= 0 && b->subject_num >= 0 &&
	    (a->subject_num != b->subject_num ||
	     a->subject_len == b->subject_len))
		return (a->subject_num > b->subject_num) -
		       (a->subject_num < b->subject_num);
	c = a->subject_len - b->subject_len;
	return c ? c : strcmp(a->subject, b->subject);
}

/* Earlier due date first (so overdue ones first), then subject.  The
 * days from today order the dates as the dates themselves do. */
static int entry_cmp(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	int c = (a->days > b->days) - (a->days < b->days);

	if (!c)
		c = subject_cmp(a, b);
	if (!c && a->milestone != b->milestone)
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

/* A person's display name, from the row of person P. */
#define PERSON_NAME                                                            \
	"trim(coalesce(p.family_name,'')||' '||"                               \
	"coalesce(p.given_name,''))"

/* The number of a subject id "P12" or "F3" whose first letter is KIND
 * in *N; 0, or -1 if ID is not one. */
static int subject_number(const char *id, char kind, long long *n)
{
	char *end;

	if (id[0] != kind || !(id[1] >= '0' && id[1] <= '9'))
		return -1;
	*n = strtoll(id + 1, &end, 10);
	return *end ? -1 : 0;
}

/* The display name of a family (its first member's family name and 家,
 * children last), kept on CTX; NULL if unknown. */
static const char *family_name(struct tsu_ctx *ctx, const char *id)
{
	static const char family_sql[] =
	    "SELECT p.family_name||'家' FROM member m"
	    " JOIN person p ON p.id=m.person_id WHERE m.family_id=?"
	    " AND p.family_name IS NOT NULL"
	    " ORDER BY (m.role='child'), m.rowid LIMIT 1";
	const char *s, *name = NULL;
	sqlite3_stmt *st;
	char *msg = NULL;
	long long n;

	if (subject_number(id, 'F', &n) < 0)
		return NULL;
	st = store_cached(family_sql, &msg);
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

/* A person subject of the list: its number and its entry. */
struct person_ref {
	long long id;
	int entry;
};

static int person_ref_cmp(const void *x, const void *y)
{
	const struct person_ref *a = x, *b = y;

	return (a->id > b->id) - (a->id < b->id);
}

/* Set NAMES[i] to the display name of entry i of L when its subject is a
 * person whose provider did not name it (copied into L's arena), looking
 * all of them up in one statement; others are left as they are.  Returns
 * 0 or -1 (on CTX). */
static int person_names(struct tsu_ctx *ctx, struct due_list *l,
			const char **names)
{
	static const char sql[] =
	    "SELECT p.id, " PERSON_NAME " FROM person p"
	    " WHERE p.id IN (SELECT value FROM json_each(?1)) ORDER BY p.id";
	struct person_ref *refs = tsu_alloc((size_t)l->n * sizeof(*refs) + 1);
	char *json = NULL;
	size_t json_size = 0;
	FILE *f;
	sqlite3_stmt *st = NULL;
	int i, n = 0, j = 0, rc = 0;

	for (i = 0; i < l->n; i++)
		if (l->v[i].name)
			names[i] = l->v[i].name;
		else if (subject_number(l->v[i].subject, 'P', &refs[n].id) == 0)
			refs[n++].entry = i;
	if (n == 0)
		goto out;
	qsort(refs, (size_t)n, sizeof(*refs), person_ref_cmp);
	f = open_memstream(&json, &json_size);
	if (!f) {
		rc = ctx_error(ctx, _("out of memory"));
		goto out;
	}
	fputc('[', f);
	for (i = 0; i < n; i++)
		if (i == 0 || refs[i].id != refs[i - 1].id)
			fprintf(f, i ? ",%lld" : "%lld", refs[i].id);
	fputc(']', f);
	if (fclose(f) != 0) {
		rc = ctx_error(ctx, _("out of memory"));
		goto out;
	}
	if (sqlite3_prepare_v2(store_db(), sql, -1, &st, NULL) != SQLITE_OK) {
		rc = ctx_error(ctx, "%s", sqlite3_errmsg(store_db()));
		goto out;
	}
	sqlite3_bind_text(st, 1, json, (int)json_size, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		const char *name =
		    list_strdup(l, (const char *)sqlite3_column_text(st, 1));

		while (j < n && refs[j].id < id)
			j++;
		for (; j < n && refs[j].id == id; j++)
			names[refs[j].entry] = name;
	}
	rc = rc == SQLITE_DONE
		 ? 0
		 : ctx_error(ctx, "%s", sqlite3_errmsg(store_db()));
out:
	sqlite3_finalize(st);
	free(json);
	free(refs);
	return rc;
}

/* Print L: for people, the date, how far off, an overdue marker and the
 * subject's name; for programs, the documented keys. */
static int list_print(struct tsu_ctx *ctx, struct due_list *l)
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
	const char *overdue = _("overdue");
	int i, rc;

	if (app.format == TSU_FORMAT_TABLE) {
		/* Dates and notes as shown, made once for each run of equal
		 * ones (the list is in date order). */
		const struct entry *prev = NULL;
		const char *due = NULL, *note = NULL;
		const char **names =
		    tsu_alloc((size_t)l->n * sizeof(*names) + 1);

		if (person_names(ctx, l, names) < 0) {
			free(names);
			return -1;
		}
		t = tsu_table_new(9, table_keys, table_heads);
		if (!t) {
			free(names);
			return ctx_error(ctx, _("out of memory"));
		}
		tsu_table_set_type(t, 1, TSU_CELL_INT);
		for (i = 0; i < l->n; i++) {
			const struct entry *e = &l->v[i];

			if (!prev || strcmp(e->due_on, prev->due_on) != 0)
				due = ctx_keep(ctx, tsu_strdup(date_show(
							e->due_on, date)));
			if (!prev || strcmp_null(e->note, prev->note) != 0)
				note = ctx_keep(ctx, date_show_text(e->note));
			prev = e;
			tsu_table_row(t);
			tsu_table_text_ref(t, due);
			tsu_table_int(t, e->days);
			tsu_table_text_ref(t, e->days < 0 ? overdue : "");
			tsu_table_text_ref(t, e->subject);
			tsu_table_text_ref(
			    t,
			    names[i] ? names[i] : family_name(ctx, e->subject));
			tsu_table_text_ref(t,
					   e->label ? e->label : e->milestone);
			tsu_table_text_ref(t, e->kind);
			tsu_table_text_ref(t, e->staff);
			tsu_table_text_ref(t, note);
		}
		free(names);
	} else {
		t = tsu_table_new(9, keys, NULL);
		if (!t)
			return ctx_error(ctx, _("out of memory"));
		tsu_table_set_type(t, 5, TSU_CELL_BOOL);
		tsu_table_set_type(t, 6, TSU_CELL_INT);
		for (i = 0; i < l->n; i++) {
			const struct entry *e = &l->v[i];

			tsu_table_row(t);
			tsu_table_text_ref(t, e->subject);
			tsu_table_text_ref(t, e->milestone);
			tsu_table_text_ref(t, e->label);
			tsu_table_text_ref(t, e->kind);
			tsu_table_text_ref(t, e->due_on);
			tsu_table_bool(t, e->days < 0);
			tsu_table_int(t, e->days);
			tsu_table_text_ref(t, e->staff);
			tsu_table_text_ref(t, e->note);
		}
	}
	rc = tsu_table_print(t, app.format, ctx->out);
	tsu_table_free(t);
	return rc < 0 ? ctx_error(ctx, _("cannot print the list")) : 0;
}

/* 0 when ID is a staff member's id; else -1, the error naming the
 * nearest id. */
static int staff_check(struct tsu_ctx *ctx, const char *id)
{
	static const char sql[] = "SELECT id FROM staff";
	const char *best = NULL;
	sqlite3_stmt *st;
	char *msg = NULL;
	int rc, bestd = 3, found = 0;

	st = store_cached(sql, &msg);
	if (!st) {
		ctx_error(ctx, "%s", msg);
		free(msg);
		return -1;
	}
	while (!found && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 0);
		int d;

		if (!s)
			continue;
		found = strcmp(s, id) == 0;
		d = tsu_edit_distance(id, s);
		if (d < bestd) {
			bestd = d;
			best = ctx_keep(ctx, tsu_strdup(s));
		}
	}
	sqlite3_reset(st);
	if (found)
		return 0;
	if (best)
		return ctx_error(ctx,
				 _("--staff \"%s\": no staff member has that "
				   "id; did you mean %s? (staff lists them)"),
				 id, best);
	return ctx_error(ctx,
			 _("--staff \"%s\": no staff member has that id "
			   "(staff lists them)"),
			 id);
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
	if (list.kind && !due_kind_known(list.kind)) {
		char *kinds = due_kinds(list.kind);

		ctx_error(ctx, _("--kind \"%s\": entries are of the kinds %s"),
			  list.kind, kinds);
		free(kinds);
		return -1;
	}
	if (list.staff && staff_check(ctx, list.staff) < 0)
		return -1;
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
    .words = "--within= --kind= --staff=",
    .perm = TSU_PERM_READ,
    .fn = cmd_due,
};

/* Tab after due --kind: the kind of the core's entries, "milestone"
 * (the plugins' providers offer theirs). */
static int due_kind_complete(struct tsu_ctx *ctx, const char *prefix,
			     void (*add)(struct tsu_ctx *ctx, const char *word),
			     void *data)
{
	(void)data;
	if (strncmp("milestone", prefix, strlen(prefix)) == 0)
		add(ctx, "milestone");
	return 0;
}

void due_commands_register(void)
{
	char *msg = NULL;

	if (command_register(NULL, &due_command, NULL, NULL, &msg) < 0 ||
	    complete_register(NULL, "due", "--kind", due_kind_complete, NULL,
			      NULL, &msg) < 0) {
		tsu_warn("core", "%s", msg);
		free(msg);
	}
}
