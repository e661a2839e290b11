/* milestone.c - the due-list provider for milestones defined in Scheme
 * (define-milestone in core/tsunagu.scm).  The basis dates come from the
 * core's tables: open pregnancies, children (members with role "child")
 * and families, active ones only.  A milestone is done when an event of
 * kind "contact" or "form" whose sub-kind is one of its #:done-by names
 * is on the subject or its family, dated on or after the basis date (for
 * a pregnancy, on or after the notification), or when #:done-when says
 * so. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "command.h"
#include "date.h"
#include "due.h"
#include "form.h"
#include "i18n.h"
#include "milestone.h"
#include "scm.h"
#include "store.h"

/* Rows: subject, basis date, contact staff, family id, and the date from
 * which events count (a pregnancy's notification, a child's birth). */
static const char pregnancy_sql[] =
    "SELECT 'P'||p.mother_id,"
    " CASE ?1 WHEN 'due_date' THEN p.due_date ELSE p.notified_on END,"
    " f.contact_staff, 'F'||p.family_id, p.notified_on"
    " FROM pregnancy p JOIN person m ON m.id=p.mother_id"
    " LEFT JOIN family f ON f.id=p.family_id"
    " WHERE p.outcome IS NULL AND m.status='active'"
    " AND coalesce(f.status,'active')='active'"
    " ORDER BY p.id";
static const char child_sql[] =
    "SELECT 'P'||p.id, CASE ?1 WHEN 'birth_date' THEN p.birth_date END,"
    " f.contact_staff, 'F'||f.id, p.birth_date"
    " FROM member mb JOIN person p ON p.id=mb.person_id"
    " JOIN family f ON f.id=mb.family_id"
    " WHERE mb.role='child' AND p.status='active' AND f.status='active'"
    " ORDER BY p.id";
static const char family_sql[] =
    "SELECT 'F'||f.id, CASE ?1 WHEN 'created_on' THEN"
    " substr(f.created_at,1,10) END, f.contact_staff, 'F'||f.id,"
    " substr(f.created_at,1,10)"
    " FROM family f WHERE f.status='active' ORDER BY f.id";
/* "+kind" keeps the planner on event_subject: a subject has few events,
 * while a kind has a whole register's worth. */
static const char done_sql[] =
    "SELECT 1 FROM event WHERE subject IN (?1, ?2)"
    " AND +kind IN ('contact','form') AND subkind=?3 AND date>=?4 LIMIT 1";

/* One milestone, as %milestones gives it. */
struct milestone {
	char *name, *label, *of, *from;
	long days;
	SCM done_by, done_when;
};

/* 1 when an event of DONE_BY is on SUBJECT (or FAMILY) since FROM, 0 if
 * not, -1 on error (reported). */
static int milestone_done_by(struct tsu_ctx *ctx, const struct milestone *m,
			     const char *subject, const char *family,
			     const char *from)
{
	SCM d;
	char *msg = NULL;

	for (d = m->done_by; scm_is_pair(d); d = scm_cdr(d)) {
		char *kind = tsuscm_to_utf8(scm_car(d));
		sqlite3_stmt *st = store_cached(done_sql, &msg);
		int rc;

		if (!st) {
			free(kind);
			ctx_error(ctx, "%s", msg);
			free(msg);
			return -1;
		}
		sqlite3_bind_text(st, 1, subject, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, family ? family : subject, -1,
				  SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, kind, -1, free);
		sqlite3_bind_text(st, 4, from, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc == SQLITE_ROW)
			return 1;
		if (rc != SQLITE_DONE)
			return ctx_error(ctx, "%s", sqlite3_errmsg(store_db()));
	}
	if (scm_is_true(m->done_when)) {
		SCM r;
		char *err = NULL;

		if (tsuscm_safe_apply(m->done_when,
				      scm_list_2(tsuscm_from_utf8(subject),
						 tsuscm_from_utf8(from)),
				      &r, &err) < 0) {
			ctx_error(ctx, _("milestone %s: #:done-when: %s"),
				  m->name, err);
			free(err);
			return -1;
		}
		return scm_is_true(r);
	}
	return 0;
}

