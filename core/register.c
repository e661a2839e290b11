/* register.c - host entries that write the core's register data for the
 * intake workflows: person updates and matching, statuses (moved out,
 * ended), a family's contact staff, pregnancies (ids "PG<n>"); and what a
 * command that manages its own transactions needs: begin/commit and
 * taking the error of one rejected row, and freeing what one row of a
 * long command kept.
 *
 * Every write here is audited in the running transaction. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "audit.h"
#include "command.h"
#include "date.h"
#include "i18n.h"
#include "register.h"
#include "search.h"
#include "store.h"
#include "subject.h"

/* ---- helpers ---- */

/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ". */
static void register_now(char buf[32])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* S when it has text, else NULL. */
static const char *register_text(const char *s)
{
	return s && *s ? s : NULL;
}

/* The statement for SQL, or NULL reported on CTX. */
static sqlite3_stmt *register_stmt(struct tsu_ctx *ctx, const char *sql)
{
	char *msg = NULL;
	sqlite3_stmt *st = store_cached(sql, &msg);

	if (!st) {
		ctx_error(ctx, "%s", msg);
		free(msg);
	}
	return st;
}

/* Step ST to its end and reset it; 0 or -1 reported as WHAT. */
static int register_done(struct tsu_ctx *ctx, sqlite3_stmt *st,
			 const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	return ctx_error(ctx, "%s: %s", what, sqlite3_errmsg(store_db()));
}

/* Record ACTION on SUBJECT with DETAIL; -1 (reported) on failure. */
static int register_audit(struct tsu_ctx *ctx, const char *action,
			  const char *subject, const char *detail)
{
	char *msg = NULL;

	if (audit_add(action, subject, detail, &msg) < 0) {
		ctx_error(ctx, "%s", msg ? msg : _("audit failed"));
		free(msg);
		return -1;
	}
	return 0;
}

/* The number of ID with prefix WANT ("P", "F", "PG"), or -1. */
static long long register_num(const char *id, const char *want)
{
	char prefix[8];
	long long n;

	if (subject_parse_id(id, prefix, &n) < 0 || strcmp(prefix, want) != 0)
		return -1;
	return n;
}

/* ---- persons ---- */

/* Whether strings A and B differ (NULL equals NULL). */
static int register_differs(const char *a, const char *b)
{
	if (!a || !b)
		return a != b;
	return strcmp(a, b) != 0;
}

