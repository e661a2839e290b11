/* subject.c - persons, families and their members, the timeline and
 * flags, which every plugin shares; and the commands that show them
 * (show, flag, flags).
 *
 * Ids are short and typed: a person is "P<n>", a family "F<n>", a flag
 * "FL<n>", a timeline event "E<n>", where n is the row's id.  Ids are read
 * in any case ("p12") and always written in upper case.  Every write is
 * recorded in the audit trail in the same transaction, and so is every
 * `show`. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "audit.h"
#include "command.h"
#include "date.h"
#include "date_show.h"
#include "i18n.h"
#include "output.h"
#include "store.h"
#include "subject.h"

#define FLAG_NAME_MAX 64

static const char *const member_roles[] = {
    "mother", "father", "child", "caregiver", "other",
};

/* ---- small helpers ---- */

/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ". */
static void now_utc(char buf[32])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* S, or NULL when S is NULL or empty: empty input means unknown. */
static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

/* A copy of column I of ST kept until the command ends (NULL stays). */
static const char *keep_column(struct tsu_ctx *ctx, sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s ? ctx_keep(ctx, tsu_strdup(s)) : NULL;
}

/* Report the SQLite error of the last statement on CTX; returns -1. */
static int sql_error(struct tsu_ctx *ctx, const char *what)
{
	return ctx_error(ctx, "%s: %s", what, sqlite3_errmsg(store_db()));
}

/* Report ERRMSG (from a store function) on CTX and free it; returns -1. */
static int store_error(struct tsu_ctx *ctx, char *errmsg)
{
	ctx_error(ctx, "%s", errmsg ? errmsg : _("database error"));
	free(errmsg);
	return -1;
}

/* Record ACTION on SUBJECT in the audit trail; -1 (on CTX) if it failed,
 * which must fail the change too. */
static int audit(struct tsu_ctx *ctx, const char *action, const char *subject,
		 const char *detail)
{
	char *msg = NULL;

	if (audit_add(action, subject, detail, &msg) < 0)
		return store_error(ctx, msg);
	return 0;
}

/* Step a statement that returns no rows; 0, or -1 reported as WHAT. */
static int step_done(struct tsu_ctx *ctx, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE) {
		sql_error(ctx, what);
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

/* Whether row NUM exists in the table behind PREFIX ("P" or "F"):
 * 1 yes, 0 no, -1 error (reported). */
static int row_exists(struct tsu_ctx *ctx, const char *prefix, long long num)
{
	static const char person_sql[] = "SELECT 1 FROM person WHERE id=?";
	static const char family_sql[] = "SELECT 1 FROM family WHERE id=?";
	char *msg = NULL;
	sqlite3_stmt *st;
	int rc;

	st = store_cached(prefix[0] == 'P' ? person_sql : family_sql, &msg);
	if (!st)
		return store_error(ctx, msg);
	sqlite3_bind_int64(st, 1, num);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return sql_error(ctx, prefix[0] == 'P' ? "person" : "family");
}

/* ---- ids ---- */

/* The character at P as ASCII, full-width forms (Ｐ１２, U+FF01..U+FF5E)
 * and the ideographic space included, its length in bytes in *LEN; 0 at
 * the end, and a byte above 0x7f as it is. */
static int id_char(const char *p, int *len)
{
	const unsigned char *u = (const unsigned char *)p;

	*len = 1;
	if (u[0] == 0xEF && (u[1] == 0xBC || u[1] == 0xBD) &&
	    (u[2] & 0xC0) == 0x80) {
		unsigned cp = 0xF000u | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu);

		if (cp >= 0xFF01 && cp <= 0xFF5E) {
			*len = 3;
			return (int)(cp - 0xFEE0);
		}
	}
	if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) {
		*len = 3;
		return ' ';
	}
	return u[0];
}

int subject_parse_id(const char *text, char prefix[8], long long *num)
{
	const char *p = text;
	long long n = 0;
	int np = 0, nd = 0, c, len;

	if (!text)
		return -1;
	while ((c = id_char(p, &len)) == ' ' || c == '\t')
		p += len;
	while ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
		if (np == 7)
			return -1;
		prefix[np++] = (char)(c >= 'a' ? c - 'a' + 'A' : c);
		p += len;
		c = id_char(p, &len);
	}
	prefix[np] = '\0';
	while (c >= '0' && c <= '9') {
		if (nd == 18)
			return -1;
		n = n * 10 + (c - '0');
		nd++;
		p += len;
		c = id_char(p, &len);
	}
	while (c == ' ' || c == '\t') {
		p += len;
		c = id_char(p, &len);
	}
	if (np == 0 || nd == 0 || n == 0 || c != '\0')
		return -1;
	*num = n;
	return 0;
}

/* The row id of person ID ("P12", any case), or -1 (not reported). */
static long long person_num(const char *id)
{
	char prefix[8];
	long long n;

	if (subject_parse_id(id, prefix, &n) < 0 || strcmp(prefix, "P") != 0)
		return -1;
	return n;
}

