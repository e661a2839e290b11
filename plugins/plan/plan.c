/* plan.c - the plan plugin: support plans (支援プラン) and self-plans,
 * made with the parent, kept as a chain of reviewed versions.
 *
 * Each version of a plan is a row of `plan` with its own id (PL<n>); a
 * review copies the open worries (plan_concern, PC<n>) and the things
 * not yet done (plan_item, PI<n>) into a new version and leaves the old
 * one as it was.  The current version of a plan is the one no later
 * version points back to.  Every change is audited, written to the
 * family's timeline (kind "plan") and runs the plan hook.
 *
 * Built as a loadable module against <tsunagu-plugin.h> only. */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pdf_part.h"
#include "plan.h"

const struct tsu_host *plan_host;

/* The id of the record the running plan command printed last, for
 * plan_run(). */
static char plan_made[TSU_ID_LEN];

/* Longest text of a worry, an item or a note, in bytes. */
#define PLAN_TEXT_MAX 2000

static const char *const plan_schema[] = {
    /* 1: plans, worries and what will be done */
    "CREATE TABLE plan("
    "  id INTEGER PRIMARY KEY,"
    "  series_id INTEGER NOT NULL,"
    "  version INTEGER NOT NULL,"
    "  previous_id INTEGER REFERENCES plan(id),"
    "  family_id INTEGER NOT NULL REFERENCES family(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('support','self')),"
    "  status TEXT NOT NULL DEFAULT 'open'"
    "    CHECK (status IN ('open','closed')),"
    "  contact_staff TEXT REFERENCES staff(id),"
    "  agreed_by_parent INTEGER NOT NULL DEFAULT 0,"
    "  next_review TEXT,"
    "  review_note TEXT,"
    "  created_on TEXT NOT NULL,"
    "  closed_on TEXT,"
    "  close_reason TEXT,"
    "  staff TEXT,"
    "  UNIQUE (series_id, version));"
    "CREATE INDEX plan_family ON plan(family_id);"
    "CREATE INDEX plan_previous ON plan(previous_id);"
    "CREATE TABLE plan_concern("
    "  id INTEGER PRIMARY KEY,"
    "  plan_id INTEGER NOT NULL REFERENCES plan(id),"
    "  whose TEXT NOT NULL CHECK (whose IN ('parent','staff')),"
    "  text TEXT NOT NULL,"
    "  shared INTEGER NOT NULL DEFAULT 1,"
    "  raised_on TEXT NOT NULL,"
    "  resolved_on TEXT);"
    "CREATE INDEX plan_concern_plan ON plan_concern(plan_id);"
    "CREATE TABLE plan_item("
    "  id INTEGER PRIMARY KEY,"
    "  plan_id INTEGER NOT NULL REFERENCES plan(id),"
    "  what TEXT NOT NULL,"
    "  who TEXT NOT NULL,"
    "  by_date TEXT,"
    "  done_on TEXT);"
    "CREATE INDEX plan_item_plan ON plan_item(plan_id);",
};

/* ---- small helpers ---- */

/* A malloc'd copy of S (NULL stays NULL); aborts on no memory. */
static char *plan_strdup(const char *s)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		abort();
	return d;
}

/* A malloc'd string formatted like printf; aborts on no memory. */
static char *plan_printf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = malloc((size_t)n + 1);
	if (!s)
		abort();
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* Parse "PREFIX<n>" in any case ("pl3" for "PL"); 0 with *N, else -1. */
static int plan_parse_typed(const char *text, const char *prefix, long long *n)
{
	size_t len = strlen(prefix), i;
	long long v = 0;
	const char *p;

	if (!text)
		return -1;
	for (i = 0; i < len; i++) {
		char c = text[i];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c != prefix[i])
			return -1;
	}
	p = text + len;
	if (!*p)
		return -1;
	for (; *p; p++) {
		if (*p < '0' || *p > '9' || v > 100000000000LL)
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (v == 0)
		return -1;
	*n = v;
	return 0;
}

/* The number of F<n>. */
static long long plan_family_num(const char *family)
{
	return atoll(family + 1);
}

/* Check that V is one of CHOICES for OPTION; reports the nearest choice
 * when it is not.  0 or -1. */
static int plan_choice(struct tsu_ctx *ctx, const char *option, const char *v,
		       const char *const *choices, int n)
{
	int i, best = -1, bestd = 99;

	for (i = 0; i < n; i++) {
		int d = plan_host->edit_distance(v, choices[i]);

		if (d == 0)
			return 0;
		if (d < bestd)
			bestd = d, best = i;
	}
	if (best >= 0 && bestd <= 3)
		return plan_host->error(ctx,
					_("%s: \"%s\" is not a choice (did you "
					"mean %s?)"),
					option, v, choices[best]);
	return plan_host->error(ctx, _("%s: \"%s\" is not a choice (%s or %s)"),
				option, v, choices[0], choices[1]);
}

/* Check a free text for OPTION: present, not blank, not too long. */
static int plan_text_ok(struct tsu_ctx *ctx, const char *option,
			const char *v)
{
	const char *p;

	if (!v)
		return plan_host->error(ctx, _("%s is missing"), option);
	for (p = v; *p == ' ' || *p == '\t'; p++)
		;
	if (!*p)
		return plan_host->error(ctx, _("%s: the text is empty"), option);
	if (strlen(v) > PLAN_TEXT_MAX)
		return plan_host->error(ctx, _("%s: longer than %d bytes"), option,
					PLAN_TEXT_MAX);
	return 0;
}