int register_person_update(struct tsu_ctx *ctx, const char *id,
			   const struct tsu_person *p, const char **changed)
{
	static const char code_sql[] =
	    "SELECT id FROM person WHERE resident_code=?1 AND id<>?2";
	static const char upd_sql[] =
	    "UPDATE person SET family_name=?1, given_name=?2,"
	    " family_name_kana=?3, given_name_kana=?4, birth_date=?5, sex=?6,"
	    " phone=?7, address=?8, resident_code=?9, updated_at=?10"
	    " WHERE id=?11";
	static const char *const names[] = {
	    "family_name", "given_name", "family_name_kana", "given_name_kana",
	    "birth_date",  "sex",	 "phone",	     "address",
	    "resident_code",
	};
	struct tsu_person old;
	const char *oldv[9], *newv[9];
	char list[256] = "", now[32], *detail;
	sqlite3_stmt *st;
	long long num;
	int i, rc;

	*changed = "";
	if (subject_person_get(ctx, id, &old) < 0)
		return -1;
	num = register_num(old.id, "P");
	oldv[0] = old.family_name, newv[0] = p->family_name;
	oldv[1] = old.given_name, newv[1] = p->given_name;
	oldv[2] = old.family_name_kana, newv[2] = p->family_name_kana;
	oldv[3] = old.given_name_kana, newv[3] = p->given_name_kana;
	oldv[4] = old.birth_date, newv[4] = p->birth_date;
	oldv[5] = old.sex, newv[5] = p->sex;
	oldv[6] = old.phone, newv[6] = p->phone;
	oldv[7] = old.address, newv[7] = p->address;
	oldv[8] = old.resident_code, newv[8] = p->resident_code;
	for (i = 0; i < 9; i++) {
		if (!register_text(newv[i]) ||
		    !register_differs(oldv[i], newv[i])) {
			newv[i] = oldv[i];
			continue;
		}
		snprintf(list + strlen(list), sizeof(list) - strlen(list),
			 "%s%s", *list ? ", " : "", names[i]);
	}
	if (!*list)
		return 0;
	if (newv[4] && !tsu_date_is_valid_iso(newv[4]))
		return ctx_error(ctx, _("birth_date: \"%s\" is not a date"), newv[4]);
	if (newv[5] && strcmp(newv[5], "female") != 0 &&
	    strcmp(newv[5], "male") != 0)
		return ctx_error(ctx, _("sex: \"%s\" is not female or male"),
				 newv[5]);
	if (register_differs(oldv[8], newv[8])) {
		st = register_stmt(ctx, code_sql);
		if (!st)
			return -1;
		sqlite3_bind_text(st, 1, newv[8], -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, num);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			ctx_error(ctx,
				  _("resident_code %s is already registered as "
				  "P%lld"),
				  newv[8], sqlite3_column_int64(st, 0));
			sqlite3_reset(st);
			return -1;
		}
		sqlite3_reset(st);
	}
	st = register_stmt(ctx, upd_sql);
	if (!st)
		return -1;
	for (i = 0; i < 9; i++)
		sqlite3_bind_text(st, i + 1, newv[i], -1, SQLITE_TRANSIENT);
	register_now(now);
	sqlite3_bind_text(st, 10, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 11, num);
	if (register_done(ctx, st, "person") < 0)
		return -1;
	detail = tsu_strdup_printf("person: %s", list);
	rc = register_audit(ctx, "change", old.id, detail);
	free(detail);
	if (rc < 0)
		return -1;
	*changed = ctx_keep(ctx, tsu_strdup(list));
	return 0;
}

int register_person_match(struct tsu_ctx *ctx, const struct tsu_person *p,
			  char id[TSU_ID_LEN])
{
	return search_person_match(ctx, p, id);
}

/* ---- statuses and contact staff ---- */

/* The status of family or person ID with the date and note of its last
 * change (a family's from a member that has its status), into STATUS,
 * ON and NOTE (kept on CTX; ON and NOTE may be NULL).  0 or -1. */
static int register_status_get(struct tsu_ctx *ctx, const char *id,
			       const char **status, const char **on,
			       const char **note)
{
	static const char family_sql[] =
	    "SELECT f.status, p.status_on, p.status_note FROM family f"
	    " LEFT JOIN member m ON m.family_id=f.id"
	    " LEFT JOIN person p ON p.id=m.person_id AND p.status=f.status"
	    " WHERE f.id=?1 ORDER BY p.id IS NULL, m.person_id LIMIT 1";
	static const char person_sql[] =
	    "SELECT status, status_on, status_note FROM person WHERE id=?1";
	int is_family = id[0] == 'F';
	sqlite3_stmt *st =
	    register_stmt(ctx, is_family ? family_sql : person_sql);
	const char *col[3] = {NULL, NULL, NULL};
	int rc, i;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, register_num(id, is_family ? "F" : "P"));
	rc = sqlite3_step(st);
	for (i = 0; i < 3 && rc == SQLITE_ROW; i++) {
		const char *v = (const char *)sqlite3_column_text(st, i);

		col[i] = v ? ctx_keep(ctx, tsu_strdup(v)) : NULL;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return ctx_error(ctx, is_family ? _("no family %s")
					       : _("no person %s"),
				 id);
	*status = col[0] ? col[0] : "active";
	*on = col[1];
	*note = col[2];
	return 0;
}

/* Whether DATE (ISO) can be the day family or person ID moved out or
 * ended: not after today, not before the birth of the person (of any
 * member of the family) nor before the first event on record for it (the
 * pregnancy notification, for a family that began with one).  0, or -1
 * with the reason on CTX. */
