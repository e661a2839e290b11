/* milestone.c - the due-list provider for milestones defined in Scheme
 * (define-milestone in core/tsunagu.scm).  The basis dates come from the
 * core's tables: open pregnancies, children (members with role "child")
 * and families, active ones only.  A milestone is done when an event of
 * kind "contact" or "form" whose sub-kind is one of its #:done-by names
 * is on the subject or its family, dated on or after the basis date (for
 * a pregnancy, on or after the notification) and on or after the basis
 * date plus #:done-from days, or when #:done-when says so. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "command.h"
#include "date.h"
#include "due.h"
#include "form.h"
#include "i18n.h"
#include "milestone.h"
#include "output.h"
#include "scm.h"
#include "store.h"

/* Rows: the subject's number, basis date, contact staff, family number,
 * the date from which events count (a pregnancy's notification, a
 * child's birth) and the subject's family and given names (NULL for a
 * family: due looks its name up); only open pregnancies and active people
 * and families, basis dates on or before ?1 (the window's end less the
 * milestone's days).  Numbers rather than ids: SQL makes strings slowly. */
#define PREGNANCY_SQL(basis)                                                   \
	"SELECT p.mother_id, " basis ", f.contact_staff, p.family_id,"         \
	" p.notified_on, m.family_name, m.given_name"                          \
	" FROM pregnancy p JOIN person m ON m.id=p.mother_id"                  \
	" LEFT JOIN family f ON f.id=p.family_id"                              \
	" WHERE p.outcome IS NULL AND m.status='active'"                       \
	" AND coalesce(f.status,'active')='active' AND " basis "<=?1"          \
	" ORDER BY p.id"
/* CROSS JOIN keeps the children (index member_child) as the outer loop:
 * ordered by person, the planner would rather read every person. */
#define CHILD_SQL                                                              \
	"SELECT p.id, p.birth_date, f.contact_staff, f.id, p.birth_date,"      \
	" p.family_name, p.given_name"                                         \
	" FROM member mb CROSS JOIN person p ON p.id=mb.person_id"             \
	" CROSS JOIN family f ON f.id=mb.family_id"                            \
	" WHERE mb.role='child' AND p.status='active' AND f.status='active'"   \
	" AND p.birth_date<=?1 ORDER BY p.id"
#define FAMILY_SQL                                                             \
	"SELECT f.id, substr(f.created_at,1,10), f.contact_staff, f.id,"       \
	" substr(f.created_at,1,10), NULL, NULL"                               \
	" FROM family f WHERE f.status='active'"                               \
	" AND substr(f.created_at,1,10)<=?1 ORDER BY f.id"

/* The events that can mark a milestone done: subject and date of those
 * of kind "contact" or "form" with a sub-kind of the JSON array ?1 (from
 * the index event_subkind alone). */
static const char done_sql[] =
    "SELECT subject, date FROM event"
    " WHERE kind IN ('contact','form')"
    " AND subkind IN (SELECT value FROM json_each(?1))";

/* The statement of each basis a milestone may count from (#:for and
 * #:from of define-milestone), and the letter of its subjects' ids. */
static const struct basis {
	const char *of, *from, *sql;
	char letter;
} bases[] = {
    {"pregnancy", "notified_on", PREGNANCY_SQL("p.notified_on"), 'P'},
    {"pregnancy", "due_date", PREGNANCY_SQL("p.due_date"), 'P'},
    {"child", "birth_date", CHILD_SQL, 'P'},
    {"family", "created_on", FAMILY_SQL, 'F'},
};

/* The latest date of the done-by events on each subject, from done_sql:
 * a row is done when that date, on its subject or its family, is on or
 * after the date from which events count.  Open addressing. */
struct done_slot {
	size_t hash;
	char *subject, *last;
};
struct done_set {
	struct done_slot *slots;
	size_t cap, n; /* cap a power of two (or 0), n < cap / 2 */
};