/* Write S to F as a JSON string. */
static void plan_json_str(FILE *f, const char *s)
{
	const unsigned char *p;

	fputc('"', f);
	for (p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static int plan_doc_load(struct tsu_ctx *ctx, long long id,
			 struct plan_doc *d);

/* Run the plan hook for plan PLAN of FAMILY: EVENT ("new", "concern",
 * "item", "review", "close"...) and DETAIL (may be NULL).  The Scheme
 * plan-hook gets (EVENT PLAN-ID DATA), DATA holding the event, the
 * detail and the plan as plan-ref gives it.  0 or -1. */
static int plan_hook(struct tsu_ctx *ctx, const char *event, long long plan,
		     const char *family, const char *detail)
{
	char id[TSU_ID_LEN], *json = NULL;
	size_t len = 0;
	struct plan_doc d;
	FILE *f;
	int rc;

	if (plan_doc_load(ctx, plan, &d) <= 0)
		return plan_host->error(ctx, _("PL%lld cannot be read back"),
					plan);
	f = open_memstream(&json, &len);
	if (!f)
		abort();
	snprintf(id, sizeof(id), "PL%lld", plan);
	fprintf(f, "{\"event\":\"%s\",\"plan\":\"%s\",\"family\":\"%s\","
		   "\"detail\":",
		event, id, family);
	plan_json_str(f, detail);
	fputc(',', f);
	plan_doc_json(f, &d);
	fputc('}', f);
	fclose(f);
	plan_doc_free(&d);
	rc = plan_host->run_hook(ctx, "plan", id, json);
	free(json);
	return rc;
}

/* Record a change of plan PLAN on FAMILY's timeline and in the audit
 * trail (ACTION "create" or "change"), then run the hook.  0 or -1. */
static int plan_changed(struct tsu_ctx *ctx, long long plan,
			const char *family, const char *action,
			const char *event, const char *summary)
{
	char id[TSU_ID_LEN], detail[64];

	snprintf(id, sizeof(id), "PL%lld", plan);
	snprintf(detail, sizeof(detail), "plan %s %s", id, event);
	if (plan_host->audit(ctx, action, family, detail) < 0)
		return -1;
	if (plan_host->event_add(ctx, family, "plan", plan_host->today(ctx),
				 summary, id) < 0)
		return -1;
	return plan_hook(ctx, event, plan, family, summary);
}

/* ---- loading a plan ---- */

/* Fill the list of members' names and the family name of D. */
static int plan_doc_names(struct tsu_ctx *ctx, struct plan_doc *d)
{
	static const char sql[] =
	    "SELECT p.family_name, p.given_name, m.role FROM member m"
	    " JOIN person p ON p.id = m.person_id WHERE m.family_id = ?"
	    " ORDER BY CASE m.role WHEN 'mother' THEN 0 WHEN 'father' THEN 1"
	    " WHEN 'caregiver' THEN 2 WHEN 'child' THEN 3 ELSE 4 END, p.id";
	struct tsu_stmt *s = plan_host->prepare(ctx, sql);
	char *names = NULL;
	size_t len = 0;
	FILE *f;
	int rc, n = 0;

	if (!s)
		return -1;
	f = open_memstream(&names, &len);
	if (!f)
		abort();
	plan_host->bind_int(s, 1, plan_family_num(d->family));
	while ((rc = plan_host->step(s)) == 1) {
		const char *fn = plan_host->column_text(s, 0);
		const char *gn = plan_host->column_text(s, 1);

		fprintf(f, "%s%s%s%s", n++ ? "、" : "", fn ? fn : "",
			fn && gn ? " " : "", gn ? gn : "");
		if (!d->family_name && fn)
			d->family_name = plan_strdup(fn);
	}
	plan_host->finalize(s);
	fclose(f);
	d->names = names;
	return rc < 0 ? -1 : 0;
}

/* Load plan version ID into D (zeroed first).  1 found, 0 no such plan
 * (not reported), -1 error (reported). */
static int plan_doc_load(struct tsu_ctx *ctx, long long id, struct plan_doc *d)
{
	static const char plan_sql[] =
	    "SELECT p.series_id, p.version, p.previous_id, p.family_id,"
	    " p.kind, p.status, p.contact_staff, p.agreed_by_parent,"
	    " p.next_review, p.review_note, p.created_on, p.closed_on,"
	    " p.close_reason, p.staff, s.name, s.phone,"
	    " (SELECT n.id FROM plan n WHERE n.previous_id = p.id)"
	    " FROM plan p LEFT JOIN staff s ON s.id = p.contact_staff"
	    " WHERE p.id = ?";
	static const char concern_sql[] =
	    "SELECT id, whose, text, shared, raised_on, resolved_on"
	    " FROM plan_concern WHERE plan_id = ? ORDER BY id";
	static const char item_sql[] =
	    "SELECT id, what, who, by_date, done_on FROM plan_item"
	    " WHERE plan_id = ? ORDER BY id";
	const struct tsu_host *h = plan_host;
	struct tsu_stmt *s;
	int rc;

	memset(d, 0, sizeof(*d));
	s = h->prepare(ctx, plan_sql);
	if (!s)
		return -1;
	h->bind_int(s, 1, id);
	rc = h->step(s);
	if (rc != 1) {
		h->finalize(s);
		return rc < 0 ? -1 : 0;
	}
	d->id = id;
	d->series = h->column_int(s, 0);
	d->version = (int)h->column_int(s, 1);
	d->previous = h->column_int(s, 2);
	snprintf(d->family, sizeof(d->family), "F%lld", h->column_int(s, 3));
	d->kind = plan_strdup(h->column_text(s, 4));
	d->status = plan_strdup(h->column_text(s, 5));
	d->contact_staff = plan_strdup(h->column_text(s, 6));
	d->agreed = (int)h->column_int(s, 7);
	d->next_review = plan_strdup(h->column_text(s, 8));
	d->review_note = plan_strdup(h->column_text(s, 9));
	d->created_on = plan_strdup(h->column_text(s, 10));
	d->closed_on = plan_strdup(h->column_text(s, 11));
	d->close_reason = plan_strdup(h->column_text(s, 12));
	d->staff = plan_strdup(h->column_text(s, 13));
	d->contact_name = plan_strdup(h->column_text(s, 14));
	d->contact_phone = plan_strdup(h->column_text(s, 15));
	d->successor = h->column_int(s, 16);
	h->finalize(s);

	s = h->prepare(ctx, concern_sql);
	if (!s)
		return -1;
	h->bind_int(s, 1, id);
	while ((rc = h->step(s)) == 1) {
		struct plan_concern *c;

		d->concerns = realloc(d->concerns, (size_t)(d->nconcerns + 1) *
						       sizeof(*d->concerns));
		if (!d->concerns)
			abort();
		c = &d->concerns[d->nconcerns++];
		c->id = h->column_int(s, 0);
		c->whose = plan_strdup(h->column_text(s, 1));
		c->text = plan_strdup(h->column_text(s, 2));
		c->shared = (int)h->column_int(s, 3);
		c->raised_on = plan_strdup(h->column_text(s, 4));
		c->resolved_on = plan_strdup(h->column_text(s, 5));
	}
	h->finalize(s);
	if (rc < 0)
		return -1;

	s = h->prepare(ctx, item_sql);
	if (!s)
		return -1;
	h->bind_int(s, 1, id);
	while ((rc = h->step(s)) == 1) {
		struct plan_item *it;

		d->items = realloc(d->items,
				   (size_t)(d->nitems + 1) * sizeof(*d->items));
		if (!d->items)
			abort();
		it = &d->items[d->nitems++];
		it->id = h->column_int(s, 0);
		it->what = plan_strdup(h->column_text(s, 1));
		it->who = plan_strdup(h->column_text(s, 2));
		it->by_date = plan_strdup(h->column_text(s, 3));
		it->done_on = plan_strdup(h->column_text(s, 4));
	}
	h->finalize(s);
	if (rc < 0)
		return -1;
	return plan_doc_names(ctx, d) < 0 ? -1 : 1;
}

void plan_doc_free(struct plan_doc *d)
{
	int i;

	free(d->kind);
	free(d->status);
	free(d->contact_staff);
	free(d->contact_name);
	free(d->contact_phone);
	free(d->next_review);
	free(d->review_note);
	free(d->created_on);
	free(d->closed_on);
	free(d->close_reason);
	free(d->staff);
	free(d->names);
	free(d->family_name);
	for (i = 0; i < d->nconcerns; i++) {
		free(d->concerns[i].whose);
		free(d->concerns[i].text);
		free(d->concerns[i].raised_on);
		free(d->concerns[i].resolved_on);
	}
	free(d->concerns);
	for (i = 0; i < d->nitems; i++) {
		free(d->items[i].what);
		free(d->items[i].who);
		free(d->items[i].by_date);
		free(d->items[i].done_on);
	}
	free(d->items);
	memset(d, 0, sizeof(*d));
}

/* The highest plan id, for "did you mean"; 0 when there is none. */
static long long plan_last_id(struct tsu_ctx *ctx)
{
	struct tsu_stmt *s = plan_host->prepare(ctx, "SELECT max(id) FROM plan");
	long long n = 0;

	if (s && plan_host->step(s) == 1)
		n = plan_host->column_int(s, 0);
	if (s)
		plan_host->finalize(s);
	return n;
}

/* Load the plan named by TEXT ("PL3", any case) into D.  0 or -1
 * (reported, naming the id). */
static int plan_load_id(struct tsu_ctx *ctx, const char *text,
			struct plan_doc *d)
{
	long long n, last;
	int rc;

	if (plan_parse_typed(text, "PL", &n) < 0)
		return plan_host->error(ctx,
					_("\"%s\" is not a plan id (plan ids "
					"look like PL3)"),
					text ? text : "");
	rc = plan_doc_load(ctx, n, d);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		last = plan_last_id(ctx);
		if (last == 0)
			return plan_host->error(ctx,
						_("no plan PL%lld (there are no "
						"plans yet; see `plan new`)"),
						n);
		return plan_host->error(ctx,
					_("no plan PL%lld (plan ids run from PL1 "
					"to PL%lld)"),
					n, last);
	}
	return 0;
}

/* Load the current version of the plan TEXT names, for changing it:
 * refuses an older version (naming the current one) and a closed plan.
 * 0 or -1. */
static int plan_load_current(struct tsu_ctx *ctx, const char *text,
			     struct plan_doc *d)
{
	if (plan_load_id(ctx, text, d) < 0)
		return -1;
	if (d->successor) {
		long long cur = d->successor;
		struct tsu_stmt *s = plan_host->prepare(
		    ctx, "SELECT id FROM plan WHERE series_id = ?"
			 " ORDER BY version DESC LIMIT 1");

		if (s) {
			plan_host->bind_int(s, 1, d->series);
			if (plan_host->step(s) == 1)
				cur = plan_host->column_int(s, 0);
			plan_host->finalize(s);
		}
		plan_host->error(ctx,
				 _("PL%lld was reviewed and is kept as it was; "
				 "its current version is PL%lld"),
				 d->id, cur);
		plan_doc_free(d);
		return -1;
	}
	if (strcmp(d->status, "closed") == 0) {
		plan_host->error(ctx,
				 _("PL%lld is closed (on %s: %s); make a new "
				 "plan with `plan new %s`"),
				 d->id, d->closed_on ? d->closed_on : "?",
				 d->close_reason ? d->close_reason : "",
				 d->family);
		plan_doc_free(d);
		return -1;
	}
	return 0;
}

/* Parse date TEXT for OPTION into OUT and check it is not before the
 * plan's start START.  0 or -1. */
static int plan_date_from(struct tsu_ctx *ctx, const char *option,
			  const char *text, const char *start,
			  char out[TSU_DATE_LEN])
{
	if (plan_host->parse_date(ctx, option, text, out) < 0)
		return -1;
	if (start && strcmp(out, start) < 0)
		return plan_host->error(ctx,
					_("%s: %s is before the plan's start "
					"(%s)"),
					option, out, start);
	return 0;
}

/* Check that staff ID exists; the error names the nearest id. */
static int plan_staff_ok(struct tsu_ctx *ctx, const char *id)
{
	struct tsu_stmt *s = plan_host->prepare(ctx, "SELECT id FROM staff");
	const char *best = NULL;
	char *bestcopy = NULL;
	int rc, bestd = 99;

	if (!s)
		return -1;
	while ((rc = plan_host->step(s)) == 1) {
		const char *sid = plan_host->column_text(s, 0);
		int d = plan_host->edit_distance(id, sid);

		if (d == 0) {
			plan_host->finalize(s);
			return 0;
		}
		if (d < bestd) {
			bestd = d;
			free(bestcopy);
			bestcopy = plan_strdup(sid);
			best = bestcopy;
		}
	}
	plan_host->finalize(s);
	if (rc < 0) {
		free(bestcopy);
		return -1;
	}
	if (best && bestd <= 3)
		plan_host->error(ctx,
				 _("--contact: no staff member \"%s\" (did you "
				 "mean %s?)"),
				 id, best);
	else
		plan_host->error(ctx,
				 _("--contact: no staff member \"%s\" (`staff "
				 "list` shows them)"),
				 id);
	free(bestcopy);
	return -1;
}

/* ---- the next review ---- */

/* Suggest the next review of FAMILY's plan as of TODAY from its stage:
 * the due date of its open pregnancy and the birth date of its youngest
 * child go to the Scheme rule plan-next-review (plan-rules.scm), which
 * knows the typical review points and the usual interval.  OUT gets the
 * date, BASIS and LABEL its basis and the words for it. */
static int plan_suggest_review(struct tsu_ctx *ctx, const char *family,
			       const char *today, char out[TSU_DATE_LEN],
			       char basis[PLAN_BASIS_LEN],
			       char label[PLAN_LABEL_LEN])
{
	static const char preg_sql[] =
	    "SELECT due_date FROM pregnancy WHERE family_id = ?"
	    " AND outcome IS NULL AND due_date IS NOT NULL"
	    " ORDER BY due_date LIMIT 1";
	static const char child_sql[] =
	    "SELECT max(p.birth_date) FROM member m"
	    " JOIN person p ON p.id = m.person_id"
	    " WHERE m.family_id = ? AND m.role = 'child'"
	    " AND p.birth_date IS NOT NULL";
	const struct tsu_host *h = plan_host;
	char dates[2][TSU_DATE_LEN] = {"", ""};
	struct tsu_stmt *s;
	int rc, i;

	for (i = 0; i < 2; i++) {
		s = h->prepare(ctx, i == 0 ? preg_sql : child_sql);
		if (!s)
			return -1;
		h->bind_int(s, 1, plan_family_num(family));
		rc = h->step(s);
		if (rc == 1 && h->column_text(s, 0))
			snprintf(dates[i], TSU_DATE_LEN, "%s",
				 h->column_text(s, 0));
		h->finalize(s);
		if (rc < 0)
			return -1;
	}
	return plan_next_review(ctx, today, *dates[0] ? dates[0] : NULL,
				*dates[1] ? dates[1] : NULL, out, basis,
				label);
}

/* ---- output ---- */

/* Print D as one record (and, in the table format, its worries and
 * items under it). */
static int plan_emit(struct tsu_ctx *ctx, const struct plan_doc *d,
		     const char *basis)
{
	static const char *const keys[] = {
	    N_("id"),	   N_("family_id"),	    N_("kind"),	     N_("version"),
	    N_("series_id"),   N_("previous_id"),   N_("current"),	     N_("status"),
	    N_("names"),	   N_("contact_staff"), N_("contact_name"),  N_("contact_phone"),
	    N_("agreed_by_parent"), N_("next_review"), N_("next_review_basis"),
	    N_("review_note"), N_("created_on"),    N_("closed_on"),     N_("close_reason"),
	    N_("open_concerns"), N_("open_items")};
	const struct tsu_host *h = plan_host;
	struct tsu_table *t;
	char buf[TSU_ID_LEN];
	int i, nc = 0, ni = 0;

	for (i = 0; i < d->nconcerns; i++)
		nc += !d->concerns[i].resolved_on;
	for (i = 0; i < d->nitems; i++)
		ni += !d->items[i].done_on;
	t = h->table_new(21, keys, NULL);
	if (!t)
		return h->error(ctx, _("out of memory"));
	h->table_row(t);
	snprintf(buf, sizeof(buf), "PL%lld", d->id);
	snprintf(plan_made, sizeof(plan_made), "%s", buf);
	h->table_text(t, buf);
	h->table_text(t, d->family);
	h->table_text(t, d->kind);
	h->table_int(t, d->version);
	snprintf(buf, sizeof(buf), "PL%lld", d->series);
	h->table_text(t, buf);
	if (d->previous) {
		snprintf(buf, sizeof(buf), "PL%lld", d->previous);
		h->table_text(t, buf);
	} else
		h->table_text(t, NULL);
	h->table_bool(t, d->successor == 0);
	h->table_text(t, d->status);
	h->table_text(t, d->names);
	h->table_text(t, d->contact_staff);
	h->table_text(t, d->contact_name);
	h->table_text(t, d->contact_phone);
	h->table_bool(t, d->agreed);
	h->table_date(ctx, t, d->next_review);
	h->table_text(t, basis);
	h->table_text(t, d->review_note);
	h->table_date(ctx, t, d->created_on);
	h->table_date(ctx, t, d->closed_on);
	h->table_text(t, d->close_reason);
	h->table_int(t, nc);
	h->table_int(t, ni);
	if (h->table_emit_record(ctx, t) < 0)
		return -1;
	if (d->nconcerns)
		h->info(ctx, _("\n心配 (worries):"));
	for (i = 0; i < d->nconcerns; i++) {
		const struct plan_concern *c = &d->concerns[i];

		h->info(ctx, _("  PC%lld  %s  %s%s%s  %s"), c->id,
			strcmp(c->whose, "parent") == 0 ? "あなたの心配"
							: "わたしの心配",
			c->shared ? "" : _("[not yet shared] "),
			c->resolved_on ? _("[resolved] ") : "",
			h->date_text(ctx, c->raised_on), c->text);
	}
	if (d->nitems)
		h->info(ctx, _("\nこれからすること (what will be done):"));
	for (i = 0; i < d->nitems; i++) {
		const struct plan_item *it = &d->items[i];

		h->info(ctx, _("  PI%lld  %s  by %s%s  %s"), it->id, it->who,
			it->by_date ? h->date_text(ctx, it->by_date) : "-",
			it->done_on ? _(" [done]") : "", it->what);
	}
	return 0;
}

/* Audit the reading of plan D ("read" on its family). */
static int plan_audit_read(struct tsu_ctx *ctx, const struct plan_doc *d)
{
	char detail[64];

	snprintf(detail, sizeof(detail), "plan PL%lld", d->id);
	return plan_host->audit(ctx, "read", d->family, detail);
}

/* ---- commands ---- */

/* plan new FAMILY-ID [--self] [--next-review D] [--contact STAFF]
 * [--agreed] */
static int plan_new(struct tsu_ctx *ctx, int argc, char **argv)
{
	static const struct tsu_opt opts[] = {
	    {"--self", TSU_OPT_FLAG},
	    {"--next-review", TSU_OPT_VALUE},
	    {"--contact", TSU_OPT_VALUE},
	    {"--agreed", TSU_OPT_FLAG},
	};
	static const char fam_sql[] =
	    "SELECT contact_staff FROM family WHERE id = ?";
	static const char open_sql[] =
	    "SELECT p.id FROM plan p WHERE p.family_id = ?"
	    " AND p.status = 'open'"
	    " AND NOT EXISTS (SELECT 1 FROM plan n WHERE n.previous_id = p.id)";
	static const char ins_sql[] =
	    "INSERT INTO plan(series_id, version, family_id, kind,"
	    " contact_staff, agreed_by_parent, next_review, created_on, staff)"
	    " VALUES (0, 1, ?, ?, ?, ?, ?, ?, ?)";
	const struct tsu_host *h = plan_host;
	const char *today = h->today(ctx);
	char basis[PLAN_BASIS_LEN] = "agreed", label[PLAN_LABEL_LEN] = "";
	char family[TSU_ID_LEN], next[TSU_DATE_LEN], *contact = NULL, *sum;
	struct tsu_args a;
	struct tsu_stmt *s;
	struct plan_doc d;
	long long id;
	int rc;

	if (h->parse_options(ctx, argc, argv, opts, 4, &a) < 0)
		return -1;
	if (a.npos != 1)
		return h->error(ctx, _("usage: plan new FAMILY-ID [--self] "
				     "[--next-review D] [--contact STAFF]"));
	if (h->resolve(ctx, a.pos[0], "family", family) < 0)
		return -1;
	if (a.value[2]) {
		if (plan_staff_ok(ctx, a.value[2]) < 0)
			return -1;
		contact = plan_strdup(a.value[2]);
	} else {
		s = h->prepare(ctx, fam_sql);
		if (!s)
			return -1;
		h->bind_int(s, 1, plan_family_num(family));
		if (h->step(s) == 1)
			contact = plan_strdup(h->column_text(s, 0));
		h->finalize(s);
	}
	s = h->prepare(ctx, open_sql);
	if (!s) {
		free(contact);
		return -1;
	}
	h->bind_int(s, 1, plan_family_num(family));
	rc = h->step(s);
	if (rc == 1) {
		id = h->column_int(s, 0);
		h->finalize(s);
		free(contact);
		return h->error(ctx,
				_("%s already has an open plan, PL%lld: review it "
				"(`plan review PL%lld`) or close it first"),
				family, id, id);
	}
	h->finalize(s);
	if (rc < 0) {
		free(contact);
		return -1;
	}
	if (a.value[1]) {
		if (plan_date_from(ctx, "--next-review", a.value[1], today,
				   next) < 0) {
			free(contact);
			return -1;
		}
	} else if (plan_suggest_review(ctx, family, today, next, basis,
				       label) < 0) {
		free(contact);
		return -1;
	}
	s = h->prepare(ctx, ins_sql);
	if (!s) {
		free(contact);
		return -1;
	}
	h->bind_int(s, 1, plan_family_num(family));
	h->bind_text(s, 2, a.value[0] ? "self" : "support");
	if (contact)
		h->bind_text(s, 3, contact);
	else
		h->bind_null(s, 3);
	h->bind_int(s, 4, a.value[3] ? 1 : 0);
	h->bind_text(s, 5, next);
	h->bind_text(s, 6, today);
	h->bind_text(s, 7, h->staff(ctx));
	rc = h->step(s);
	h->finalize(s);
	free(contact);
	if (rc < 0)
		return -1;
	id = h->last_insert_id(ctx);
	s = h->prepare(ctx, "UPDATE plan SET series_id = id WHERE id = ?");
	if (!s)
		return -1;
	h->bind_int(s, 1, id);
	rc = h->step(s);
	h->finalize(s);
	if (rc < 0)
		return -1;
	sum = plan_printf(_("%s PL%lld made (next review %s)"),
			  a.value[0] ? _("self-plan") : _("support plan"), id, next);
	rc = plan_changed(ctx, id, family, "create", "new", sum);
	free(sum);
	if (rc < 0)
		return -1;
	if (!a.value[1])
		h->info(ctx, _("next review suggested: %s (%s)"),
			h->date_text(ctx, next), label);
	if (plan_doc_load(ctx, id, &d) <= 0)
		return h->error(ctx, _("PL%lld cannot be read back"), id);
	rc = plan_emit(ctx, &d, basis);
	plan_doc_free(&d);
	return rc;
}

/* Print a one-row record: the id of what was added and its plan. */
static int plan_emit_added(struct tsu_ctx *ctx, const char *id,
			   long long plan, const char *family)
{
	static const char *const keys[] = {N_("id"), N_("plan_id"), N_("family_id")};
	struct tsu_table *t = plan_host->table_new(3, keys, NULL);
	char buf[TSU_ID_LEN];

	if (!t)
		return plan_host->error(ctx, _("out of memory"));
	plan_host->table_row(t);
	plan_host->table_text(t, id);
	snprintf(plan_made, sizeof(plan_made), "%s", id);
	snprintf(buf, sizeof(buf), "PL%lld", plan);
	plan_host->table_text(t, buf);
	plan_host->table_text(t, family);
	return plan_host->table_emit_record(ctx, t);
}

/* plan concern PLAN-ID --whose parent|staff --text T [--shared yes|no] */
static int plan_concern(struct tsu_ctx *ctx, int argc, char **argv)
{
	static const struct tsu_opt opts[] = {
	    {"--whose", TSU_OPT_VALUE},
	    {"--text", TSU_OPT_VALUE},
	    {"--shared", TSU_OPT_VALUE},
	};
	static const char *const whose[] = {"parent", "staff"};
	static const char *const yesno[] = {"yes", "no"};
	static const char ins_sql[] =
	    "INSERT INTO plan_concern(plan_id, whose, text, shared, raised_on)"
	    " VALUES (?, ?, ?, ?, ?)";
	const struct tsu_host *h = plan_host;
	char id[TSU_ID_LEN], *sum;
	struct tsu_args a;
	struct tsu_stmt *s;
	struct plan_doc d;
	int rc, shared;

	if (h->parse_options(ctx, argc, argv, opts, 3, &a) < 0)
		return -1;
	if (a.npos != 1)
		return h->error(ctx, _("usage: plan concern PLAN-ID --whose "
				     "parent|staff --text T [--shared yes|no]"));
	if (!a.value[0])
		return h->error(ctx, _("--whose is missing (parent or staff)"));
	if (plan_choice(ctx, "--whose", a.value[0], whose, 2) < 0 ||
	    plan_text_ok(ctx, "--text", a.value[1]) < 0)
		return -1;
	if (a.value[2] && plan_choice(ctx, "--shared", a.value[2], yesno, 2) < 0)
		return -1;
	/* A parent's own worry is shared by its nature. */
	shared = a.value[2] ? strcmp(a.value[2], "yes") == 0 : 1;
	if (plan_load_current(ctx, a.pos[0], &d) < 0)
		return -1;
	s = h->prepare(ctx, ins_sql);
	if (!s) {
		plan_doc_free(&d);
		return -1;
	}
	h->bind_int(s, 1, d.id);
	h->bind_text(s, 2, a.value[0]);
	h->bind_text(s, 3, a.value[1]);
	h->bind_int(s, 4, shared);
	h->bind_text(s, 5, h->today(ctx));
	rc = h->step(s);
	h->finalize(s);
	if (rc < 0) {
		plan_doc_free(&d);
		return -1;
	}
	snprintf(id, sizeof(id), "PC%lld", h->last_insert_id(ctx));
	sum = plan_printf(_("PL%lld: %s worry %s added%s"), d.id, a.value[0], id,
			  shared ? "" : " (not yet shared)");
	rc = plan_changed(ctx, d.id, d.family, "change", "concern", sum);
	free(sum);
	if (rc == 0)
		rc = plan_emit_added(ctx, id, d.id, d.family);
	plan_doc_free(&d);
	return rc;
}

/* plan item PLAN-ID --what T --who parent|staff|AGENCY [--by D] */
static int plan_item(struct tsu_ctx *ctx, int argc, char **argv)
{
	static const struct tsu_opt opts[] = {
	    {"--what", TSU_OPT_VALUE},
	    {"--who", TSU_OPT_VALUE},
	    {"--by", TSU_OPT_VALUE},
	};
	static const char ins_sql[] =
	    "INSERT INTO plan_item(plan_id, what, who, by_date)"
	    " VALUES (?, ?, ?, ?)";
	const struct tsu_host *h = plan_host;
	char id[TSU_ID_LEN], by[TSU_DATE_LEN], *sum;
	struct tsu_args a;
	struct tsu_stmt *s;
	struct plan_doc d;
	int rc;

	if (h->parse_options(ctx, argc, argv, opts, 3, &a) < 0)
		return -1;
	if (a.npos != 1)
		return h->error(ctx, _("usage: plan item PLAN-ID --what T --who "
				     "parent|staff|AGENCY [--by D]"));
	if (plan_text_ok(ctx, "--what", a.value[0]) < 0 ||
	    plan_text_ok(ctx, "--who", a.value[1]) < 0)
		return -1;
	if (strlen(a.value[1]) <= 7 && strcmp(a.value[1], "parent") != 0 &&
	    strcmp(a.value[1], "staff") != 0 &&
	    (plan_host->edit_distance(a.value[1], "parent") <= 2 ||
	     plan_host->edit_distance(a.value[1], "staff") <= 2))
		return h->error(ctx,
				_("--who: \"%s\" (did you mean %s? any other "
				"text names an agency)"),
				a.value[1],
				plan_host->edit_distance(a.value[1], "parent") <=
					plan_host->edit_distance(a.value[1], "staff")
				    ? "parent"
				    : "staff");
	if (plan_load_current(ctx, a.pos[0], &d) < 0)
		return -1;
	if (a.value[2] &&
	    plan_date_from(ctx, "--by", a.value[2], d.created_on, by) < 0) {
		plan_doc_free(&d);
		return -1;
	}
	s = h->prepare(ctx, ins_sql);
	if (!s) {
		plan_doc_free(&d);
		return -1;
	}
	h->bind_int(s, 1, d.id);
	h->bind_text(s, 2, a.value[0]);
	h->bind_text(s, 3, a.value[1]);
	if (a.value[2])
		h->bind_text(s, 4, by);
	else
		h->bind_null(s, 4);
	rc = h->step(s);
	h->finalize(s);
	if (rc < 0) {
		plan_doc_free(&d);
		return -1;
	}
	snprintf(id, sizeof(id), "PI%lld", h->last_insert_id(ctx));
	sum = plan_printf(_("PL%lld: item %s for %s added"), d.id, id, a.value[1]);
	rc = plan_changed(ctx, d.id, d.family, "change", "item", sum);
	free(sum);
	if (rc == 0)
		rc = plan_emit_added(ctx, id, d.id, d.family);
	plan_doc_free(&d);
	return rc;
}

/* plan share|resolve PC-ID, plan done PI-ID: mark a worry shared with
 * the parent or resolved, or an item done, on the current version. */
static int plan_mark(struct tsu_ctx *ctx, int argc, char **argv)
{
	static const char plan_of_concern[] =
	    "SELECT plan_id FROM plan_concern WHERE id = ?";
	static const char plan_of_item[] =
	    "SELECT plan_id FROM plan_item WHERE id = ?";
	static const char share_sql[] =
	    "UPDATE plan_concern SET shared = 1 WHERE id = ?";
	static const char resolve_sql[] =
	    "UPDATE plan_concern SET resolved_on = ? WHERE id = ?"
	    " AND resolved_on IS NULL";
	static const char done_sql[] =
	    "UPDATE plan_item SET done_on = ? WHERE id = ?"
	    " AND done_on IS NULL";
	const struct tsu_host *h = plan_host;
	const char *verb = argv[1], *prefix, *sql;
	char plan[TSU_ID_LEN], id[TSU_ID_LEN], *sum;
	struct tsu_stmt *s;
	struct plan_doc d;
	long long n, pn = 0;
	int rc, is_item = strcmp(verb, "done") == 0;

	prefix = is_item ? "PI" : "PC";
	if (argc != 3)
		return h->error(ctx, _("usage: plan %s %s-ID"), verb, prefix);
	if (plan_parse_typed(argv[2], prefix, &n) < 0)
		return h->error(ctx, _("\"%s\" is not the id of %s (like %s3)"),
				argv[2], is_item ? _("an item") : _("a worry"),
				prefix);
	s = h->prepare(ctx, is_item ? plan_of_item : plan_of_concern);
	if (!s)
		return -1;
	h->bind_int(s, 1, n);
	rc = h->step(s);
	if (rc == 1)
		pn = h->column_int(s, 0);
	h->finalize(s);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return h->error(ctx, _("no %s %s%lld"), is_item ? _("item") : _("worry"),
				prefix, n);
	snprintf(plan, sizeof(plan), "PL%lld", pn);
	if (plan_load_current(ctx, plan, &d) < 0)
		return -1;
	if (strcmp(verb, "share") == 0)
		sql = share_sql;
	else
		sql = is_item ? done_sql : resolve_sql;
	s = h->prepare(ctx, sql);
	if (!s) {
		plan_doc_free(&d);
		return -1;
	}
	if (sql == share_sql)
		h->bind_int(s, 1, n);
	else {
		h->bind_text(s, 1, h->today(ctx));
		h->bind_int(s, 2, n);
	}
	rc = h->step(s);
	h->finalize(s);
	if (rc < 0) {
		plan_doc_free(&d);
		return -1;
	}
	snprintf(id, sizeof(id), "%s%lld", prefix, n);
	sum = plan_printf("PL%lld: %s %s", d.id, id,
			  strcmp(verb, "share") == 0 ? _("shared with the parent")
			  : is_item		    ? _("done")
						    : _("resolved"));
	rc = plan_changed(ctx, d.id, d.family, "change", verb, sum);
	free(sum);
	if (rc == 0)
		rc = plan_emit_added(ctx, id, d.id, d.family);
	plan_doc_free(&d);
	return rc;
}

/* plan review PLAN-ID [--next-review D] [--note T] [--agreed]: a new
 * version carrying over the open worries and items. */
static int plan_review(struct tsu_ctx *ctx, int argc, char **argv)
{
	static const struct tsu_opt opts[] = {
	    {"--next-review", TSU_OPT_VALUE},
	    {"--note", TSU_OPT_VALUE},
	    {"--agreed", TSU_OPT_FLAG},
	};
	static const char ins_sql[] =
	    "INSERT INTO plan(series_id, version, previous_id, family_id,"
	    " kind, contact_staff, agreed_by_parent, next_review, review_note,"
	    " created_on, staff)"
	    " SELECT series_id, version + 1, id, family_id, kind,"
	    " contact_staff, ?, ?, ?, ?, ? FROM plan WHERE id = ?";
	static const char concern_sql[] =
	    "INSERT INTO plan_concern(plan_id, whose, text, shared, raised_on)"
	    " SELECT ?, whose, text, shared, raised_on FROM plan_concern"
	    " WHERE plan_id = ? AND resolved_on IS NULL ORDER BY id";
	static const char item_sql[] =
	    "INSERT INTO plan_item(plan_id, what, who, by_date)"
	    " SELECT ?, what, who, by_date FROM plan_item"
	    " WHERE plan_id = ? AND done_on IS NULL ORDER BY id";
	const struct tsu_host *h = plan_host;
	const char *today = h->today(ctx);
	char basis[PLAN_BASIS_LEN] = "agreed", label[PLAN_LABEL_LEN] = "";
	char next[TSU_DATE_LEN], *sum;
	struct tsu_args a;
	struct tsu_stmt *s;
	struct plan_doc d, nd;
	long long id;
	int rc, i;

	if (h->parse_options(ctx, argc, argv, opts, 3, &a) < 0)
		return -1;
	if (a.npos != 1)
		return h->error(ctx, _("usage: plan review PLAN-ID "
				     "[--next-review D] [--note T]"));
	if (a.value[1] && plan_text_ok(ctx, "--note", a.value[1]) < 0)
		return -1;
	if (plan_load_current(ctx, a.pos[0], &d) < 0)
		return -1;
	if (a.value[0]) {
		rc = plan_date_from(ctx, "--next-review", a.value[0],
				    d.created_on, next);
		if (rc == 0 && strcmp(next, today) < 0)
			rc = h->error(ctx,
				      _("--next-review: %s is before today (%s)"),
				      next, today);
	} else
		rc = plan_suggest_review(ctx, d.family, today, next, basis,
					 label);
	if (rc < 0) {
		plan_doc_free(&d);
		return -1;
	}
	s = h->prepare(ctx, ins_sql);
	if (!s) {
		plan_doc_free(&d);
		return -1;
	}
	h->bind_int(s, 1, a.value[2] ? 1 : d.agreed);
	h->bind_text(s, 2, next);
	if (a.value[1])
		h->bind_text(s, 3, a.value[1]);
	else
		h->bind_null(s, 3);
	h->bind_text(s, 4, today);
	h->bind_text(s, 5, h->staff(ctx));
	h->bind_int(s, 6, d.id);
	rc = h->step(s);
	h->finalize(s);
	if (rc < 0) {
		plan_doc_free(&d);
		return -1;
	}
	id = h->last_insert_id(ctx);
	for (i = 0; i < 2; i++) {
		s = h->prepare(ctx, i == 0 ? concern_sql : item_sql);
		if (!s) {
			plan_doc_free(&d);
			return -1;
		}
		h->bind_int(s, 1, id);
		h->bind_int(s, 2, d.id);
		rc = h->step(s);
		h->finalize(s);
		if (rc < 0) {
			plan_doc_free(&d);
			return -1;
		}
	}
	sum = plan_printf(_("PL%lld reviewed: version %d is PL%lld (next "
			  "review %s)%s%s"),
			  d.id, d.version + 1, id, next,
			  a.value[1] ? ": " : "", a.value[1] ? a.value[1] : "");
	rc = plan_changed(ctx, id, d.family, "create", "review", sum);
	free(sum);
	plan_doc_free(&d);
	if (rc < 0)
		return -1;
	if (!a.value[0])
		h->info(ctx, _("next review suggested: %s (%s)"),
			h->date_text(ctx, next), label);
	if (plan_doc_load(ctx, id, &nd) <= 0)
		return h->error(ctx, _("PL%lld cannot be read back"), id);
	rc = plan_emit(ctx, &nd, basis);
	plan_doc_free(&nd);
	return rc;
}

/* Find the current plan of FAMILY: the open one, else the latest.
 * 1 with *ID, 0 none, -1 error. */
static int plan_of_family(struct tsu_ctx *ctx, const char *family,
			  long long *id)
{
	static const char sql[] =
	    "SELECT p.id FROM plan p WHERE p.family_id = ?"
	    " AND NOT EXISTS (SELECT 1 FROM plan n WHERE n.previous_id = p.id)"
	    " ORDER BY p.status = 'open' DESC, p.id DESC LIMIT 1";
	struct tsu_stmt *s = plan_host->prepare(ctx, sql);
	int rc;

	if (!s)
		return -1;
	plan_host->bind_int(s, 1, plan_family_num(family));
	rc = plan_host->step(s);
	if (rc == 1)
		*id = plan_host->column_int(s, 0);
	plan_host->finalize(s);
	return rc;
}

/* Load the plan ID names: a plan id, or a family's or member's id for its
 * current plan.  0 or -1. */
int plan_load_any(struct tsu_ctx *ctx, const char *text, struct plan_doc *d)
{
	char family[TSU_ID_LEN], buf[TSU_ID_LEN];
	long long id = 0;
	int rc;

	if (text && (text[0] == 'P' || text[0] == 'p') &&
	    (text[1] == 'L' || text[1] == 'l'))
		return plan_load_id(ctx, text, d);
	if (plan_host->resolve(ctx, text, "family", family) < 0)
		return -1;
	rc = plan_of_family(ctx, family, &id);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return plan_host->error(ctx,
					_("%s has no plan yet (make one with "
					"`plan new %s`)"),
					family, family);
	snprintf(buf, sizeof(buf), "PL%lld", id);
	return plan_load_id(ctx, buf, d);
}

/* plan show ID */
static int plan_show(struct tsu_ctx *ctx, int argc, char **argv)
{
	struct plan_doc d;
	int rc;

	if (argc != 3)
		return plan_host->error(ctx, _("usage: plan show ID (a plan id "
					     "like PL3, or a family's or "
					     "member's id)"));
	if (plan_load_any(ctx, argv[2], &d) < 0)
		return -1;
	rc = plan_audit_read(ctx, &d);
	if (rc == 0)
		rc = plan_emit(ctx, &d, NULL);
	plan_doc_free(&d);
	return rc;
}

/* The escalation hint for plan ID among HINTS, or NULL. */
static const char *plan_hint_for(const struct plan_hint *hints, int n,
				 const char *id)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(hints[i].plan, id) == 0)
			return hints[i].text;
	return NULL;
}