static int register_status_date_check(struct tsu_ctx *ctx, const char *id,
				      const char *date)
{
	static const char family_birth_sql[] =
	    "SELECT p.id, p.birth_date FROM member m"
	    " JOIN person p ON p.id=m.person_id"
	    " WHERE m.family_id=?1 AND p.birth_date>?2"
	    " ORDER BY p.birth_date DESC, p.id LIMIT 1";
	static const char person_birth_sql[] =
	    "SELECT id, birth_date FROM person WHERE id=?1 AND birth_date>?2";
	static const char family_first_sql[] =
	    "SELECT min(date) FROM event WHERE subject=?2"
	    " OR subject IN (SELECT 'P'||person_id FROM member"
	    " WHERE family_id=?1)";
	static const char person_first_sql[] =
	    "SELECT min(date) FROM event WHERE subject=?2";
	int is_family = id[0] == 'F', rc;
	long long num = register_num(id, is_family ? "F" : "P");
	sqlite3_stmt *st;

	if (strcmp(date, app.today) > 0)
		return ctx_error(ctx,
				 _("--date: %s is after today (%s): a planned "
				   "move or end is not one yet; record it on "
				   "the day it happens"),
				 date, app.today);
	st = register_stmt(ctx,
			   is_family ? family_birth_sql : person_birth_sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, num);
	sqlite3_bind_text(st, 2, date, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		long long who = sqlite3_column_int64(st, 0);
		char *born = tsu_strdup((const char *)sqlite3_column_text(st, 1));

		sqlite3_reset(st);
		ctx_error(ctx, _("--date: %s is before P%lld was born (%s)"),
			  date, who, born);
		free(born);
		return -1;
	}
	sqlite3_reset(st);
	st = register_stmt(ctx,
			   is_family ? family_first_sql : person_first_sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, num);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL &&
	    strcmp((const char *)sqlite3_column_text(st, 0), date) > 0) {
		char *first =
		    tsu_strdup((const char *)sqlite3_column_text(st, 0));

		sqlite3_reset(st);
		ctx_error(ctx,
			  _("--date: %s is before the first record of %s "
			    "(%s; see show %s)"),
			  date, id, first, id);
		free(first);
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

/* Whether ID may take STATUS now: a move or an end only from "active"
 * (a second one would overwrite the first), "active" only from a move
 * or an end.  0, or -1 with the reason on CTX. */
static int register_status_change_check(struct tsu_ctx *ctx, const char *id,
					const char *status)
{
	const char *now = NULL, *on = NULL, *note = NULL;

	if (register_status_get(ctx, id, &now, &on, &note) < 0)
		return -1;
	if (strcmp(status, "active") == 0) {
		if (strcmp(now, "active") == 0)
			return ctx_error(ctx,
					 _("%s is already active (it has not "
					   "moved out nor ended)"),
					 id);
		return 0;
	}
	if (strcmp(now, "active") == 0)
		return 0;
	return ctx_error(ctx,
			 strcmp(now, "moved") == 0
			     ? _("%s already moved out on %s (to %s); if that "
				 "is wrong, take it back with `family %s "
				 "--active` and record it again")
			     : _("%s already ended on %s (%s); if that is "
				 "wrong, take it back with `family %s "
				 "--active` and record it again"),
			 id, on ? on : "?", note ? note : "?", id);
}

int register_status_set(struct tsu_ctx *ctx, const char *subject,
			const char *status, const char *date, const char *note)
{
	static const char person_sql[] =
	    "UPDATE person SET status=?1, status_on=?2, status_note=?3,"
	    " updated_at=?4 WHERE id=?5";
	static const char members_sql[] =
	    "UPDATE person SET status=?1, status_on=?2, status_note=?3,"
	    " updated_at=?4"
	    " WHERE id IN (SELECT person_id FROM member WHERE family_id=?5)";
	static const char family_sql[] =
	    "UPDATE family SET status=?1 WHERE id=?5";
	char id[TSU_ID_LEN], iso[TSU_DATE_LEN], now[32], *detail, *msg = NULL;
	int is_family, rc, i;
	long long num;
	const char *sqls[2];

	if (!status || (strcmp(status, "active") != 0 &&
			strcmp(status, "moved") != 0 &&
			strcmp(status, "ended") != 0))
		return ctx_error(ctx,
				 _("status: \"%s\" is not active, moved or ended"),
				 status ? status : "");
	if (subject_resolve(ctx, subject, NULL, id) < 0)
		return -1;
	if (!date || !*date) {
		snprintf(iso, sizeof(iso), "%s", app.today);
	} else if (tsu_date_parse(date, iso, &msg) < 0) {
		ctx_error(ctx, _("date: %s"), msg ? msg : date);
		free(msg);
		return -1;
	}
	if (register_status_change_check(ctx, id, status) < 0)
		return -1;
	if (strcmp(status, "active") != 0 &&
	    register_status_date_check(ctx, id, iso) < 0)
		return -1;
	is_family = id[0] == 'F';
	num = register_num(id, is_family ? "F" : "P");
	sqls[0] = is_family ? family_sql : person_sql;
	sqls[1] = is_family ? members_sql : NULL;
	register_now(now);
	for (i = 0; i < 2 && sqls[i]; i++) {
		sqlite3_stmt *st = register_stmt(ctx, sqls[i]);

		if (!st)
			return -1;
		sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
		if (sqlite3_bind_parameter_count(st) > 1) {
			sqlite3_bind_text(st, 2, iso, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 3, register_text(note), -1,
					  SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 4, now, -1, SQLITE_TRANSIENT);
		}
		sqlite3_bind_int64(st, 5, num);
		if (register_done(ctx, st, "status") < 0)
			return -1;
	}
	detail = tsu_strdup_printf("status %s on %s%s%s", status, iso,
				   register_text(note) ? ": " : "",
				   register_text(note) ? note : "");
	rc = register_audit(ctx, "change", id, detail);
	free(detail);
	return rc;
}

int register_family_contact(struct tsu_ctx *ctx, const char *family,
			    const char *staff)
{
	static const char staff_sql[] = "SELECT 1 FROM staff WHERE id=?1";
	static const char names_sql[] = "SELECT id FROM staff ORDER BY id";
	static const char upd_sql[] =
	    "UPDATE family SET contact_staff=?1 WHERE id=?2";
	char id[TSU_ID_LEN], *detail;
	sqlite3_stmt *st;
	int rc;

	if (subject_resolve(ctx, family, "family", id) < 0)
		return -1;
	if (!register_text(staff))
		return ctx_error(ctx, _("--contact: which staff member? (see "
				      "staff list)"));
	st = register_stmt(ctx, staff_sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, staff, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE) {
		const char *best = NULL;
		int bestd = 1 << 30;

		st = register_stmt(ctx, names_sql);
		if (!st)
			return -1;
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *s = (const char *)sqlite3_column_text(st, 0);
			int d = tsu_edit_distance(staff, s);

			if (d < bestd) {
				bestd = d;
				best = ctx_keep(ctx, tsu_strdup(s));
			}
		}
		sqlite3_reset(st);
		if (best && bestd <= 3)
			return ctx_error(ctx,
					 _("no staff member \"%s\"; did you "
					 "mean \"%s\"?"),
					 staff, best);
		return ctx_error(ctx, _("no staff member \"%s\" (see staff list)"),
				 staff);
	}
	st = register_stmt(ctx, upd_sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, staff, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, register_num(id, "F"));
	if (register_done(ctx, st, "family") < 0)
		return -1;
	detail = tsu_strdup_printf("contact staff %s", staff);
	rc = register_audit(ctx, "change", id, detail);
	free(detail);
	return rc;
}