int subject_family_of(const char *person, char out[TSU_ID_LEN])
{
	static const char sql[] =
	    "SELECT family_id FROM member "
	    "WHERE person_id=? ORDER BY family_id LIMIT 1";
	long long n = person_num(person);
	sqlite3_stmt *st;
	char *msg = NULL;
	int rc;

	if (n < 0)
		return -1;
	st = store_cached(sql, &msg);
	if (!st) {
		free(msg);
		return -1;
	}
	sqlite3_bind_int64(st, 1, n);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(out, TSU_ID_LEN, "F%lld", sqlite3_column_int64(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

int subject_resolve(struct tsu_ctx *ctx, const char *text, const char *kind,
		    char out[TSU_ID_LEN])
{
	char prefix[8], id[TSU_ID_LEN];
	long long num;
	int is_person, rc;

	if (kind && strcmp(kind, "person") != 0 && strcmp(kind, "family") != 0)
		return ctx_error(ctx, _("unknown kind of subject \"%s\""), kind);
	if (!text || !*text)
		return ctx_error(ctx, _("an id is missing (ids look like P12 or "
				      "F3)"));
	if (subject_parse_id(text, prefix, &num) < 0)
		return ctx_error(
		    ctx, _("\"%s\" is not an id (ids look like P12 or F3)"), text);
	is_person = strcmp(prefix, "P") == 0;
	if (!is_person && strcmp(prefix, "F") != 0) {
		if (kind)
			return ctx_error(ctx,
					 _("%s%lld is not the id of a %s "
					 "(ids look like %s)"),
					 prefix, num, kind,
					 strcmp(kind, "person") == 0
					     ? "P12"
					     : _("F3, or a member's P12"));
		return ctx_error(ctx,
				 _("%s%lld is not the id of a person or family "
				 "(ids look like P12 or F3)"),
				 prefix, num);
	}
	snprintf(id, sizeof(id), "%s%lld", prefix, num);
	rc = row_exists(ctx, prefix, num);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return ctx_error(ctx, _("no %s %s"),
				 is_person ? _("person") : _("family"), id);
	if (kind && strcmp(kind, "person") == 0 && !is_person)
		return ctx_error(ctx,
				 _("%s is a family; a person's id is needed "
				 "here (like P12)"),
				 id);
	if (kind && strcmp(kind, "family") == 0 && is_person) {
		if (subject_family_of(id, out) < 0)
			return ctx_error(ctx, _("person %s belongs to no family"),
					 id);
		return 0;
	}
	snprintf(out, TSU_ID_LEN, "%s", id);
	return 0;
}

/* ---- writing ---- */

static int valid_choice(const char *v, const char *const *choices, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(v, choices[i]) == 0)
			return 1;
	return 0;
}

int subject_person_add(struct tsu_ctx *ctx, const struct tsu_person *p,
		       char id[TSU_ID_LEN])
{
	static const char dup_sql[] =
	    "SELECT id, family_name, given_name FROM person "
	    "WHERE resident_code=?";
	static const char ins_sql[] =
	    "INSERT INTO person(family_name, given_name, family_name_kana,"
	    " given_name_kana, birth_date, sex, phone, address,"
	    " resident_code, status, created_at, updated_at)"
	    " VALUES(?,?,?,?,?,?,?,?,?,?,?,?)";
	static const char *const sexes[] = {"female", "male"};
	static const char *const statuses[] = {"active", "moved", "ended"};
	const char *code = nonempty(p->resident_code);
	const char *sex = nonempty(p->sex), *status = nonempty(p->status);
	const char *birth = nonempty(p->birth_date);
	char *msg = NULL, now[32], newid[TSU_ID_LEN];
	sqlite3_stmt *st;
	int rc;

	if (!nonempty(p->family_name) && !nonempty(p->given_name) &&
	    !nonempty(p->family_name_kana) && !nonempty(p->given_name_kana))
		return ctx_error(ctx, _("a person needs a name"));
	if (birth && !tsu_date_is_valid_iso(birth))
		return ctx_error(ctx,
				 _("birth_date: \"%s\" is not a date "
				 "(YYYY-MM-DD)"),
				 birth);
	if (birth && strcmp(birth, app.today) > 0)
		return ctx_error(ctx, _("birth_date: %s is after today (%s)"),
				 birth, app.today);
	if (sex && !valid_choice(sex, sexes, 2))
		return ctx_error(ctx, _("sex: \"%s\" is not female or male"), sex);
	if (status && !valid_choice(status, statuses, 3))
		return ctx_error(ctx,
				 _("status: \"%s\" is not active, moved or "
				 "ended"),
				 status);
	if (code) {
		st = store_cached(dup_sql, &msg);
		if (!st)
			return store_error(ctx, msg);
		sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			const char *fn =
			    (const char *)sqlite3_column_text(st, 1);
			const char *gn =
			    (const char *)sqlite3_column_text(st, 2);

			ctx_error(ctx,
				  _("resident_code %s is already registered as "
				  "P%lld (%s%s%s)"),
				  code, sqlite3_column_int64(st, 0),
				  fn ? fn : "", fn && gn ? " " : "",
				  gn ? gn : "");
			sqlite3_reset(st);
			return -1;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return sql_error(ctx, "person");
	}
	st = store_cached(ins_sql, &msg);
	if (!st)
		return store_error(ctx, msg);
	now_utc(now);
	sqlite3_bind_text(st, 1, nonempty(p->family_name), -1,
			  SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, nonempty(p->given_name), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, nonempty(p->family_name_kana), -1,
			  SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, nonempty(p->given_name_kana), -1,
			  SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, birth, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, sex, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, nonempty(p->phone), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 8, nonempty(p->address), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 9, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 10, status ? status : "active", -1,
			  SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 11, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 12, now, -1, SQLITE_TRANSIENT);
	if (step_done(ctx, st, "person") < 0)
		return -1;
	snprintf(newid, sizeof(newid), "P%lld",
		 (long long)sqlite3_last_insert_rowid(store_db()));
	if (audit(ctx, "create", newid, "person") < 0)
		return -1;
	snprintf(id, TSU_ID_LEN, "%s", newid);
	return 0;
}

int subject_person_get(struct tsu_ctx *ctx, const char *id,
		       struct tsu_person *p)
{
	static const char sql[] =
	    "SELECT family_name, given_name, family_name_kana,"
	    " given_name_kana, birth_date, sex, phone, address,"
	    " resident_code, status FROM person WHERE id=?";
	char canon[TSU_ID_LEN], *msg = NULL;
	sqlite3_stmt *st;
	long long n;
	int rc;

	if (subject_resolve(ctx, id, "person", canon) < 0)
		return -1;
	n = person_num(canon);
	st = store_cached(sql, &msg);
	if (!st)
		return store_error(ctx, msg);
	sqlite3_bind_int64(st, 1, n);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? ctx_error(ctx, _("no person %s"), canon)
					 : sql_error(ctx, "person");
	}
	memset(p, 0, sizeof(*p));
	snprintf(p->id, sizeof(p->id), "%s", canon);
	p->family_name = keep_column(ctx, st, 0);
	p->given_name = keep_column(ctx, st, 1);
	p->family_name_kana = keep_column(ctx, st, 2);
	p->given_name_kana = keep_column(ctx, st, 3);
	p->birth_date = keep_column(ctx, st, 4);
	p->sex = keep_column(ctx, st, 5);
	p->phone = keep_column(ctx, st, 6);
	p->address = keep_column(ctx, st, 7);
	p->resident_code = keep_column(ctx, st, 8);
	p->status = keep_column(ctx, st, 9);
	sqlite3_reset(st);
	return 0;
}

int subject_family_add(struct tsu_ctx *ctx, const char *contact_staff,
		       char id[TSU_ID_LEN])
{
	static const char staff_sql[] = "SELECT 1 FROM staff WHERE id=?";
	static const char ins_sql[] =
	    "INSERT INTO family(contact_staff, created_at) VALUES(?,?)";
	const char *staff = nonempty(contact_staff);
	char *msg = NULL, now[32], newid[TSU_ID_LEN], *detail;
	sqlite3_stmt *st;
	int rc;

	if (staff) {
		st = store_cached(staff_sql, &msg);
		if (!st)
			return store_error(ctx, msg);
		sqlite3_bind_text(st, 1, staff, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			return ctx_error(ctx,
					 _("no staff member \"%s\" (see "
					 "staff list)"),
					 staff);
		if (rc != SQLITE_ROW)
			return sql_error(ctx, "staff");
	}
	st = store_cached(ins_sql, &msg);
	if (!st)
		return store_error(ctx, msg);
	now_utc(now);
	sqlite3_bind_text(st, 1, staff, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
	if (step_done(ctx, st, "family") < 0)
		return -1;
	snprintf(newid, sizeof(newid), "F%lld",
		 (long long)sqlite3_last_insert_rowid(store_db()));
	detail = staff ? tsu_strdup_printf("family, contact staff %s", staff)
		       : tsu_strdup("family");
	rc = audit(ctx, "create", newid, detail);
	free(detail);
	if (rc < 0)
		return -1;
	snprintf(id, TSU_ID_LEN, "%s", newid);
	return 0;
}

int subject_member_add(struct tsu_ctx *ctx, const char *family,
		       const char *person, const char *role)
{
	static const char has_sql[] =
	    "SELECT role FROM member WHERE family_id=? AND person_id=?";
	static const char ins_sql[] =
	    "INSERT INTO member(family_id, person_id, role) VALUES(?,?,?)";
	char fam[TSU_ID_LEN], per[TSU_ID_LEN], prefix[8], *msg = NULL, *detail;
	long long fnum, pnum;
	sqlite3_stmt *st;
	int rc;

	if (!role || !valid_choice(role, member_roles, 5))
		return ctx_error(ctx,
				 _("role: \"%s\" is not one of mother, "
				 "father, child, caregiver, other"),
				 role ? role : "");
	if (subject_parse_id(family, prefix, &fnum) == 0 &&
	    strcmp(prefix, "P") == 0)
		return ctx_error(ctx,
				 _("%s is a person; a family's id is needed "
				 "here (like F3)"),
				 family);
	if (subject_resolve(ctx, family, "family", fam) < 0 ||
	    subject_resolve(ctx, person, "person", per) < 0)
		return -1;
	subject_parse_id(fam, prefix, &fnum);
	pnum = person_num(per);
	st = store_cached(has_sql, &msg);
	if (!st)
		return store_error(ctx, msg);
	sqlite3_bind_int64(st, 1, fnum);
	sqlite3_bind_int64(st, 2, pnum);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		ctx_error(ctx, _("%s is already a member of %s (as %s)"), per, fam,
			  (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sql_error(ctx, "member");
	st = store_cached(ins_sql, &msg);
	if (!st)
		return store_error(ctx, msg);
	sqlite3_bind_int64(st, 1, fnum);
	sqlite3_bind_int64(st, 2, pnum);
	sqlite3_bind_text(st, 3, role, -1, SQLITE_TRANSIENT);
	if (step_done(ctx, st, "member") < 0)
		return -1;
	detail = tsu_strdup_printf("member %s as %s", per, role);
	rc = audit(ctx, "change", fam, detail);
	free(detail);
	return rc;
}

/* Add the event and return its row id in *EVENT_ID; 0 or -1. */
static int event_insert(struct tsu_ctx *ctx, const char *subject,
			const char *kind, const char *date, const char *summary,
			const char *ref, long long *event_id)
{
	static const char sql[] =
	    "INSERT INTO event(subject, kind, date, staff, summary, ref,"
	    " created_at, subkind) VALUES(?,?,?,?,?,?,?,?)";
	char subj[TSU_ID_LEN], iso[TSU_DATE_LEN], now[32], *msg = NULL;
	char *detail, main_kind[64];
	sqlite3_stmt *st;
	const char *k, *sub = NULL;
	int rc;

	if (!kind || !*kind || *kind == ':')
		return ctx_error(ctx, _("an event needs a kind"));
	for (k = kind; *k; k++) {
		if (*k == ':' && !sub && k[1]) {
			sub = k + 1;
			continue;
		}
		if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') ||
		      *k == '-' || *k == '_'))
			return ctx_error(ctx,
					 _("event kind \"%s\": use lower-case "
					 "letters, digits, - and _, and one "
					 "':' before a sub-kind"),
					 kind);
	}
	if ((size_t)(sub ? sub - 1 - kind : k - kind) >= sizeof(main_kind))
		return ctx_error(ctx, _("event kind \"%s\" is too long"), kind);
	snprintf(main_kind, sizeof(main_kind), "%.*s",
		 (int)(sub ? sub - 1 - kind : k - kind), kind);
	if (subject_resolve(ctx, subject, NULL, subj) < 0)
		return -1;
	if (!date || !*date) {
		snprintf(iso, sizeof(iso), "%s", app.today);
	} else if (tsu_date_parse(date, iso, &msg) < 0) {
		ctx_error(ctx, _("date: %s"), msg ? msg : date);
		free(msg);
		return -1;
	}
	st = store_cached(sql, &msg);
	if (!st)
		return store_error(ctx, msg);
	now_utc(now);
	sqlite3_bind_text(st, 1, subj, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, main_kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, iso, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, app.staff, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, nonempty(summary), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, nonempty(ref), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 8, sub, -1, SQLITE_TRANSIENT);
	if (step_done(ctx, st, "event") < 0)
		return -1;
	*event_id = sqlite3_last_insert_rowid(store_db());
	detail = tsu_strdup_printf("event E%lld %s %s", *event_id, kind, iso);
	rc = audit(ctx, "create", subj, detail);
	free(detail);
	return rc;
}

int subject_event_add(struct tsu_ctx *ctx, const char *subject,
		      const char *kind, const char *date, const char *summary,
		      const char *ref)
{
	long long id;

	return event_insert(ctx, subject, kind, date, summary, ref, &id);
}

/* Check that NAME is one word fit to name a flag; 0 or -1 (reported). */
static int flag_name_check(struct tsu_ctx *ctx, const char *name)
{
	const unsigned char *p = (const unsigned char *)name;

	if (!name || !*name)
		return ctx_error(ctx, _("a flag needs a name"));
	if (strlen(name) > FLAG_NAME_MAX)
		return ctx_error(ctx,
				 _("flag name \"%s\" is longer than %d bytes"),
				 name, FLAG_NAME_MAX);
	for (; *p; p++) {
		if (*p >= 0x80) {
			/* U+3000, the ideographic space, is a blank too. */
			if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80)
				break;
			continue;
		}
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		      *p == '.'))
			break;
	}
	if (*p)
		return ctx_error(ctx,
				 _("flag name \"%s\" must be one word (letters, "
				 "digits, kana or kanji, - _ .)"),
				 name);
	return 0;
}