/* plan list [--due] [--all] */
static int plan_list(struct tsu_ctx *ctx, int argc, char **argv)
{
	static const struct tsu_opt opts[] = {
	    {"--due", TSU_OPT_FLAG},
	    {"--all", TSU_OPT_FLAG},
	};
	static const char sql[] =
	    "SELECT p.id, p.family_id, p.kind, p.version, p.status,"
	    " p.contact_staff, p.next_review, p.created_on,"
	    " (SELECT n.id FROM plan n WHERE n.previous_id = p.id),"
	    " (SELECT count(*) FROM plan_concern c WHERE c.plan_id = p.id"
	    "   AND c.resolved_on IS NULL),"
	    " (SELECT count(*) FROM plan_item i WHERE i.plan_id = p.id"
	    "   AND i.done_on IS NULL)"
	    " FROM plan p ORDER BY p.next_review IS NULL, p.next_review, p.id";
	static const char *const keys[] = {
	    "id",	 "family_id",  "kind",	       "version",
	    "status",	 "current",    "contact_staff", "next_review",
	    "created_on", "open_concerns", "open_items", "note"};
	static const char *const headings[] = {
	    N_("Id"),   N_("Family"), N_("Kind"),	 N_("Version"), N_("Status"),   N_("Current"),
	    N_("Staff"), N_("Next review"), N_("Made"), N_("Worries"), N_("Items"), N_("Note")};
	const struct tsu_host *h = plan_host;
	const char *today = h->today(ctx);
	struct plan_hint *hints = NULL;
	struct tsu_table *t;
	struct tsu_stmt *s;
	char until[TSU_DATE_LEN], id[TSU_ID_LEN], fam[TSU_ID_LEN];
	int rc, nh = 0;

	struct tsu_args a;
	const char *v;

	if (h->parse_options(ctx, argc - 1, argv + 1, opts, 2, &a) < 0)
		return -1;
	if (a.npos != 0)
		return h->error(ctx,
				_("usage: plan list [--due] [--all] (\"%s\" is "
				"not an option)"),
				a.pos[0]);
	v = h->config_get(ctx, "due-window-days");
	h->date_add(today, v ? atol(v) : 30, until);
	nh = plan_escalations(ctx, today, &hints);
	if (nh < 0)
		return -1;
	t = h->table_new(12, keys, headings);
	if (!t) {
		plan_hints_free(hints, nh);
		return h->error(ctx, _("out of memory"));
	}
	s = h->prepare(ctx, sql);
	if (!s) {
		plan_hints_free(hints, nh);
		return -1;
	}
	while ((rc = h->step(s)) == 1) {
		int current = h->column_int(s, 8) == 0;
		int open = strcmp(h->column_text(s, 4), "open") == 0;
		const char *next = h->column_text(s, 6), *hint;

		snprintf(id, sizeof(id), "PL%lld", h->column_int(s, 0));
		hint = current && open ? plan_hint_for(hints, nh, id) : NULL;
		if (!a.value[1] && !current)
			continue;
		if (a.value[0] &&
		    !(current && open &&
		      ((next && strcmp(next, until) <= 0) || hint)))
			continue;
		snprintf(fam, sizeof(fam), "F%lld", h->column_int(s, 1));
		h->table_row(t);
		h->table_text(t, id);
		h->table_text(t, fam);
		h->table_text(t, h->column_text(s, 2));
		h->table_int(t, h->column_int(s, 3));
		h->table_text(t, h->column_text(s, 4));
		h->table_bool(t, current);
		h->table_text(t, h->column_text(s, 5));
		h->table_date(ctx, t, next);
		h->table_date(ctx, t, h->column_text(s, 7));
		h->table_int(t, h->column_int(s, 9));
		h->table_int(t, h->column_int(s, 10));
		h->table_text(t, hint);
	}
	h->finalize(s);
	plan_hints_free(hints, nh);
	if (rc < 0)
		return -1;
	return h->table_emit(ctx, t);
}