/* ---- pregnancies ---- */

int register_pregnancy_add(struct tsu_ctx *ctx, const char *mother,
			   const char *family, const char *notified_on,
			   const char *due_date, const char *handbook_no,
			   char id[TSU_ID_LEN])
{
	static const char ins_sql[] =
	    "INSERT INTO pregnancy(mother_id, family_id, notified_on, due_date,"
	    " handbook_no, created_at) VALUES(?1,?2,?3,?4,?5,?6)";
	char m[TSU_ID_LEN], f[TSU_ID_LEN], now[32], newid[TSU_ID_LEN];
	char *detail;
	sqlite3_stmt *st;
	int rc;

	if (subject_resolve(ctx, mother, "person", m) < 0)
		return -1;
	if (family && subject_resolve(ctx, family, "family", f) < 0)
		return -1;
	if (notified_on && !tsu_date_is_valid_iso(notified_on))
		return ctx_error(ctx, _("notified_on: \"%s\" is not a date"),
				 notified_on);
	if (due_date && !tsu_date_is_valid_iso(due_date))
		return ctx_error(ctx, _("due_date: \"%s\" is not a date"),
				 due_date);
	st = register_stmt(ctx, ins_sql);
	if (!st)
		return -1;
	register_now(now);
	sqlite3_bind_int64(st, 1, register_num(m, "P"));
	if (family)
		sqlite3_bind_int64(st, 2, register_num(f, "F"));
	sqlite3_bind_text(st, 3, register_text(notified_on), -1,
			  SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, register_text(due_date), -1,
			  SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, register_text(handbook_no), -1,
			  SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT);
	if (register_done(ctx, st, "pregnancy") < 0)
		return -1;
	snprintf(newid, sizeof(newid), "PG%lld",
		 (long long)sqlite3_last_insert_rowid(store_db()));
	detail = tsu_strdup_printf("pregnancy %s, due %s", newid,
				   due_date ? due_date : "?");
	rc = register_audit(ctx, "create", m, detail);
	free(detail);
	if (rc < 0)
		return -1;
	snprintf(id, TSU_ID_LEN, "%s", newid);
	return 0;
}