/* More days than the calendar (years 1 to 9999) holds. */
#define MILESTONE_DAYS_MAX 4000000L

/* One milestone, as %milestones gives it, and while due reads its
 * basis: whether the window can hold any (wanted) and its done set.
 * DONE_BY and DONE_WHEN stay reachable through the list %milestones
 * returned, which milestone_due holds on its stack while they are used:
 * a struct milestone may live in malloc'd memory. */
struct milestone {
	char *name, *label, *of, *from;
	long days;
	long done_from; /* #:done-from: events count from basis + this */
	SCM done_by, done_when;
	int wanted;
	struct done_set done;
};

/* M's basis, or NULL if it has none. */
static const struct basis *basis_of(const struct milestone *m)
{
	size_t i;

	for (i = 0; i < sizeof(bases) / sizeof(*bases); i++)
		if (strcmp(bases[i].of, m->of) == 0 &&
		    strcmp(bases[i].from, m->from) == 0)
			return &bases[i];
	return NULL;
}

/* The id "P12" of the number in column COL of ST with LETTER, in BUF;
 * NULL when the column is.  By hand: snprintf would take a fifth of a
 * long list's time. */
static const char *column_id(sqlite3_stmt *st, int col, char letter,
			     char buf[24])
{
	long long n;
	char digits[20];
	int k = 0, i = 0;

	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return NULL;
	n = sqlite3_column_int64(st, col);
	if (n < 0) {
		snprintf(buf, 24, "%c%lld", letter, n);
		return buf;
	}
	do
		digits[k++] = (char)('0' + n % 10);
	while ((n /= 10) > 0);
	buf[i++] = letter;
	while (k > 0)
		buf[i++] = digits[--k];
	buf[i] = '\0';
	return buf;
}

/* The display name "FAMILY GIVEN" in BUF of SIZE bytes, blanks trimmed
 * at both ends as SQL's trim() would (either part may be NULL); NULL when
 * both are NULL (a family) or it does not fit: due then looks it up. */
static const char *person_name(const char *family, const char *given,
			       char *buf, size_t size)
{
	size_t f = family ? strlen(family) : 0, g = given ? strlen(given) : 0;
	size_t start = 0, end;

	if ((!family && !given) || f + 1 + g >= size)
		return NULL;
	memcpy(buf, family ? family : "", f);
	buf[f] = ' ';
	memcpy(buf + f + 1, given ? given : "", g);
	end = f + 1 + g;
	while (start < end && buf[start] == ' ')
		start++;
	while (end > start && buf[end - 1] == ' ')
		end--;
	buf[end] = '\0';
	return buf + start;
}

/* M's #:done-by names as a JSON array, malloc'd; NULL if memory ran
 * out. */
static char *done_by_json(const struct milestone *m)
{
	char *json = NULL;
	size_t size;
	FILE *f = open_memstream(&json, &size);
	SCM d;

	if (!f)
		return NULL;
	fputc('[', f);
	for (d = m->done_by; scm_is_pair(d); d = scm_cdr(d)) {
		char *kind = tsuscm_to_utf8(scm_car(d));

		if (d != m->done_by)
			fputc(',', f);
		tsu_json_string(f, kind);
		free(kind);
	}
	fputc(']', f);
	if (fclose(f) != 0) {
		free(json);
		return NULL;
	}
	return json;
}

/* FNV-1a, its bits mixed down: the table takes the low ones. */
static size_t done_hash(const char *s)
{
	uint64_t h = 14695981039346656037u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	h ^= h >> 32;
	h *= 0xbf58476d1ce4e5b9u;
	return (size_t)(h ^ (h >> 29));
}

/* SUBJECT's slot in D (cap > 0): its own, or the empty one it would
 * take. */
static struct done_slot *done_slot(const struct done_set *d,
				   const char *subject, size_t hash)
{
	size_t i = hash & (d->cap - 1);

	while (d->slots[i].subject &&
	       (d->slots[i].hash != hash ||
		strcmp(d->slots[i].subject, subject) != 0))
		i = (i + 1) & (d->cap - 1);
	return &d->slots[i];
}