/* plan close PLAN-ID --reason T */
static int plan_close(struct tsu_ctx *ctx, int argc, char **argv)
{
	static const struct tsu_opt opts[] = {{"--reason", TSU_OPT_VALUE}};
	static const char sql[] =
	    "UPDATE plan SET status = 'closed', closed_on = ?,"
	    " close_reason = ? WHERE id = ?";
	const struct tsu_host *h = plan_host;
	struct tsu_args a;
	struct tsu_stmt *s;
	struct plan_doc d;
	char *sum;
	int rc;

	if (h->parse_options(ctx, argc, argv, opts, 1, &a) < 0)
		return -1;
	if (a.npos != 1)
		return h->error(ctx, _("usage: plan close PLAN-ID --reason T"));
	if (plan_text_ok(ctx, "--reason", a.value[0]) < 0)
		return -1;
	if (plan_load_current(ctx, a.pos[0], &d) < 0)
		return -1;
	s = h->prepare(ctx, sql);
	if (!s) {
		plan_doc_free(&d);
		return -1;
	}
	h->bind_text(s, 1, h->today(ctx));
	h->bind_text(s, 2, a.value[0]);
	h->bind_int(s, 3, d.id);
	rc = h->step(s);
	h->finalize(s);
	if (rc < 0) {
		plan_doc_free(&d);
		return -1;
	}
	sum = plan_printf(_("PL%lld closed: %s"), d.id, a.value[0]);
	rc = plan_changed(ctx, d.id, d.family, "change", "close", sum);
	free(sum);
	if (rc == 0) {
		struct plan_doc nd;
		long long id = d.id;

		if (plan_doc_load(ctx, id, &nd) <= 0)
			rc = h->error(ctx, _("PL%lld cannot be read back"), id);
		else {
			rc = plan_emit(ctx, &nd, NULL);
			plan_doc_free(&nd);
		}
	}
	plan_doc_free(&d);
	return rc;
}