/* Emit the entries of milestone M due on or before UNTIL. */
static int milestone_collect(struct tsu_ctx *ctx, const struct milestone *m,
			     const char *until,
			     int (*emit)(struct tsu_ctx *ctx,
					 const struct tsu_due_item *item))
{
	const char *sql = strcmp(m->of, "pregnancy") == 0 ? pregnancy_sql
			  : strcmp(m->of, "child") == 0	   ? child_sql
							   : family_sql;
	sqlite3_stmt *st;
	char *msg = NULL;
	int rc, result = 0;

	/* Not the cached statement: done_sql and hooks may run meanwhile. */
	if (sqlite3_prepare_v2(store_db(), sql, -1, &st, NULL) != SQLITE_OK)
		return ctx_error(ctx, "%s", sqlite3_errmsg(store_db()));
	sqlite3_bind_text(st, 1, m->from, -1, SQLITE_STATIC);
	while (result == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *subject = (const char *)sqlite3_column_text(st, 0);
		const char *from = (const char *)sqlite3_column_text(st, 1);
		const char *staff = (const char *)sqlite3_column_text(st, 2);
		const char *family = (const char *)sqlite3_column_text(st, 3);
		const char *since = (const char *)sqlite3_column_text(st, 4);
		char due[TSU_DATE_LEN], *note;
		struct tsu_due_item item = {0};
		int done;

		if (!from || !tsu_date_is_valid_iso(from) ||
		    tsu_date_add(from, m->days, due) < 0 ||
		    strcmp(due, until) > 0)
			continue;
		done = milestone_done_by(ctx, m, subject, family,
					 since && strcmp(since, from) < 0 ? since
									  : from);
		if (done < 0) {
			result = -1;
			break;
		}
		if (done)
			continue;
		note = tsu_strdup_printf("%s %s", m->from, from);
		item.subject = subject;
		item.milestone = m->name;
		item.label = m->label;
		item.kind = "milestone";
		item.due_on = due;
		item.staff = staff;
		item.note = note;
		result = emit(ctx, &item);
		free(note);
	}
	if (result == 0 && rc != SQLITE_DONE && rc != SQLITE_ROW)
		result = ctx_error(ctx, "%s", sqlite3_errmsg(store_db()));
	sqlite3_finalize(st);
	free(msg);
	return result;
}

/* The due provider: every milestone defined in Scheme. */
static int milestone_due(struct tsu_ctx *ctx, const char *until,
			 int (*emit)(struct tsu_ctx *ctx,
				     const struct tsu_due_item *item),
			 void *data)
{
	SCM list;

	(void)data;
	if (form_call(ctx, "%milestones", SCM_EOL, &list) < 0)
		return -1;
	for (; scm_is_pair(list); list = scm_cdr(list)) {
		SCM v = scm_car(list);
		struct milestone m;
		int rc;

		m.name = tsuscm_to_utf8(scm_c_vector_ref(v, 0));
		m.label = tsuscm_to_utf8(scm_c_vector_ref(v, 1));
		m.of = tsuscm_to_utf8(scm_c_vector_ref(v, 2));
		m.from = tsuscm_to_utf8(scm_c_vector_ref(v, 3));
		m.days = scm_to_long(scm_c_vector_ref(v, 4));
		m.done_by = scm_c_vector_ref(v, 5);
		m.done_when = scm_c_vector_ref(v, 6);
		rc = milestone_collect(ctx, &m, until, emit);
		free(m.name), free(m.label), free(m.of), free(m.from);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int milestone_register(void)
{
	char *msg = NULL;

	if (due_register(NULL, "milestones", milestone_due, NULL, NULL,
			 &msg) < 0) {
		tsu_warn("milestones", "%s", msg);
		free(msg);
		return -1;
	}
	return 0;
}