int register_pregnancy_find(struct tsu_ctx *ctx, const char *mother,
			    const char *notified_on, char id[TSU_ID_LEN])
{
	static const char on_sql[] =
	    "SELECT id FROM pregnancy WHERE mother_id=?1 AND notified_on=?2"
	    " ORDER BY id DESC LIMIT 1";
	static const char open_sql[] =
	    "SELECT id FROM pregnancy WHERE mother_id=?1 AND outcome IS NULL"
	    " ORDER BY id DESC LIMIT 1";
	char m[TSU_ID_LEN];
	sqlite3_stmt *st;
	int rc;

	if (subject_resolve(ctx, mother, "person", m) < 0)
		return -1;
	st = register_stmt(ctx, notified_on ? on_sql : open_sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, register_num(m, "P"));
	if (notified_on)
		sqlite3_bind_text(st, 2, notified_on, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(id, TSU_ID_LEN, "PG%lld", sqlite3_column_int64(st, 0));
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return ctx_error(ctx, _("pregnancy: %s"), sqlite3_errmsg(store_db()));
}

int register_pregnancy_close(struct tsu_ctx *ctx, const char *id,
			     const char *outcome, const char *outcome_on,
			     const char *child)
{
	static const char sel_sql[] =
	    "SELECT mother_id, outcome FROM pregnancy WHERE id=?1";
	static const char upd_sql[] =
	    "UPDATE pregnancy SET outcome=?1, outcome_on=?2, child_id=?3"
	    " WHERE id=?4";
	long long num = register_num(id, "PG"), mother;
	char c[TSU_ID_LEN], m[TSU_ID_LEN], *detail;
	sqlite3_stmt *st;
	int rc;

	if (num < 0)
		return ctx_error(ctx, _("\"%s\" is not a pregnancy's id (like "
				      "PG3)"),
				 id ? id : "");
	if (!outcome ||
	    (strcmp(outcome, "birth") != 0 && strcmp(outcome, "other") != 0))
		return ctx_error(ctx, _("outcome: \"%s\" is not birth or other"),
				 outcome ? outcome : "");
	if (!outcome_on || !tsu_date_is_valid_iso(outcome_on))
		return ctx_error(ctx, _("outcome_on: \"%s\" is not a date"),
				 outcome_on ? outcome_on : "");
	if (child && subject_resolve(ctx, child, "person", c) < 0)
		return -1;
	st = register_stmt(ctx, sel_sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, num);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return ctx_error(ctx, _("no pregnancy PG%lld"), num);
	}
	mother = sqlite3_column_int64(st, 0);
	if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
		sqlite3_reset(st);
		return ctx_error(ctx, _("pregnancy PG%lld is already closed"), num);
	}
	sqlite3_reset(st);
	st = register_stmt(ctx, upd_sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, outcome, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, outcome_on, -1, SQLITE_TRANSIENT);
	if (child)
		sqlite3_bind_int64(st, 3, register_num(c, "P"));
	sqlite3_bind_int64(st, 4, num);
	if (register_done(ctx, st, "pregnancy") < 0)
		return -1;
	snprintf(m, sizeof(m), "P%lld", mother);
	detail = tsu_strdup_printf("pregnancy PG%lld: %s on %s%s%s", num,
				   outcome, outcome_on, child ? ", child " : "",
				   child ? c : "");
	rc = register_audit(ctx, "change", m, detail);
	free(detail);
	return rc;
}