/* plan print PLAN-ID -o FILE.pdf */
static int plan_print(struct tsu_ctx *ctx, int argc, char **argv)
{
	static const struct tsu_opt opts[] = {{"--output", TSU_OPT_VALUE}};
	static const char *const keys[] = {N_("id"), N_("file"), N_("pages")};
	const struct tsu_host *h = plan_host;
	const char *file, *center, *phone;
	struct tsu_args a;
	struct tsu_table *t;
	struct plan_doc d;
	char *msg = NULL, detail[64 + 4096];
	int pages;

	char *words[16], *o = NULL;
	int i, n = 0;

	/* -o FILE is the short form of --output FILE (the host's option
	 * parser knows only long options). */
	for (i = 0; i < argc && n < 16; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc && !o)
			o = argv[++i];
		else
			words[n++] = argv[i];
	}
	if (i < argc)
		return h->error(ctx, _("usage: plan print PLAN-ID -o FILE.pdf"));
	if (h->parse_options(ctx, n, words, opts, 1, &a) < 0)
		return -1;
	file = o ? o : a.value[0];
	if (a.npos != 1 || !file)
		return h->error(ctx, _("usage: plan print PLAN-ID -o FILE.pdf"));
	if (!*file)
		return h->error(ctx, _("-o: the file name is empty"));
	if (plan_load_any(ctx, a.pos[0], &d) < 0)
		return -1;
	snprintf(detail, sizeof(detail), "plan PL%lld printed to %.4000s",
		 d.id, file);
	if (h->audit(ctx, "export", d.family, detail) < 0) {
		plan_doc_free(&d);
		return -1;
	}
	center = h->config_get(ctx, "center-name");
	phone = h->config_get(ctx, "center-phone");
	pages = plan_pdf_print(ctx, &d, center ? center : "",
			       phone ? phone : "",
			       file, &msg);
	if (pages < 0) {
		h->error(ctx, "%s", msg ? msg : _("cannot write the PDF"));
		free(msg);
		plan_doc_free(&d);
		return -1;
	}
	t = h->table_new(3, keys, NULL);
	if (!t) {
		plan_doc_free(&d);
		return h->error(ctx, _("out of memory"));
	}
	h->table_row(t);
	snprintf(detail, sizeof(detail), "PL%lld", d.id);
	h->table_text(t, detail);
	h->table_text(t, file);
	h->table_int(t, pages);
	plan_doc_free(&d);
	return h->table_emit_record(ctx, t);
}