/* Raise flag NAME on SUBJECT (canonical id).  A flag of that name that
 * is still raised is kept (its reason updated); otherwise a new flag row
 * and a "flag" event are added.  The flag's row id goes to *FLAG_ID. */
static int flag_raise(struct tsu_ctx *ctx, const char *subject,
		      const char *name, const char *reason, long long *flag_id)
{
	static const char find_sql[] =
	    "SELECT id, reason FROM flag WHERE subject=? AND name=?"
	    " AND cleared_on IS NULL ORDER BY id LIMIT 1";
	static const char update_sql[] = "UPDATE flag SET reason=? WHERE id=?";
	static const char ins_sql[] =
	    "INSERT INTO flag(subject, name, reason, staff, raised_on)"
	    " VALUES(?,?,?,?,?)";
	char *msg = NULL, *summary, *detail;
	sqlite3_stmt *st;
	long long event_id;
	int rc;

	st = store_cached(find_sql, &msg);
	if (!st)
		return store_error(ctx, msg);
	sqlite3_bind_text(st, 1, subject, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *old = (const char *)sqlite3_column_text(st, 1);
		int same = (old && reason && strcmp(old, reason) == 0) ||
			   (!old && !reason);

		*flag_id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (same)
			return 0;
		st = store_cached(update_sql, &msg);
		if (!st)
			return store_error(ctx, msg);
		sqlite3_bind_text(st, 1, reason, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, *flag_id);
		if (step_done(ctx, st, "flag") < 0)
			return -1;
		detail = tsu_strdup_printf("flag FL%lld %s: new reason",
					   *flag_id, name);
		rc = audit(ctx, "change", subject, detail);
		free(detail);
		return rc;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sql_error(ctx, "flag");
	st = store_cached(ins_sql, &msg);
	if (!st)
		return store_error(ctx, msg);
	sqlite3_bind_text(st, 1, subject, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, reason, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, app.staff, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, app.today, -1, SQLITE_TRANSIENT);
	if (step_done(ctx, st, "flag") < 0)
		return -1;
	*flag_id = sqlite3_last_insert_rowid(store_db());
	detail = tsu_strdup_printf("flag FL%lld %s", *flag_id, name);
	rc = audit(ctx, "create", subject, detail);
	free(detail);
	if (rc < 0)
		return -1;
	summary = reason ? tsu_strdup_printf("%s: %s", name, reason)
			 : tsu_strdup(name);
	{
		char ref[TSU_ID_LEN];

		snprintf(ref, sizeof(ref), "FL%lld", *flag_id);
		rc = event_insert(ctx, subject, "flag", app.today, summary, ref,
				  &event_id);
	}
	free(summary);
	return rc;
}

int subject_flag_set(struct tsu_ctx *ctx, const char *subject, const char *name,
		     const char *reason)
{
	char subj[TSU_ID_LEN];
	long long id;

	if (subject_resolve(ctx, subject, NULL, subj) < 0 ||
	    flag_name_check(ctx, name) < 0)
		return -1;
	return flag_raise(ctx, subj, name, nonempty(reason), &id);
}

/* Clear flag NAME on SUBJECT (canonical id): set cleared_on and add a
 * "flag" event.  The cleared flag's row id goes to *FLAG_ID. */
static int flag_clear(struct tsu_ctx *ctx, const char *subject,
		      const char *name, const char *reason, long long *flag_id)
{
	static const char find_sql[] =
	    "SELECT id FROM flag WHERE subject=? AND name=?"
	    " AND cleared_on IS NULL ORDER BY id";
	static const char clear_sql[] =
	    "UPDATE flag SET cleared_on=? WHERE subject=? AND name=?"
	    " AND cleared_on IS NULL";
	char *msg = NULL, *summary, *detail, ref[TSU_ID_LEN];
	sqlite3_stmt *st;
	long long event_id;
	int rc;

	st = store_cached(find_sql, &msg);
	if (!st)
		return store_error(ctx, msg);
	sqlite3_bind_text(st, 1, subject, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*flag_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return ctx_error(ctx,
				 _("%s has no raised flag \"%s\" (see flags)"),
				 subject, name);
	if (rc != SQLITE_ROW)
		return sql_error(ctx, "flag");
	st = store_cached(clear_sql, &msg);
	if (!st)
		return store_error(ctx, msg);
	sqlite3_bind_text(st, 1, app.today, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, subject, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_TRANSIENT);
	if (step_done(ctx, st, "flag") < 0)
		return -1;
	detail = tsu_strdup_printf("flag FL%lld %s cleared", *flag_id, name);
	rc = audit(ctx, "change", subject, detail);
	free(detail);
	if (rc < 0)
		return -1;
	summary = reason ? tsu_strdup_printf("%s cleared: %s", name, reason)
			 : tsu_strdup_printf("%s cleared", name);
	snprintf(ref, sizeof(ref), "FL%lld", *flag_id);
	rc = event_insert(ctx, subject, "flag", app.today, summary, ref,
			  &event_id);
	free(summary);
	return rc;
}

int subject_flag_clear(struct tsu_ctx *ctx, const char *subject,
		       const char *name, const char *reason)
{
	static const char up_sql[] =
	    "SELECT 1 FROM flag WHERE subject=? AND name=?"
	    " AND cleared_on IS NULL";
	char subj[TSU_ID_LEN], *msg = NULL;
	sqlite3_stmt *st;
	long long id;
	int rc;

	if (subject_resolve(ctx, subject, NULL, subj) < 0)
		return -1;
	st = store_cached(up_sql, &msg);
	if (!st)
		return store_error(ctx, msg);
	sqlite3_bind_text(st, 1, subj, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return sql_error(ctx, "flag");
	return flag_clear(ctx, subj, name, nonempty(reason), &id) < 0 ? -1 : 1;
}

/* ---- reading: rows of a query, printed in any format ---- */

/* How a column prints: text, an integer, a date (per date-style in the
 * table format), a note whose ISO dates ("出産予定日 2026-10-20") follow
 * the date-style there too, or only in one of the formats. */
enum col_type { COL_TEXT, COL_INT, COL_DATE, COL_NOTE };
enum { IN_TABLE = 1, IN_DATA = 2, IN_BOTH = 3 };

struct col {
	const char *key;     /* JSON key and TSV header */
	const char *heading; /* table heading */
	enum col_type type;
	unsigned where; /* IN_TABLE: table format; IN_DATA: JSON and TSV */
};

/* The rows of one query: NROWS x NCOLS strings (NULL for null). */
struct grid {
	const struct col *cols;
	int ncols, nrows;
	char **cells;
};

static void grid_free(struct grid *g)
{
	int i;

	for (i = 0; i < g->nrows * g->ncols; i++)
		free(g->cells[i]);
	free(g->cells);
	g->cells = NULL;
	g->nrows = 0;
}

static const char *grid_at(const struct grid *g, int row, int col)
{
	return g->cells[row * g->ncols + col];
}

static void grid_set(struct grid *g, int row, int col, char *s)
{
	free(g->cells[row * g->ncols + col]);
	g->cells[row * g->ncols + col] = s;
}

/* Run ST (its bindings set) and take every row; its columns are COLS.
 * Returns 0 or -1 (reported); ST is reset. */
static int grid_fill(struct tsu_ctx *ctx, struct grid *g, sqlite3_stmt *st,
		     const struct col *cols, int ncols)
{
	int rc, c, cap = 0;

	memset(g, 0, sizeof(*g));
	g->cols = cols;
	g->ncols = ncols;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (g->nrows == cap) {
			cap = cap ? cap * 2 : 16;
			g->cells = tsu_realloc(g->cells, (size_t)cap * ncols *
							     sizeof(char *));
		}
		for (c = 0; c < ncols; c++)
			g->cells[g->nrows * ncols + c] = tsu_strdup(
			    (const char *)sqlite3_column_text(st, c));
		g->nrows++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		grid_free(g);
		return sql_error(ctx, "show");
	}
	return 0;
}

/* Fill column COL with the age on today of the birth date in column
 * BIRTH. */
static void grid_ages(struct grid *g, int birth, int col)
{
	int r, years;

	for (r = 0; r < g->nrows; r++) {
		const char *b = grid_at(g, r, birth);

		if (b && tsu_age_in_years(b, app.today, &years) == 0)
			grid_set(g, r, col, tsu_strdup_printf("%d", years));
	}
}

/* Add S to T as a cell of type TYPE (dates per date-style). */
static void cell_add(struct tsu_table *t, enum col_type type, const char *s)
{
	char buf[TSU_DATE_SHOW_MAX], *note;

	if (type == COL_NOTE && s && app.format == TSU_FORMAT_TABLE) {
		note = date_show_text(s);
		tsu_table_text(t, note);
		free(note);
		return;
	}
	tsu_table_text(t, type == COL_DATE ? date_cell(s, buf) : s);
}

/* A table of G's columns shown in the chosen format.  With SKIP_NULL
 * (for a record in the table format) the columns empty in row 0 are
 * left out. */
static struct tsu_table *grid_table(const struct grid *g, int skip_null)
{
	unsigned want = app.format == TSU_FORMAT_TABLE ? IN_TABLE : IN_DATA;
	const char *keys[32] = {0}, *heads[32] = {0};
	enum col_type types[32];
	struct tsu_table *t;
	int map[32], n = 0, c, r;

	for (c = 0; c < g->ncols && n < 32; c++)
		if ((g->cols[c].where & want) &&
		    !(skip_null && want == IN_TABLE && g->nrows &&
		      !grid_at(g, 0, c))) {
			keys[n] = g->cols[c].key;
			heads[n] = g->cols[c].heading;
			types[n] = g->cols[c].type;
			map[n++] = c;
		}
	t = tsu_table_new(n, keys, heads);
	if (!t)
		return NULL;
	for (c = 0; c < n; c++)
		if (types[c] == COL_INT)
			tsu_table_set_type(t, c, TSU_CELL_INT);
	for (r = 0; r < g->nrows; r++) {
		tsu_table_row(t);
		for (c = 0; c < n; c++)
			cell_add(t, types[c], grid_at(g, r, map[c]));
	}
	return t;
}

/* Print G as a listing in the chosen format; 0 or -1 (reported). */
static int grid_print(struct tsu_ctx *ctx, const struct grid *g)
{
	struct tsu_table *t = grid_table(g, 0);
	int rc;

	if (!t)
		return ctx_error(ctx, _("out of memory"));
	rc = tsu_table_print(t, app.format, ctx->out);
	tsu_table_free(t);
	return rc < 0 ? ctx_error(ctx, _("cannot print the listing")) : 0;
}

/* Write S as a JSON value of type TYPE: a number when an INT column
 * holds one, a string otherwise (null for NULL). */
static void json_value(FILE *out, enum col_type type, const char *s)
{
	char *end;

	if (s && type == COL_INT && *s) {
		strtoll(s, &end, 10);
		if (*end == '\0') {
			fputs(s, out);
			return;
		}
	}
	tsu_json_string(out, s);
}

/* Write "key": value for column C of row R of G. */
static void json_member(FILE *out, const struct grid *g, int r, int c)
{
	tsu_json_string(out, g->cols[c].key);
	fputs(": ", out);
	json_value(out, g->cols[c].type, grid_at(g, r, c));
}

/* Write ,"KEY": [ objects of G ] as a member of the open object. */
static void json_array(FILE *out, const char *key, const struct grid *g)
{
	int r, c, first;

	fputs(",\n  ", out);
	tsu_json_string(out, key);
	if (g->nrows == 0) {
		fputs(": []", out);
		return;
	}
	fputs(": [", out);
	for (r = 0; r < g->nrows; r++) {
		fputs(r ? ",\n    {" : "\n    {", out);
		first = 1;
		for (c = 0; c < g->ncols; c++) {
			if (!(g->cols[c].where & IN_DATA))
				continue;
			if (!first)
				fputs(", ", out);
			json_member(out, g, r, c);
			first = 0;
		}
		fputc('}', out);
	}
	fputs("\n  ]", out);
}

/* Print the sections of `show` after the details in the chosen format:
 * JSON as members of the open object (which this closes); the table and
 * TSV formats as titled listings. */
static int sections_print(struct tsu_ctx *ctx, const char *const *titles,
			  const char *const *keys, struct grid *const *grids,
			  int n)
{
	int i;

	if (app.format == TSU_FORMAT_JSON) {
		for (i = 0; i < n; i++)
			json_array(ctx->out, keys[i], grids[i]);
		fputs("\n}\n", ctx->out);
		return 0;
	}
	for (i = 0; i < n; i++) {
		fprintf(ctx->out, "\n%s\n",
			app.format == TSU_FORMAT_TABLE ? titles[i] : keys[i]);
		if (grid_print(ctx, grids[i]) < 0)
			return -1;
	}
	return 0;
}

/* Print row 0 of G as the details of a record of KIND: in JSON, the
 * opening of an object ("id", "kind", then the data columns), left open
 * for the sections; in the other formats a record. */
static int details_print(struct tsu_ctx *ctx, const struct grid *g,
			 const char *kind)
{
	struct tsu_table *t;
	int c, rc;

	if (app.format == TSU_FORMAT_JSON) {
		fputs("{\n  \"id\": ", ctx->out);
		tsu_json_string(ctx->out, grid_at(g, 0, 0));
		fputs(",\n  \"kind\": ", ctx->out);
		tsu_json_string(ctx->out, kind);
		for (c = 1; c < g->ncols; c++) {
			if (!(g->cols[c].where & IN_DATA))
				continue;
			fputs(",\n  ", ctx->out);
			json_member(ctx->out, g, 0, c);
		}
		return 0;
	}
	t = grid_table(g, 1);
	if (!t)
		return ctx_error(ctx, _("out of memory"));
	rc = tsu_table_print_record(t, app.format, ctx->out);
	tsu_table_free(t);
	return rc < 0 ? ctx_error(ctx, _("cannot print the record")) : 0;
}

/* ---- show ---- */

/* SQL for the display name of the subject in column COL: a person's
 * name, or for a family its first member's family name and 家. */
#define WHO_SQL(col)                                                           \
	"CASE WHEN " col " GLOB 'P[0-9]*' THEN (SELECT"                        \
	" trim(coalesce(family_name,'')||' '||coalesce(given_name,''))"        \
	" FROM person WHERE id=CAST(substr(" col ",2) AS INTEGER))"            \
	" WHEN " col " GLOB 'F[0-9]*' THEN (SELECT p.family_name||'家'"       \
	" FROM member m JOIN person p ON p.id=m.person_id"                     \
	" WHERE m.family_id=CAST(substr(" col ",2) AS INTEGER)"                \
	" AND p.family_name IS NOT NULL ORDER BY (m.role='child'), m.rowid"    \
	" LIMIT 1) END"

static const struct col person_cols[] = {
    {"id", N_("id"), COL_TEXT, IN_BOTH},
    {"name", N_("name"), COL_TEXT, IN_TABLE},
    {"kana", N_("kana"), COL_TEXT, IN_TABLE},
    {"family_name", NULL, COL_TEXT, IN_DATA},
    {"given_name", NULL, COL_TEXT, IN_DATA},
    {"family_name_kana", NULL, COL_TEXT, IN_DATA},
    {"given_name_kana", NULL, COL_TEXT, IN_DATA},
    {"birth_date", N_("birth date"), COL_DATE, IN_BOTH},
    {"age", N_("age"), COL_INT, IN_BOTH},
    {"sex", N_("sex"), COL_TEXT, IN_BOTH},
    {"phone", N_("phone"), COL_TEXT, IN_BOTH},
    {"address", N_("address"), COL_TEXT, IN_BOTH},
    {"resident_code", N_("resident code"), COL_TEXT, IN_BOTH},
    {"status", N_("status"), COL_TEXT, IN_BOTH},
    {"status_on", N_("status since"), COL_DATE, IN_BOTH},
    {"status_note", N_("status note"), COL_TEXT, IN_BOTH},
    {"family_id", N_("family"), COL_TEXT, IN_BOTH},
    {"created_at", N_("registered"), COL_TEXT, IN_DATA},
    {"updated_at", N_("updated"), COL_TEXT, IN_DATA},
};
#define PERSON_BIRTH 7
#define PERSON_AGE 8
#define PERSON_FAMILY 16

static const char person_sql[] =
    "SELECT 'P'||p.id,"
    " trim(coalesce(p.family_name,'')||' '||coalesce(p.given_name,'')),"
    " trim(coalesce(p.family_name_kana,'')||' '||"
    "  coalesce(p.given_name_kana,'')),"
    " p.family_name, p.given_name, p.family_name_kana, p.given_name_kana,"
    " p.birth_date, NULL, p.sex, p.phone, p.address, p.resident_code,"
    " p.status, p.status_on, p.status_note,"
    " (SELECT group_concat('F'||family_id, ' ') FROM"
    "   (SELECT family_id FROM member WHERE person_id=p.id"
    "    ORDER BY family_id)),"
    " p.created_at, p.updated_at"
    " FROM person p WHERE p.id=?";

static const struct col family_cols[] = {
    {"id", N_("id"), COL_TEXT, IN_BOTH},
    {"name", N_("family"), COL_TEXT, IN_TABLE},
    {"family_id", NULL, COL_TEXT, IN_DATA},
    {"contact", N_("contact staff"), COL_TEXT, IN_TABLE},
    {"contact_staff", NULL, COL_TEXT, IN_DATA},
    {"contact_staff_name", NULL, COL_TEXT, IN_DATA},
    {"status", N_("status"), COL_TEXT, IN_BOTH},
    {"created_at", N_("registered"), COL_TEXT, IN_DATA},
};

static const char family_sql[] = "SELECT 'F'||f.id, " WHO_SQL(
    "('F'||f.id)") ", 'F'||f.id,"
		   " f.contact_staff||CASE WHEN s.name<>f.contact_staff"
		   "  THEN ' ('||s.name||')' ELSE '' END,"
		   " f.contact_staff, s.name, f.status, f.created_at"
		   " FROM family f LEFT JOIN staff s ON s.id=f.contact_staff"
		   " WHERE f.id=?";

static const struct col member_cols[] = {
    {"family_id", N_("family"), COL_TEXT, IN_BOTH},
    {"id", N_("id"), COL_TEXT, IN_BOTH},
    {"role", N_("role"), COL_TEXT, IN_BOTH},
    {"name", N_("name"), COL_TEXT, IN_TABLE},
    {"kana", N_("kana"), COL_TEXT, IN_TABLE},
    {"family_name", NULL, COL_TEXT, IN_DATA},
    {"given_name", NULL, COL_TEXT, IN_DATA},
    {"family_name_kana", NULL, COL_TEXT, IN_DATA},
    {"given_name_kana", NULL, COL_TEXT, IN_DATA},
    {"birth_date", N_("birth date"), COL_DATE, IN_BOTH},
    {"age", N_("age"), COL_INT, IN_BOTH},
    {"sex", N_("sex"), COL_TEXT, IN_BOTH},
    {"status", N_("status"), COL_TEXT, IN_BOTH},
};
#define MEMBER_BIRTH 9
#define MEMBER_AGE 10

#define MEMBER_SELECT                                                          \
	"SELECT 'F'||m.family_id, 'P'||p.id, m.role,"                          \
	" trim(coalesce(p.family_name,'')||' '||coalesce(p.given_name,'')),"   \
	" trim(coalesce(p.family_name_kana,'')||' '||"                         \
	"  coalesce(p.given_name_kana,'')),"                                   \
	" p.family_name, p.given_name, p.family_name_kana, p.given_name_kana," \
	" p.birth_date, NULL, p.sex, p.status"                                 \
	" FROM member m JOIN person p ON p.id=m.person_id"
#define MEMBER_ORDER                                                           \
	" ORDER BY m.family_id, CASE m.role WHEN 'mother' THEN 0"              \
	" WHEN 'father' THEN 1 WHEN 'caregiver' THEN 2 WHEN 'child' THEN 3"    \
	" ELSE 4 END, p.birth_date, p.id"

/* The members of every family of person ?1. */
static const char person_members_sql[] = MEMBER_SELECT
    " WHERE m.family_id IN"
    " (SELECT family_id FROM member WHERE person_id=?1)" MEMBER_ORDER;
/* The members of family ?1. */
static const char family_members_sql[] =
    MEMBER_SELECT " WHERE m.family_id=?1" MEMBER_ORDER;

static const struct col event_cols[] = {
    {"id", NULL, COL_TEXT, IN_DATA},
    {"date", N_("date"), COL_DATE, IN_BOTH},
    {"subject", N_("whose"), COL_TEXT, IN_DATA},
    {"whose", N_("whose"), COL_TEXT, IN_TABLE},
    {"kind", N_("kind"), COL_TEXT, IN_BOTH},
    {"summary", N_("summary"), COL_NOTE, IN_BOTH},
    {"staff", N_("staff"), COL_TEXT, IN_BOTH},
    {"ref", N_("ref"), COL_TEXT, IN_BOTH},
};

/* The same columns without "whose": a person's own timeline. */
static const struct col own_event_cols[] = {
    {"id", NULL, COL_TEXT, IN_DATA},
    {"date", N_("date"), COL_DATE, IN_BOTH},
    {"subject", NULL, COL_TEXT, IN_DATA},
    {"whose", NULL, COL_TEXT, 0},
    {"kind", N_("kind"), COL_TEXT, IN_BOTH},
    {"summary", N_("summary"), COL_NOTE, IN_BOTH},
    {"staff", N_("staff"), COL_TEXT, IN_BOTH},
    {"ref", N_("ref"), COL_TEXT, IN_BOTH},
};

#define EVENT_SELECT                                                           \
	"SELECT 'E'||e.id, e.date, e.subject,"                                 \
	" e.subject||' '||coalesce(" WHO_SQL(                                  \
	    "e.subject") ",''),"                                               \
			 " e.kind||coalesce(':'||e.subkind,''), e.summary,"    \
			 " e.staff, e.ref FROM event e"

static const char person_events_sql[] =
    EVENT_SELECT " WHERE e.subject=?1 ORDER BY e.date, e.id";
static const char family_events_sql[] =
    EVENT_SELECT " WHERE e.subject=?1 OR e.subject IN"
		 " (SELECT 'P'||person_id FROM member WHERE family_id=?2)"
		 " ORDER BY e.date, e.id";

static const struct col flag_cols[] = {
    {"id", N_("id"), COL_TEXT, IN_BOTH},
    {"subject", N_("subject"), COL_TEXT, IN_BOTH},
    {"who", N_("who"), COL_TEXT, IN_TABLE},
    {"name", N_("flag"), COL_TEXT, IN_BOTH},
    {"reason", N_("reason"), COL_TEXT, IN_BOTH},
    {"raised_on", N_("raised"), COL_DATE, IN_BOTH},
    {"staff", N_("staff"), COL_TEXT, IN_BOTH},
};

#define FLAG_SELECT                                                            \
	"SELECT 'FL'||f.id, f.subject, " WHO_SQL(                              \
	    "f.subject") ", f.name,"                                           \
			 " f.reason, f.raised_on, f.staff FROM flag f"

static const char person_flags_sql[] =
    FLAG_SELECT " WHERE f.cleared_on IS NULL AND f.subject=?1"
		" ORDER BY f.raised_on, f.id";
static const char family_flags_sql[] =
    FLAG_SELECT " WHERE f.cleared_on IS NULL AND (f.subject=?1 OR"
		" f.subject IN (SELECT 'P'||person_id FROM member"
		" WHERE family_id=?2)) ORDER BY f.raised_on, f.id";

#define NCOLS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Run SQL with ?1 = TEXT (when not NULL) and ?2 = NUM into G. */
static int query_grid(struct tsu_ctx *ctx, struct grid *g, const char *sql,
		      const char *text, long long num, const struct col *cols,
		      int ncols)
{
	char *msg = NULL;
	sqlite3_stmt *st = store_cached(sql, &msg);

	memset(g, 0, sizeof(*g));
	if (!st)
		return store_error(ctx, msg);
	if (text)
		sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_int64(st, 1, num);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, num);
	return grid_fill(ctx, g, st, cols, ncols);
}

static int show_person(struct tsu_ctx *ctx, const char *id, long long num)
{
	struct grid details, members, events, flags;
	const char *titles[] = {_("Members"), _("Timeline"), _("Flags")};
	const char *keys[] = {"members", "timeline", "flags"};
	struct grid *grids[] = {&members, &events, &flags};
	int rc = -1;

	memset(&members, 0, sizeof(members));
	memset(&events, 0, sizeof(events));
	memset(&flags, 0, sizeof(flags));
	if (query_grid(ctx, &details, person_sql, NULL, num, person_cols,
		       NCOLS(person_cols)) < 0)
		return -1;
	if (details.nrows == 0) {
		grid_free(&details);
		return ctx_error(ctx, _("no person %s"), id);
	}
	grid_ages(&details, PERSON_BIRTH, PERSON_AGE);
	/* family_id is the first family; the table shows them all. */
	if (app.format != TSU_FORMAT_TABLE &&
	    grid_at(&details, 0, PERSON_FAMILY)) {
		char *sp = strchr(grid_at(&details, 0, PERSON_FAMILY), ' ');

		if (sp)
			*sp = '\0';
	}
	if (query_grid(ctx, &members, person_members_sql, NULL, num,
		       member_cols, NCOLS(member_cols)) < 0 ||
	    query_grid(ctx, &events, person_events_sql, id, 0, own_event_cols,
		       NCOLS(own_event_cols)) < 0 ||
	    query_grid(ctx, &flags, person_flags_sql, id, 0, flag_cols,
		       NCOLS(flag_cols)) < 0)
		goto out;
	grid_ages(&members, MEMBER_BIRTH, MEMBER_AGE);
	if (details_print(ctx, &details, "person") < 0 ||
	    sections_print(ctx, titles, keys, grids, 3) < 0)
		goto out;
	rc = 0;
out:
	grid_free(&details);
	grid_free(&members);
	grid_free(&events);
	grid_free(&flags);
	return rc;
}

static int show_family(struct tsu_ctx *ctx, const char *id, long long num)
{
	struct grid details, members, events, flags;
	const char *titles[] = {_("Members"), _("Timeline"), _("Flags")};
	const char *keys[] = {"members", "timeline", "flags"};
	struct grid *grids[] = {&members, &events, &flags};
	int rc = -1;

	memset(&members, 0, sizeof(members));
	memset(&events, 0, sizeof(events));
	memset(&flags, 0, sizeof(flags));
	if (query_grid(ctx, &details, family_sql, NULL, num, family_cols,
		       NCOLS(family_cols)) < 0)
		return -1;
	if (details.nrows == 0) {
		grid_free(&details);
		return ctx_error(ctx, _("no family %s"), id);
	}
	if (query_grid(ctx, &members, family_members_sql, NULL, num,
		       member_cols, NCOLS(member_cols)) < 0 ||
	    query_grid(ctx, &events, family_events_sql, id, num, event_cols,
		       NCOLS(event_cols)) < 0 ||
	    query_grid(ctx, &flags, family_flags_sql, id, num, flag_cols,
		       NCOLS(flag_cols)) < 0)
		goto out;
	grid_ages(&members, MEMBER_BIRTH, MEMBER_AGE);
	if (details_print(ctx, &details, "family") < 0 ||
	    sections_print(ctx, titles, keys, grids, 3) < 0)
		goto out;
	rc = 0;
out:
	grid_free(&details);
	grid_free(&members);
	grid_free(&events);
	grid_free(&flags);
	return rc;
}

/* show ID */
static int cmd_show(struct tsu_ctx *ctx, int argc, char **argv, void *data)
{
	struct tsu_args a;
	char id[TSU_ID_LEN], prefix[8];
	long long num;

	if (ctx_parse_options(ctx, argc, argv, NULL, 0, &a) < 0)
		return -1;
	if (a.npos != 1)
		return ctx_error(ctx, a.npos ? _("one id at a time (usage: "
						 "show ID)")
					     : _("which one? (usage: show ID, "
					       "e.g. show P12 or show F3)"));
	if (subject_resolve(ctx, a.pos[0], NULL, id) < 0)
		return -1;
	if (audit(ctx, "read", id, "show") < 0)
		return -1;
	subject_parse_id(id, prefix, &num);
	return prefix[0] == 'P' ? show_person(ctx, id, num)
				: show_family(ctx, id, num);
}

/* ---- flag, flags ---- */

static const struct col flag_record_cols[] = {
    {"id", N_("id"), COL_TEXT, IN_BOTH},
    {"subject", N_("subject"), COL_TEXT, IN_BOTH},
    {"who", N_("who"), COL_TEXT, IN_TABLE},
    {"name", N_("flag"), COL_TEXT, IN_BOTH},
    {"reason", N_("reason"), COL_TEXT, IN_BOTH},
    {"raised_on", N_("raised"), COL_DATE, IN_BOTH},
    {"staff", N_("staff"), COL_TEXT, IN_BOTH},
    {"cleared_on", N_("cleared"), COL_DATE, IN_BOTH},
};

static const char flag_record_sql[] = "SELECT 'FL'||f.id, f.subject, " WHO_SQL(
    "f.subject") ", f.name,"
		 " f.reason, f.raised_on, f.staff, f.cleared_on FROM flag f"
		 " WHERE f.id=?";

/* flag ID NAME --reason T | flag ID NAME --clear [--reason T] */
static int cmd_flag(struct tsu_ctx *ctx, int argc, char **argv, void *data)
{
	static const struct tsu_opt opts[] = {
	    {"--reason", TSU_OPT_VALUE},
	    {"--clear", TSU_OPT_FLAG},
	};
	struct tsu_args a;
	struct grid g;
	struct tsu_table *t;
	char id[TSU_ID_LEN];
	const char *reason;
	long long flag_id = 0;
	int rc;

	if (ctx_parse_options(ctx, argc, argv, opts, 2, &a) < 0)
		return -1;
	if (a.npos < 2)
		return ctx_error(ctx, _("usage: flag ID NAME --reason TEXT, or "
				      "flag ID NAME --clear"));
	if (a.npos > 2)
		return ctx_error(ctx,
				 _("\"%s\": one flag name at a time (quote a "
				 "reason with several words: --reason "
				 "\"...\")"),
				 a.pos[2]);
	reason = nonempty(a.value[0]);
	if (subject_resolve(ctx, a.pos[0], NULL, id) < 0 ||
	    flag_name_check(ctx, a.pos[1]) < 0)
		return -1;
	if (a.value[1]) {
		if (flag_clear(ctx, id, a.pos[1], reason, &flag_id) < 0)
			return -1;
	} else {
		if (!reason)
			return ctx_error(ctx,
					 _("--reason is needed: say why %s is "
					 "flagged %s"),
					 id, a.pos[1]);
		if (flag_raise(ctx, id, a.pos[1], reason, &flag_id) < 0)
			return -1;
	}
	if (query_grid(ctx, &g, flag_record_sql, NULL, flag_id,
		       flag_record_cols, NCOLS(flag_record_cols)) < 0)
		return -1;
	t = g.nrows ? grid_table(&g, 1) : NULL;
	grid_free(&g);
	if (!t)
		return ctx_error(ctx, _("flag FL%lld vanished"), flag_id);
	rc = tsu_table_print_record(t, app.format, ctx->out);
	tsu_table_free(t);
	return rc < 0 ? ctx_error(ctx, _("cannot print the flag")) : 0;
}

static const char flags_all_sql[] =
    FLAG_SELECT " WHERE f.cleared_on IS NULL ORDER BY f.raised_on, f.id";
static const char flags_named_sql[] =
    FLAG_SELECT " WHERE f.cleared_on IS NULL AND f.name=?1"
		" ORDER BY f.raised_on, f.id";

/* flags [NAME] */
static int cmd_flags(struct tsu_ctx *ctx, int argc, char **argv, void *data)
{
	struct tsu_args a;
	struct grid g;
	char *detail;
	int rc;

	if (ctx_parse_options(ctx, argc, argv, NULL, 0, &a) < 0)
		return -1;
	if (a.npos > 1)
		return ctx_error(ctx, _("usage: flags [NAME]"));
	if (a.npos == 1 && flag_name_check(ctx, a.pos[0]) < 0)
		return -1;
	detail = a.npos ? tsu_strdup_printf("flags %s", a.pos[0])
			: tsu_strdup("flags");
	rc = audit(ctx, "read", NULL, detail);
	free(detail);
	if (rc < 0)
		return -1;
	if (a.npos)
		rc = query_grid(ctx, &g, flags_named_sql, a.pos[0], 0,
				flag_cols, NCOLS(flag_cols));
	else
		rc = query_grid(ctx, &g, flags_all_sql, NULL, 0, flag_cols,
				NCOLS(flag_cols));
	if (rc < 0)
		return -1;
	rc = grid_print(ctx, &g);
	grid_free(&g);
	return rc;
}

/* ---- registration ---- */

static const struct tsu_command_spec subject_commands[] = {
    {
	.name = "show",
	.topic = "follow up",
	.summary = N_("a person or family: details, members, timeline, "
		   "flags"),
	.usage = N_("show ID"),
	.help = N_("Shows a person (P12) or a family (F3): the details, "
		"the members of the\nfamily with their roles, the whole "
		"story as a timeline ordered by date\n(contacts, forms, "
		"plans, referrals, flags), and the flags still raised.\n"
		"For a family the timeline merges the family's events "
		"with those of every\nmember; the column \"whose\" says "
		"whose event it is.\nEvery show is recorded in the "
		"audit trail.\n\n"
		"Example:\n  show F3\n\n"
		"See also: find, family, due, contact, plan"),
	.words = "",
	.perm = TSU_PERM_READ,
	.fn = cmd_show,
    },
    {
	.name = "flag",
	.topic = "follow up",
	.summary = N_("raise or clear a named flag on a person or family"),
	.usage = N_("flag ID NAME --reason TEXT\n"
		 "flag ID NAME --clear [--reason TEXT]"),
	.help = N_("Raises the flag NAME (one word: letters, digits, kana "
		"or kanji) on a person\nor family, saying why; a flag "
		"of that name still raised keeps its date and\ntakes "
		"the new reason.  --clear lowers it (the flag is kept "
		"with the date\nit was cleared).  Both are written to "
		"the subject's timeline.\n\n"
		"Examples:\n  flag F4 isolation --reason \"身近に相談できる"
		"人がいない\"\n  flag F4 isolation --clear --reason "
		"\"祖母が同居\"\n\n"
		"See also: flags, show, due"),
	.words = "--reason= --clear",
	.perm = TSU_PERM_CASEWORK,
	.fn = cmd_flag,
    },
    {
	.name = "flags",
	.topic = "follow up",
	.summary = N_("flags still raised, with their reasons"),
	.usage = N_("flags [NAME]"),
	.help = N_("Lists the flags still raised (all of them, or those "
		"named NAME), oldest\nfirst, with the subject, the "
		"reason, the date and who raised it.\n\n"
		"Example:\n  flags isolation\n\n"
		"See also: flag, show, designation"),
	.words = "",
	.perm = TSU_PERM_READ,
	.fn = cmd_flags,
    },
};

void subject_commands_register(void)
{
	size_t i;

	for (i = 0; i < sizeof(subject_commands) / sizeof(subject_commands[0]);
	     i++) {
		char *msg = NULL;

		if (command_register(NULL, &subject_commands[i], NULL, NULL,
				     &msg) < 0) {
			tsu_warn("core", "%s", msg);
			free(msg);
		}
	}
}