/* ---- search ---- */

int register_search_persons(struct tsu_ctx *ctx, const char *const *words,
			    int nwords, int limit, const char ***ids,
			    int *nids, int *more)
{
	return search_persons(ctx, words, nwords, limit < 1 ? 1 : limit, ids,
			      nids, more);
}

int register_search_refresh(struct tsu_ctx *ctx)
{
	return search_refresh(ctx);
}

/* ---- commands with their own transactions ---- */

int register_begin(struct tsu_ctx *ctx)
{
	char *msg = NULL;

	if (store_in_transaction())
		return 0; /* run from another command: its transaction */
	if (store_begin(1, &msg) < 0) {
		ctx_error(ctx, _("cannot start: %s"), msg);
		free(msg);
		return -1;
	}
	return 0;
}

int register_commit(struct tsu_ctx *ctx)
{
	char *msg = NULL;

	if (!store_in_transaction() || command_current() != ctx ||
	    ctx->outer)
		return 0;
	if (store_commit(&msg) < 0) {
		ctx_error(ctx, _("could not save: %s"), msg);
		free(msg);
		store_rollback();
		return -1;
	}
	return 0;
}

int register_bulk_load(struct tsu_ctx *ctx, int on)
{
	char *msg = NULL;

	if (store_in_transaction())
		return 0; /* run from another command: its transaction */
	if (store_exec(on ? "PRAGMA synchronous=NORMAL;"
			    "PRAGMA wal_autocheckpoint=10000"
			  : "PRAGMA synchronous=FULL;"
			    "PRAGMA wal_autocheckpoint=1000;"
			    "PRAGMA wal_checkpoint(PASSIVE)",
		       &msg) < 0) {
		ctx_error(ctx, _("could not save: %s"), msg);
		free(msg);
		return -1;
	}
	return 0;
}

void register_rollback(struct tsu_ctx *ctx)
{
	if (store_in_transaction() && !ctx->outer)
		store_rollback();
}

const char *register_error_take(struct tsu_ctx *ctx)
{
	char *e = ctx->error;

	ctx->error = NULL;
	return e ? ctx_keep(ctx, e) : NULL;
}

long register_keep_mark(struct tsu_ctx *ctx)
{
	return ctx->nkeep;
}

void register_keep_release(struct tsu_ctx *ctx, long mark)
{
	while (ctx->nkeep > mark && mark >= 0)
		free(ctx->keep[--ctx->nkeep]);
}

int register_analyze(struct tsu_ctx *ctx)
{
	char *msg = NULL;

	/* a sample of each index is enough to choose between them */
	if (store_exec("PRAGMA analysis_limit=1000; ANALYZE;", &msg) < 0) {
		ctx_error(ctx, _("could not analyze the database: %s"), msg);
		free(msg);
		return -1;
	}
	return 0;
}