/* plan SUB-COMMAND ...: dispatch, checking the permission each needs. */
static int plan_command(struct tsu_ctx *ctx, int argc, char **argv, void *data)
{
	static const char *const subs[] = {
	    "new",  "concern", "item",	"review", "share", "resolve",
	    "done", "close",   "show",	"list",	  "print",
	};
	const struct tsu_host *h = plan_host;
	const char *sub = argc > 1 ? argv[1] : NULL;
	int i, best = -1, bestd = 99, reads;

	(void)data;
	if (!sub)
		return h->error(ctx, _("a sub-command is missing: new, concern, "
				     "item, review, share, resolve, done, "
				     "close, show, list or print (see `help "
				     "plan`)"));
	for (i = 0; i < 11; i++) {
		int dist = plan_host->edit_distance(sub, subs[i]);

		if (dist < bestd)
			bestd = dist, best = i;
	}
	if (bestd != 0) {
		if (bestd <= 3)
			return h->error(ctx,
					_("unknown sub-command \"%s\" (did you "
					"mean plan %s?)"),
					sub, subs[best]);
		return h->error(ctx, _("unknown sub-command \"%s\" (see `help "
				     "plan`)"),
				sub);
	}
	reads = strcmp(sub, "show") == 0 || strcmp(sub, "list") == 0;
	if (strcmp(sub, "print") == 0 && !h->allowed(ctx, TSU_PERM_EXPORT))
		return h->error(ctx, _("%s may not print plans (needs the export "
				     "permission)"),
				h->staff(ctx));
	if (!reads && strcmp(sub, "print") != 0 &&
	    !h->allowed(ctx, TSU_PERM_CASEWORK))
		return h->error(ctx,
				_("%s may not change plans (plan %s needs the "
				"casework permission: nurse or admin)"),
				h->staff(ctx), sub);
	if (strcmp(sub, "new") == 0)
		return plan_new(ctx, argc - 1, argv + 1);
	if (strcmp(sub, "concern") == 0)
		return plan_concern(ctx, argc - 1, argv + 1);
	if (strcmp(sub, "item") == 0)
		return plan_item(ctx, argc - 1, argv + 1);
	if (strcmp(sub, "review") == 0)
		return plan_review(ctx, argc - 1, argv + 1);
	if (strcmp(sub, "close") == 0)
		return plan_close(ctx, argc - 1, argv + 1);
	if (strcmp(sub, "show") == 0)
		return plan_show(ctx, argc, argv);
	if (strcmp(sub, "list") == 0)
		return plan_list(ctx, argc, argv);
	if (strcmp(sub, "print") == 0)
		return plan_print(ctx, argc - 1, argv + 1);
	return plan_mark(ctx, argc, argv);
}