static void done_add(struct done_set *d, const char *subject, const char *date)
{
	struct done_slot *s;
	size_t hash;

	if ((d->n + 1) * 2 > d->cap) {
		struct done_set bigger = {NULL, d->cap ? d->cap * 2 : 64, d->n};
		size_t i;

		bigger.slots = tsu_alloc(bigger.cap * sizeof(*bigger.slots));
		for (i = 0; i < d->cap; i++)
			if (d->slots[i].subject)
				*done_slot(&bigger, d->slots[i].subject,
					   d->slots[i].hash) = d->slots[i];
		free(d->slots);
		*d = bigger;
	}
	hash = done_hash(subject);
	s = done_slot(d, subject, hash);
	if (!s->subject) {
		s->hash = hash;
		s->subject = tsu_strdup(subject);
		s->last = tsu_strdup(date);
		d->n++;
	} else if (strcmp(date, s->last) > 0) {
		free(s->last);
		s->last = tsu_strdup(date);
	}
}

/* 1 when a done-by event on SUBJECT (NULL: none), whose done_hash() is
 * HASH, is dated on or after FROM, else 0. */
static int done_since(const struct done_set *d, const char *subject,
		      size_t hash, const char *from)
{
	const struct done_slot *s;

	if (!subject || d->n == 0)
		return 0;
	s = done_slot(d, subject, hash);
	return s->subject && strcmp(s->last, from) >= 0;
}

static void done_free(struct done_set *d)
{
	size_t i;

	for (i = 0; i < d->cap; i++) {
		free(d->slots[i].subject);
		free(d->slots[i].last);
	}
	free(d->slots);
}

/* Fill D with the events of M's #:done-by names.  Returns 0 or -1 (on
 * CTX). */
static int done_load(struct tsu_ctx *ctx, const struct milestone *m,
		     struct done_set *d)
{
	char *json = done_by_json(m), *msg = NULL;
	sqlite3_stmt *st;
	int rc;

	if (!json)
		return ctx_error(ctx, _("out of memory"));
	st = store_cached(done_sql, &msg);
	if (!st) {
		free(json);
		ctx_error(ctx, "%s", msg);
		free(msg);
		return -1;
	}
	sqlite3_bind_text(st, 1, json, -1, free);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *subject = (const char *)sqlite3_column_text(st, 0);
		const char *date = (const char *)sqlite3_column_text(st, 1);

		if (subject && date)
			done_add(d, subject, date);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ctx_error(ctx, "%s", sqlite3_errmsg(store_db()));
	return 0;
}

/* 1 when M's #:done-when says SUBJECT is done (events counting from
 * FROM), 0 if not or there is none, -1 on error (reported). */
static int milestone_done_when(struct tsu_ctx *ctx, const struct milestone *m,
			       const char *subject, const char *from)
{
	SCM r;
	char *err = NULL;

	if (!scm_is_true(m->done_when))
		return 0;
	if (tsuscm_safe_apply(
		m->done_when,
		scm_list_2(tsuscm_from_utf8(subject), tsuscm_from_utf8(from)),
		&r, &err) < 0) {
		ctx_error(ctx, _("milestone %s: #:done-when: %s"), m->name,
			  err);
		free(err);
		return -1;
	}
	return scm_is_true(r);
}

/* The latest basis date whose due date can fall on or before UNTIL, in
 * LATEST.  Returns 1, or 0 when no basis date can. */
static int latest_basis(const struct milestone *m, const char *until,
			char latest[TSU_DATE_LEN])
{
	/* (the bound keeps -days defined; the calendar is shorter) */
	if (m->days > -MILESTONE_DAYS_MAX && m->days < MILESTONE_DAYS_MAX &&
	    tsu_date_add(until, -m->days, latest) == 0)
		return 1;
	/* Out of the calendar: every date, or none. */
	snprintf(latest, TSU_DATE_LEN, "9999-12-31");
	return m->days < 0;
}