int plan_run(struct tsu_ctx *ctx, int argc, char **argv,
	     char made[TSU_ID_LEN])
{
	int rc;

	plan_made[0] = '\0';
	rc = plan_command(ctx, argc, argv, NULL);
	snprintf(made, TSU_ID_LEN, "%s", rc < 0 ? "" : plan_made);
	return rc;
}

/* ---- the due list ---- */

/* The due provider: each current open plan whose review date comes by
 * UNTIL, and each plan the escalation rule points at (due today). */
static int plan_due(struct tsu_ctx *ctx, const char *until,
		    int (*emit)(struct tsu_ctx *ctx,
				const struct tsu_due_item *item),
		    void *data)
{
	static const char sql[] =
	    "SELECT p.id, p.family_id, p.next_review, p.contact_staff,"
	    " p.kind FROM plan p WHERE p.status = 'open'"
	    " AND NOT EXISTS (SELECT 1 FROM plan n WHERE n.previous_id = p.id)"
	    " ORDER BY p.id";
	const struct tsu_host *h = plan_host;
	const char *today = h->today(ctx);
	struct plan_hint *hints = NULL;
	struct tsu_stmt *s;
	int rc = 0, nh;

	(void)data;
	nh = plan_escalations(ctx, today, &hints);
	if (nh < 0)
		return -1;
	s = h->prepare(ctx, sql);
	if (!s) {
		plan_hints_free(hints, nh);
		return -1;
	}
	while (rc == 0 && h->step(s) == 1) {
		char id[TSU_ID_LEN], fam[TSU_ID_LEN], label[128], hlabel[160];
		const char *next = h->column_text(s, 2), *hint;
		struct tsu_due_item item = {0};

		snprintf(id, sizeof(id), "PL%lld", h->column_int(s, 0));
		snprintf(fam, sizeof(fam), "F%lld", h->column_int(s, 1));
		hint = plan_hint_for(hints, nh, id);
		item.subject = fam;
		item.staff = h->column_text(s, 3);
		item.kind = "plan-review";
		if (next && strcmp(next, until) <= 0) {
			snprintf(label, sizeof(label), "%sの見直し (%s)",
				 strcmp(h->column_text(s, 4), "self") == 0
				     ? "セルフプラン"
				     : "支援プラン",
				 id);
			item.milestone = "plan-review";
			item.label = label;
			item.due_on = next;
			item.note = hint;
			rc = emit(ctx, &item);
		}
		if (rc == 0 && hint) {
			snprintf(hlabel, sizeof(hlabel),
				 "要対協での検討を考える (%s)", id);
			item.milestone = "plan-escalation";
			item.label = hlabel;
			item.due_on = today;
			item.note = hint;
			rc = emit(ctx, &item);
		}
	}
	h->finalize(s);
	plan_hints_free(hints, nh);
	return rc;
}