/* Emit the entries due on or before UNTIL of the N milestones MS, all
 * counting from BASIS, from one pass over its rows: for each milestone,
 * the rows in its window that neither a #:done-by event nor #:done-when
 * closes. */
static int basis_collect(struct tsu_ctx *ctx, const struct basis *basis,
			 struct milestone *ms, int n, const char *until,
			 due_sink sink)
{
	char latest[TSU_DATE_LEN] = "", *note = NULL;
	size_t from_len = 0;
	sqlite3_stmt *st = NULL;
	long until_days;
	int i, rc = SQLITE_DONE, result = 0, wanted = 0;

	if (tsu_date_to_days(until, &until_days) < 0)
		return ctx_error(ctx, _("\"%s\" is not a date (YYYY-MM-DD)"),
				 until);

	for (i = 0; i < n; i++) {
		char l[TSU_DATE_LEN];

		ms[i].wanted = latest_basis(&ms[i], until, l);
		if (!ms[i].wanted)
			continue;
		wanted++;
		if (strcmp(l, latest) > 0)
			memcpy(latest, l, sizeof(latest));
		if (done_load(ctx, &ms[i], &ms[i].done) < 0)
			return -1;
	}
	if (!wanted)
		return 0;
	/* Not a cached statement: #:done-when may run `due` meanwhile. */
	if (sqlite3_prepare_v2(store_db(), basis->sql, -1, &st, NULL) !=
	    SQLITE_OK)
		return ctx_error(ctx, "%s", sqlite3_errmsg(store_db()));
	sqlite3_bind_text(st, 1, latest, -1, SQLITE_STATIC);
	from_len = strlen(basis->from);
	note = tsu_alloc(from_len + TSU_DATE_LEN + 1);
	while (result == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		char subject_id[24], family_id[24], name_buf[512];
		const char *subject =
		    column_id(st, 0, basis->letter, subject_id);
		const char *from = (const char *)sqlite3_column_text(st, 1);
		const char *staff = (const char *)sqlite3_column_text(st, 2);
		const char *family = column_id(st, 3, 'F', family_id);
		const char *since = (const char *)sqlite3_column_text(st, 4);
		const char *counts_from, *name = NULL;
		size_t subject_hash = subject ? done_hash(subject) : 0;
		size_t family_hash = family ? done_hash(family) : 0;
		long from_days;

		if (!from || tsu_date_to_days(from, &from_days) < 0)
			continue;
		counts_from = since && strcmp(since, from) < 0 ? since : from;
		memcpy(note, basis->from, from_len);
		note[from_len] = ' ';
		memcpy(note + from_len + 1, from, strlen(from) + 1);
		for (i = 0; i < n && result == 0; i++) {
			const struct milestone *m = &ms[i];
			struct tsu_due_item item = {0};
			char due[TSU_DATE_LEN], later[TSU_DATE_LEN];
			const char *since_m = counts_from;
			int done;

			if (!m->wanted || m->days > until_days - from_days ||
			    tsu_date_add(from, m->days, due) < 0)
				continue;
			/* #:done-from: a checkup at 4 months is not the one
			 * at 18 */
			if (m->done_from &&
			    tsu_date_add(from, m->done_from, later) == 0 &&
			    strcmp(later, since_m) > 0)
				since_m = later;
			if (done_since(&m->done, subject, subject_hash,
				       since_m) ||
			    done_since(&m->done, family, family_hash,
				       since_m))
				continue;
			done = milestone_done_when(ctx, m, subject, since_m);
			if (done < 0) {
				result = -1;
				break;
			}
			if (done)
				continue;
			if (!name)
				name = person_name(
				    (const char *)sqlite3_column_text(st, 5),
				    (const char *)sqlite3_column_text(st, 6),
				    name_buf, sizeof(name_buf));
			item.subject = subject;
			item.milestone = m->name;
			item.label = m->label;
			item.kind = "milestone";
			item.due_on = due;
			item.staff = staff;
			item.note = note;
			result = sink(ctx, &item, name);
		}
	}
	if (result == 0 && rc != SQLITE_DONE && rc != SQLITE_ROW)
		result = ctx_error(ctx, "%s", sqlite3_errmsg(store_db()));
	sqlite3_finalize(st);
	free(note);
	return result;
}