/* ---- registration ---- */

static const char plan_summary[] =
    N_("support plans and self-plans: worries, what will be done, reviews");

static const char plan_help[] =
    N_("A support plan (支援プラン) is made together with the parent in a short\n"
    "talk: it records \"your worries\" (あなたの心配) and \"my worries as "
    "your\n"
    "supporter\" (わたしの心配), what will be done, by whom and by when, the\n"
    "contact person with a phone number, and when the plan is looked at\n"
    "again.  It shows the attitude of support; a detailed assessment is not\n"
    "needed to make one.  A parent may write a self-plan (セルフプラン) with\n"
    "the center watching over.\n"
    "\n"
    "Plans are reviewed, as a rule at the pregnancy notification, before\n"
    "the birth, after it, and then at the interval agreed at each contact.\n"
    "A review makes a new version and keeps the old one: history is never\n"
    "overwritten.  Each version has its own id (PL3); each worry (PC5) and\n"
    "each item (PI7) too.  Open worries and items not yet done are carried\n"
    "over into the new version.\n"
    "\n"
    "Its commands:\n"
    "  plan new FAMILY-ID [--self] [--next-review D] [--contact STAFF]\n"
    "           [--agreed]\n"
    "  plan concern PLAN-ID --whose parent|staff --text T [--shared yes|no]\n"
    "  plan item PLAN-ID --what T --who parent|staff|AGENCY [--by D]\n"
    "  plan share PC-ID      a staff worry is now shared with the parent\n"
    "  plan resolve PC-ID    a worry is resolved\n"
    "  plan done PI-ID       an item is done\n"
    "  plan review PLAN-ID [--next-review D] [--note T] [--agreed]\n"
    "      a new version; prints it with its new id.\n"
    "  plan show ID          a plan id, or a family's or member's id\n"
    "  plan list [--due] [--all]\n"
    "      current versions, or every version with --all; --due keeps the\n"
    "      plans to review soon and those the escalation rule points at.\n"
    "  plan close PLAN-ID --reason T\n"
    "  plan print PLAN-ID -o FILE.pdf\n"
    "      the printable plan (A4, Japanese): one copy for the parent and\n"
    "      one for the center.\n"
    "\n"
    "Without --next-review, the next review is suggested from the family's\n"
    "stage: a month before the due date, two weeks after it, at four\n"
    "months of the baby's age, else three months on.  The contact person\n"
    "is the family's contact staff unless --contact names another.\n"
    "\n"
    "A plan whose review date has come appears in `due` (kind plan-review).\n"
    "When a staff worry stays unshared with the parent too long, or items on\n"
    "the parent's side run overdue repeatedly, `due` and `plan list` say so\n"
    "and suggest considering the 要対協; the rule is the Scheme procedure\n"
    "plan-escalations in plan-rules.scm (see `help referral`).  Each change\n"
    "is an event on the family's timeline and runs plan-hook.\n"
    "\n"
    "Example:\n"
    "  plan new P1 --next-review 2026-06-01\n"
    "  plan concern PL1 --whose parent --text \"夜に眠れない\"\n"
    "  plan item PL1 --what \"産後ケアを申し込む\" --who parent --by "
    "2026-05-15\n"
    "  plan review PL1 --note \"眠れるようになった\"\n"
    "\n"
    "Needs the casework permission (nurse, admin) to change plans, export\n"
    "to print them; viewing needs read.\n"
    "\n"
    "See also: show, due, refer, contact");

static const struct tsu_command_spec plan_spec = {
    .name = "plan",
    .topic = "plan",
    .summary = plan_summary,
    .usage = N_("plan new FAMILY-ID [--self] [--next-review D] [--contact STAFF]\n"
	     "plan concern PLAN-ID --whose parent|staff --text T "
	     "[--shared yes|no]\n"
	     "plan item PLAN-ID --what T --who parent|staff|AGENCY [--by D]\n"
	     "plan share|resolve PC-ID, plan done PI-ID\n"
	     "plan review PLAN-ID [--next-review D] [--note T]\n"
	     "plan show ID\n"
	     "plan list [--due] [--all]\n"
	     "plan close PLAN-ID --reason T\n"
	     "plan print PLAN-ID -o FILE.pdf"),
    .help = plan_help,
    .words = "new concern item review share resolve done show list close "
	     "print --self --next-review= --contact= --agreed "
	     "--whose=parent|staff --text= --shared=yes|no --what= "
	     "--who=parent|staff --by= --note= --due --all --reason= "
	     "-o=",
    .perm = TSU_PERM_READ,
    .flags = 0,
    .fn = plan_command,
};

/* Tab after due --kind: the kind of this plugin's entries. */
static int plan_due_kind(struct tsu_ctx *ctx, const char *prefix,
			 void (*add)(struct tsu_ctx *ctx, const char *word),
			 void *data)
{
	(void)data;
	if (strncmp("plan-review", prefix, strlen(prefix)) == 0)
		add(ctx, "plan-review");
	return 0;
}

/* Register the tables, the command, the due provider and the Scheme
 * procedures.  Returns 0, or -1 with *ERRMSG. */
static int plan_init(const struct tsu_host *host, struct tsu_plugin *self,
		     char **errmsg)
{
	plan_host = host;
	if (host->register_schema(self, plan_schema,
				  (int)(sizeof(plan_schema) /
					sizeof(plan_schema[0]))) < 0) {
		*errmsg = strdup(_("cannot create the plan tables"));
		return -1;
	}
	if (host->register_command(self, &plan_spec, NULL, NULL) < 0) {
		*errmsg = strdup(_("the command \"plan\" is already taken"));
		return -1;
	}
	if (host->register_due(self, "plan-review", plan_due, NULL, NULL) < 0 ||
	    host->register_completer(self, "due", "--kind", plan_due_kind, NULL,
				     NULL) < 0) {
		*errmsg = strdup(_("cannot register the plan-review due list"));
		return -1;
	}
	if (!TSU_HOST_HAS(host, register_scheme_text) ||
	    plan_scheme_register(self) < 0) {
		*errmsg = strdup(_("cannot register the plan procedures"));
		return -1;
	}
	return 0;
}

static void plan_shutdown(struct tsu_plugin *self)
{
	(void)self;
	plan_host = NULL;
}

static const struct tsu_plugin_info plan_info = {
    .abi_major = TSU_PLUGIN_ABI_MAJOR,
    .abi_minor = TSU_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(struct tsu_plugin_info),
    .name = "plan",
    .version = "0.2.0",
    .description = "support plans and self-plans with reviewed versions",
    .init = plan_init,
    .shutdown = plan_shutdown,
};

TSU_PLUGIN_DEFINE(plan_info)