/* #:due-days D (a whole number, define-milestone sees to it), held to
 * a little more than the calendar: a larger one falls outside it all the
 * same, and a bignum does not fit a long. */
static long milestone_days(SCM d)
{
	if (scm_is_signed_integer(d, -MILESTONE_DAYS_MAX, MILESTONE_DAYS_MAX))
		return scm_to_long(d);
	return scm_is_true(scm_negative_p(d)) ? -MILESTONE_DAYS_MAX
					      : MILESTONE_DAYS_MAX;
}

/* Free the N milestones MS (their done sets are the groups'). */
static void milestones_free(struct milestone *ms, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(ms[i].name);
		free(ms[i].label);
		free(ms[i].of);
		free(ms[i].from);
	}
	free(ms);
}

/* The due provider: every milestone defined in Scheme, those that count
 * from the same basis (the five of a child) read in one pass. */
static int milestone_due(struct tsu_ctx *ctx, const char *until,
			 due_sink sink)
{
	SCM all, list;
	struct milestone *ms;
	size_t b;
	long len;
	int n = 0, i, rc = 0;

	if (form_call(ctx, "%milestones", SCM_EOL, &all) < 0)
		return -1;
	len = scm_ilength(all);
	if (len < 0)
		return ctx_error(ctx, _("%%milestones did not give a list"));
	ms = tsu_alloc(((size_t)len + 1) * sizeof(*ms));
	for (list = all; n < len; list = scm_cdr(list)) {
		SCM v = scm_car(list);
		struct milestone *m = &ms[n++];

		memset(m, 0, sizeof(*m));
		m->name = tsuscm_to_utf8(scm_c_vector_ref(v, 0));
		m->label = tsuscm_to_utf8(scm_c_vector_ref(v, 1));
		m->of = tsuscm_to_utf8(scm_c_vector_ref(v, 2));
		m->from = tsuscm_to_utf8(scm_c_vector_ref(v, 3));
		m->days = milestone_days(scm_c_vector_ref(v, 4));
		m->done_by = scm_c_vector_ref(v, 5);
		m->done_when = scm_c_vector_ref(v, 6);
		m->done_from = scm_to_long(scm_c_vector_ref(v, 7));
	}
	/* Each basis with its milestones together, in their own order. */
	for (b = 0; b < sizeof(bases) / sizeof(*bases) && rc == 0; b++) {
		struct milestone *group =
		    tsu_alloc(((size_t)n + 1) * sizeof(*group));
		int k = 0;

		for (i = 0; i < n; i++)
			if (basis_of(&ms[i]) == &bases[b])
				group[k++] = ms[i];
		if (k)
			rc = basis_collect(ctx, &bases[b], group, k, until,
					   sink);
		/* The done sets were loaded into the copies. */
		for (i = 0; i < k; i++)
			done_free(&group[i].done);
		free(group);
	}
	milestones_free(ms, n);
	/* The milestones' SCM values live in malloc'd memory, which the
	 * collector does not see: ALL holds them till here. */
	scm_remember_upto_here_1(all);
	return rc < 0 ? -1 : 0;
}

int milestone_register(void)
{
	char *msg = NULL;

	if (due_register_core("milestone", milestone_due, &msg) < 0) {
		tsu_warn("milestones", "%s", msg);
		free(msg);
		return -1;
	}
	return 0;
}
