/* scm_api.c - the core's Scheme procedures in C: commands, dates, read-only
 * queries, persons and flags, and the running command's output.  Each
 * procedure starts with its usage.
 *
 * Who may call what: code typed at the prompt (a Scheme line) runs with
 * the acting staff's permissions, so there `query` needs the Scheme
 * permission and `flag!` the casework one.  Scripts loading at start, the
 * commands they define and their hooks are the municipality's own code and
 * are trusted; whatever they read or change is still audited. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "audit.h"
#include "command.h"
#include "date.h"
#include "i18n.h"
#include "scm.h"
#include "scm_api.h"
#include "search.h"
#include "form.h"
#include "milestone.h"
#include "settings.h"
#include "store.h"
#include "subject.h"
#include "tsunagu-plugin.h"

/* Characters of SQL kept in the audit trail for one query. */
#define QUERY_AUDIT_CHARS 200

/* Longest flag name, in bytes (as the flag command takes it). */
#define FLAG_NAME_MAX 64

/* ---- helpers ---- */

static void raise_error(const char *subr, const char *fmt,
			SCM args) SCM_NORETURN;
static void raise_type(const char *subr, const char *what, const char *expected,
		       SCM arg) SCM_NORETURN;
static void raise_msg(const char *subr, char *msg) SCM_NORETURN;

/* Raise a Scheme error (misc-error) reading "SUBR: " then FMT, its ~A
 * and ~S filled from ARGS.  Never returns. */
static void raise_error(const char *subr, const char *fmt, SCM args)
{
	SCM text = scm_string_append(scm_list_3(scm_from_utf8_string(subr),
						scm_from_utf8_string(": "),
						scm_from_utf8_string(fmt)));

	scm_error_scm(scm_from_utf8_symbol("misc-error"), SCM_BOOL_F, text,
		      args, SCM_BOOL_F);
}

/* Raise "SUBR: WHAT: expected EXPECTED, not ARG".  Never returns. */
static void raise_type(const char *subr, const char *what, const char *expected,
		       SCM arg)
{
	raise_error(subr, _("~A: expected ~A, not ~S"),
		    scm_list_3(scm_from_utf8_string(what),
			       scm_from_utf8_string(expected), arg));
}

/* 1 when the innermost commands include a Scheme line typed at the
 * prompt (or given with -c): then the acting staff's role counts. */
static int called_from_prompt(void)
{
	struct tsu_ctx *ctx;

	for (ctx = command_current(); ctx; ctx = ctx->outer)
		if (ctx->command && strcmp(ctx->command, "scheme") == 0)
			return 1;
	return 0;
}

/* Raise a Scheme error for SUBR unless the acting staff holds PERM when
 * called from the prompt. */
static void require_at_prompt(const char *subr, unsigned perm)
{
	if (called_from_prompt() && !(app.perms & perm))
		raise_error(subr, _("~A (role ~A) may not do ~A"),
			    scm_list_3(tsuscm_from_utf8(app.staff),
				       tsuscm_from_utf8(app.role),
				       tsuscm_from_utf8(perm_name(perm))));
}

/* Raise "SUBR: MSG" and free MSG (may be NULL). */
static void raise_msg(const char *subr, char *msg)
{
	SCM m = tsuscm_from_utf8(msg ? msg : _("out of memory"));

	free(msg);
	raise_error(subr, "~A", scm_list_1(m));
}

/* A malloc'd UTF-8 copy of the string ARG (called WHAT in messages of
 * SUBR); raises an error for anything else. */
static char *string_arg(SCM arg, const char *subr, const char *what)
{
	if (!scm_is_string(arg))
		raise_type(subr, what, _("a string"), arg);
	return scm_to_utf8_string(arg);
}

/* The name ARG (a symbol or a string, called WHAT) as malloc'd UTF-8. */
static char *name_arg(SCM arg, const char *subr, const char *what)
{
	if (scm_is_symbol(arg))
		return scm_to_utf8_string(scm_symbol_to_string(arg));
	if (!scm_is_string(arg))
		raise_type(subr, what, _("a symbol"), arg);
	return scm_to_utf8_string(arg);
}

/* The date ARG (of SUBR, called WHAT in messages) into OUT:
 * an ISO date, or any form tsu_date_parse accepts (R8.4.1, 令和8年4月1日).
 * Raises an error naming WHAT when it is not a date. */
static void date_arg(SCM arg, const char *subr, const char *what,
		     char out[TSU_DATE_LEN])
{
	char *text, *msg = NULL;
	int rc;
	SCM m;

	if (!scm_is_string(arg))
		raise_error(subr, _("~A: expected a date string, not ~S"),
			    scm_list_2(tsuscm_from_utf8(what), arg));
	text = scm_to_utf8_string(arg);
	if (tsu_date_is_valid_iso(text)) {
		snprintf(out, TSU_DATE_LEN, "%s", text);
		free(text);
		return;
	}
	rc = tsu_date_parse(text, out, &msg);
	free(text);
	if (rc == 0)
		return;
	m = tsuscm_from_utf8(msg ? msg : _("not a date"));
	free(msg);
	raise_error(subr, "~A: ~A", scm_list_2(tsuscm_from_utf8(what), m));
}

/* Run FN in a transaction: the command's when one is open, otherwise
 * (scripts loading at start) one of its own, committed when FN returns 0
 * and rolled back otherwise.  Returns FN's result, or -1 with *msg. */
static int in_transaction(int (*fn)(void *data, char **msg), void *data,
			  char **msg)
{
	int own = !store_in_transaction(), rc;

	if (own && store_begin(1, msg) < 0)
		return -1;
	rc = fn(data, msg);
	if (own) {
		if (rc >= 0 && store_commit(msg) < 0)
			rc = -1;
		else if (rc < 0)
			store_rollback();
	}
	return rc;
}

static char *sql_err(const char *subr)
{
	return tsu_strdup_printf("%s: %s", subr, sqlite3_errmsg(store_db()));
}

/* A Scheme string from SQLite text, invalid UTF-8 shown as '?'. */
static SCM from_column_text(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	if (!s)
		return SCM_BOOL_F;
	return scm_from_stringn(s, (size_t)sqlite3_column_bytes(st, i), "UTF-8",
				SCM_FAILED_CONVERSION_QUESTION_MARK);
}

/* The value of column I: integer, real, string, bytevector or #f. */
static SCM from_column(sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER:
		return scm_from_int64(sqlite3_column_int64(st, i));
	case SQLITE_FLOAT:
		return scm_from_double(sqlite3_column_double(st, i));
	case SQLITE_TEXT:
		return from_column_text(st, i);
	case SQLITE_BLOB: {
		int n = sqlite3_column_bytes(st, i);
		SCM bv = scm_c_make_bytevector((size_t)n);

		if (n > 0)
			memcpy(SCM_BYTEVECTOR_CONTENTS(bv),
			       sqlite3_column_blob(st, i), (size_t)n);
		return bv;
	}
	default:
		return SCM_BOOL_F;
	}
}

/* "P12" -> 'P' and 12; "f3" -> 'F' and 3.  Returns 0, or -1 when TEXT is
 * not a person or family id. */
static int subject_split(const char *text, char *kind, long long *num)
{
	char k = text[0] >= 'a' ? (char)(text[0] - 'a' + 'A') : text[0];
	const char *p = text + 1;
	long long n = 0;

	if ((k != 'P' && k != 'F') || !*p)
		return -1;
	for (; *p; p++) {
		if (*p < '0' || *p > '9' || n > (INT64_MAX - 9) / 10)
			return -1;
		n = n * 10 + (*p - '0');
	}
	if (n <= 0)
		return -1;
	*kind = k;
	*num = n;
	return 0;
}

/* ---- commands and the running command ---- */

/* A command defined in Scheme: the procedure is protected while the
 * command exists. */
static int scheme_command(struct tsu_ctx *ctx, int argc, char **argv,
			  void *data)
{
	SCM args = SCM_EOL, result;
	char *msg = NULL;
	int i;

	for (i = argc - 1; i >= 1; i--)
		args = scm_cons(tsuscm_from_utf8(argv[i]), args);
	if (tsuscm_safe_apply(SCM_PACK((scm_t_bits)data), args, &result, &msg) <
	    0) {
		ctx_error(ctx, "%s", msg);
		free(msg);
		return -1;
	}
	if (scm_is_string(result)) {
		char *s = scm_to_utf8_string(result);

		fprintf(ctx->out, "%s\n", s);
		free(s);
	}
	return 0;
}

static void scheme_command_free(void *data)
{
	scm_gc_unprotect_object(SCM_PACK((scm_t_bits)data));
}

static unsigned perm_from_role_name(const char *name)
{
	static const struct {
		const char *name;
		unsigned perm;
	} names[] = {
	    {"read", TSU_PERM_READ},	 {"register", TSU_PERM_REGISTER},
	    {"export", TSU_PERM_EXPORT}, {"casework", TSU_PERM_CASEWORK},
	    {"script", TSU_PERM_SCRIPT}, {"admin", TSU_PERM_ADMIN},
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].name, name) == 0)
			return names[i].perm;
	return 0;
}

/* (%register-command name help usage role proc) -> #t */
static SCM register_command_x(SCM name, SCM help, SCM usage, SCM role, SCM proc)
{
	struct tsu_command_spec spec = {0};
	char *cname, *chelp, *cusage, *crole, *msg = NULL;
	int rc;

	if (!scm_is_string(name))
		raise_type("define-command", "NAME", _("a string"), name);
	if (!scm_is_string(help))
		raise_type("define-command", "#:help", _("a string"), help);
	if (!scm_is_string(usage))
		raise_type("define-command", "#:usage", _("a string"), usage);
	if (!scm_is_string(role))
		raise_type("define-command", "#:role", _("a symbol"), role);
	if (scm_is_false(scm_procedure_p(proc)))
		raise_type("define-command", "PROC", _("a procedure"), proc);
	cname = scm_to_utf8_string(name);
	chelp = scm_to_utf8_string(help);
	cusage = scm_to_utf8_string(usage);
	crole = scm_to_utf8_string(role);
	spec.name = cname;
	spec.topic = "local";
	spec.summary = chelp;
	spec.usage = cusage;
	spec.perm = perm_from_role_name(crole);
	spec.fn = scheme_command;
	if (!spec.perm) {
		free(cname), free(chelp), free(cusage), free(crole);
		raise_error("define-command",
			    _("#:role must be one of read register export "
			    "casework script admin, not ~S"),
			    scm_list_1(role));
	}
	/* A later definition replaces an earlier Scheme one. */
	{
		const struct command *old = command_find(cname);

		if (old && old->spec.fn == scheme_command)
			command_unregister_data(old->data);
	}
	scm_gc_protect_object(proc);
	rc = command_register(NULL, &spec, (void *)SCM_UNPACK(proc),
			      scheme_command_free, &msg);
	free(cname), free(chelp), free(cusage), free(crole);
	if (rc < 0) {
		scm_gc_unprotect_object(proc);
		raise_msg("define-command", msg);
	}
	return SCM_BOOL_T;
}

/* (%run-command line) -> #t or #f
 * Inside a command, the line runs in that command's transaction behind a
 * savepoint (so a failed line changes nothing even if the caller goes
 * on), and what it prints goes to Scheme's current output port. */
static SCM run_command(SCM line)
{
	struct tsu_ctx *ctx = command_current();
	FILE *saved = NULL;
	char *s, *buf = NULL, *msg = NULL;
	size_t len = 0;
	int rc, savepoint = 0;

	s = string_arg(line, "run-command", "LINE");
	if (store_in_transaction()) {
		if (store_exec("SAVEPOINT tsu_run_command", &msg) < 0) {
			free(s);
			raise_msg("run-command", msg);
		}
		savepoint = 1;
	}
	if (ctx) {
		saved = ctx->out;
		ctx->out = open_memstream(&buf, &len);
		if (!ctx->out)
			ctx->out = saved, saved = NULL;
	}
	rc = command_run_line(s);
	free(s);
	if (saved) {
		fclose(ctx->out);
		ctx->out = saved;
	}
	if (savepoint) {
		if (rc < 0)
			store_exec("ROLLBACK TO tsu_run_command", NULL);
		store_exec("RELEASE tsu_run_command", NULL);
	}
	if (buf && len)
		scm_display(
		    scm_from_stringn(buf, len, "UTF-8",
				     SCM_FAILED_CONVERSION_QUESTION_MARK),
		    scm_current_output_port());
	free(buf);
	return scm_from_bool(rc == 0);
}

/* (%write-output bytevector start count) -> count
 * The sink of module (tsunagu)'s output port: what Scheme prints goes to
 * the running command's output (shown once the command succeeds), or to
 * standard output when no command runs. */
static SCM write_output(SCM bv, SCM start, SCM count)
{
	struct tsu_ctx *ctx = command_current();
	size_t from, n;

	if (!scm_is_bytevector(bv))
		raise_type("%write-output", "BYTES", _("a bytevector"), bv);
	from = scm_to_size_t(start);
	n = scm_to_size_t(count);
	if (from > SCM_BYTEVECTOR_LENGTH(bv) ||
	    n > SCM_BYTEVECTOR_LENGTH(bv) - from)
		scm_out_of_range("%write-output", count);
	fwrite((const char *)SCM_BYTEVECTOR_CONTENTS(bv) + from, 1, n,
	       ctx ? ctx->out : stdout);
	return count;
}

/* ---- dates ---- */

/* (today) -> "2026-04-01" */
static SCM today(void)
{
	return tsuscm_from_utf8(app.today);
}

/* (date-add DATE DAYS) -> date */
static SCM date_add(SCM date, SCM days)
{
	char iso[TSU_DATE_LEN], out[TSU_DATE_LEN];
	long n;

	date_arg(date, "date-add", "DATE", iso);
	if (!scm_is_signed_integer(days, -3700000, 3700000))
		raise_error("date-add",
			    _("DAYS: expected a whole number of days, not ~S"),
			    scm_list_1(days));
	n = scm_to_long(days);
	if (tsu_date_add(iso, n, out) < 0)
		raise_error("date-add",
			    _("~A plus ~A days is outside the years 1 to 9999"),
			    scm_list_2(date, days));
	return tsuscm_from_utf8(out);
}

/* (days-between A B) -> B minus A in days */
static SCM days_between(SCM a, SCM b)
{
	char ia[TSU_DATE_LEN], ib[TSU_DATE_LEN];
	long n = 0;

	date_arg(a, "days-between", "A", ia);
	date_arg(b, "days-between", "B", ib);
	tsu_days_between(ia, ib, &n);
	return scm_from_long(n);
}

/* (age-in-years BIRTH [AT]) -> completed years on AT (default today) */
static SCM age_in_years(SCM birth, SCM at)
{
	char ib[TSU_DATE_LEN], ia[TSU_DATE_LEN];
	int years = 0;

	date_arg(birth, "age-in-years", "BIRTH", ib);
	if (SCM_UNBNDP(at))
		snprintf(ia, sizeof(ia), "%s", app.today);
	else
		date_arg(at, "age-in-years", "AT", ia);
	if (tsu_age_in_years(ib, ia, &years) < 0)
		raise_error(
		    "age-in-years", _("AT (~A) is before BIRTH (~A)"),
		    scm_list_2(tsuscm_from_utf8(ia), tsuscm_from_utf8(ib)));
	return scm_from_int(years);
}

/* (parse-date TEXT) -> "2026-04-01" (TEXT: 2026/4/1, R8.4.1, 令和8年4月1日...)
 */
static SCM parse_date(SCM text)
{
	char out[TSU_DATE_LEN];

	date_arg(text, "parse-date", "TEXT", out);
	return tsuscm_from_utf8(out);
}

/* (format-date DATE ['iso|'wareki|'wareki-short]) -> string
 * Without a style, the date-style setting. */
static SCM format_date(SCM date, SCM style)
{
	char iso[TSU_DATE_LEN], buf[TSU_DATE_FORMAT_MAX];
	enum tsu_date_style st = app.date_style;

	date_arg(date, "format-date", "DATE", iso);
	if (!SCM_UNBNDP(style)) {
		if (scm_is_eq(style, scm_from_utf8_symbol("iso")))
			st = TSU_DATE_ISO;
		else if (scm_is_eq(style, scm_from_utf8_symbol("wareki")))
			st = TSU_DATE_WAREKI;
		else if (scm_is_eq(style, scm_from_utf8_symbol("wareki-short")))
			st = TSU_DATE_WAREKI_SHORT;
		else
			raise_error("format-date",
				    _("STYLE must be iso, wareki or "
				    "wareki-short, not ~S"),
				    scm_list_1(style));
	}
	if (tsu_date_format(iso, st, buf, sizeof(buf)) < 0)
		raise_error("format-date", _("cannot format ~S"),
			    scm_list_1(date));
	return tsuscm_from_utf8(buf);
}

/* (fiscal-year DATE) -> 2026 for 2026-04-01 .. 2027-03-31 */
static SCM fiscal_year(SCM date)
{
	char iso[TSU_DATE_LEN];

	date_arg(date, "fiscal-year", "DATE", iso);
	return scm_from_int(tsu_fiscal_year(iso));
}

/* (define-era NAME LETTER START) -> #t, e.g. (define-era "令和" 'R
 * "2019-05-01") */
static SCM define_era(SCM name, SCM letter, SCM start)
{
	char *cname, *cletter, iso[TSU_DATE_LEN], *msg = NULL;
	int rc;

	if (!scm_is_string(name))
		raise_type("define-era", "NAME", _("a string"), name);
	if (!scm_is_string(letter) && !scm_is_symbol(letter) &&
	    !SCM_CHARP(letter))
		raise_type("define-era", "LETTER", _("a letter such as 'R"),
			   letter);
	date_arg(start, "define-era", "START", iso);
	if (SCM_CHARP(letter))
		letter = scm_string(scm_list_1(letter));
	cletter = name_arg(letter, "define-era", "LETTER");
	cname = scm_to_utf8_string(name);
	rc = tsu_era_define(cname, cletter, iso, &msg);
	free(cname);
	free(cletter);
	if (rc < 0) {
		/* The message already starts with "define-era: ". */
		if (msg && strncmp(msg, "define-era: ", 12) == 0)
			memmove(msg, msg + 12, strlen(msg + 12) + 1);
		raise_msg("define-era", msg);
	}
	return SCM_BOOL_T;
}

/* ---- read-only queries ---- */

struct query {
	const char *sql;
	SCM args;
	sqlite3_stmt *st;
	int denied;	 /* the authorizer refused an action */
	long timeout_ms; /* query-timeout-ms */
	struct timespec deadline;
	int timed_out;
	SCM rows;
};

/* Allow reading only: SELECT, reading columns, functions and recursive
 * common table expressions. */
static int query_authorize(void *data, int action, const char *a, const char *b,
			   const char *c, const char *d)
{
	struct query *q = data;

	(void)a, (void)b, (void)c, (void)d;
	switch (action) {
	case SQLITE_SELECT:
	case SQLITE_READ:
	case SQLITE_FUNCTION:
	case SQLITE_RECURSIVE:
		return SQLITE_OK;
	default:
		q->denied = 1;
		return SQLITE_DENY;
	}
}

/* Stop the statement once its time is up, or on Ctrl-C. */
static int query_progress(void *data)
{
	struct query *q = data;
	struct timespec now;

	if (app.interrupted)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec > q->deadline.tv_sec ||
	    (now.tv_sec == q->deadline.tv_sec &&
	     now.tv_nsec >= q->deadline.tv_nsec)) {
		q->timed_out = 1;
		return 1;
	}
	return 0;
}

/* Skip blanks, semicolons and comments; returns where real text starts. */
static const char *skip_sql_space(const char *s)
{
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
		       *s == '\f' || *s == ';')
			s++;
		if (s[0] == '-' && s[1] == '-') {
			s += strcspn(s, "\n");
		} else if (s[0] == '/' && s[1] == '*') {
			const char *e = strstr(s + 2, "*/");

			if (!e)
				return s + strlen(s);
			s = e + 2;
		} else {
			return s;
		}
	}
}

/* The first QUERY_AUDIT_CHARS characters of SQL (malloc'd). */
static char *sql_excerpt(const char *sql)
{
	const unsigned char *p = (const unsigned char *)sql;
	int chars = 0;

	while (*p && chars < QUERY_AUDIT_CHARS) {
		p++;
		while ((*p & 0xC0) == 0x80)
			p++;
		chars++;
	}
	return tsu_strdup_printf("query: %.*s%s",
				 (int)(p - (const unsigned char *)sql), sql,
				 *p ? "..." : "");
}

/* Bind the (already checked) arguments of Q. */
static void query_bind(struct query *q)
{
	SCM a;
	int i = 1;

	for (a = q->args; scm_is_pair(a); a = scm_cdr(a), i++) {
		SCM v = scm_car(a);

		if (scm_is_false(v) || scm_is_null(v)) {
			sqlite3_bind_null(q->st, i);
		} else if (scm_is_eq(v, SCM_BOOL_T)) {
			sqlite3_bind_int(q->st, i, 1);
		} else if (scm_is_signed_integer(v, INT64_MIN, INT64_MAX)) {
			sqlite3_bind_int64(q->st, i, scm_to_int64(v));
		} else if (scm_is_real(v)) {
			sqlite3_bind_double(q->st, i, scm_to_double(v));
		} else {
			char *s = scm_to_utf8_string(
			    scm_is_symbol(v) ? scm_symbol_to_string(v) : v);

			sqlite3_bind_text(q->st, i, s, -1, free);
		}
	}
}

/* Audit, bind and run Q's statement, collecting its rows. */
static int query_run(void *data, char **msg)
{
	struct query *q = data;
	char *detail = sql_excerpt(q->sql);
	int rc, i, ncol;

	rc = audit_add("read", NULL, detail, msg);
	free(detail);
	if (rc < 0)
		return -1;
	query_bind(q);
	clock_gettime(CLOCK_MONOTONIC, &q->deadline);
	q->deadline.tv_sec += q->timeout_ms / 1000;
	q->deadline.tv_nsec += (q->timeout_ms % 1000) * 1000000L;
	if (q->deadline.tv_nsec >= 1000000000L) {
		q->deadline.tv_sec++;
		q->deadline.tv_nsec -= 1000000000L;
	}
	sqlite3_progress_handler(store_db(), 1000, query_progress, q);
	ncol = sqlite3_column_count(q->st);
	while ((rc = sqlite3_step(q->st)) == SQLITE_ROW) {
		SCM row = SCM_EOL;

		for (i = ncol - 1; i >= 0; i--) {
			const char *name = sqlite3_column_name(q->st, i);

			row = scm_acons(scm_from_utf8_symbol(name ? name : "?"),
					from_column(q->st, i), row);
		}
		q->rows = scm_cons(row, q->rows);
	}
	sqlite3_progress_handler(store_db(), 0, NULL, NULL);
	if (rc == SQLITE_DONE)
		return 0;
	if (q->timed_out)
		*msg = tsu_strdup_printf(_("took longer than %ld ms (the "
					 "query-timeout-ms setting)"),
					 q->timeout_ms);
	else if (rc == SQLITE_INTERRUPT)
		*msg = tsu_strdup(_("interrupted"));
	else
		*msg = tsu_strdup(sqlite3_errmsg(store_db()));
	return -1;
}

/* (query "SELECT ..." ARG ...) -> (((column . value) ...) ...)
 * Read-only and time-limited; each call is audited.  ARGs are bound to
 * the statement's parameters: strings, integers, reals, #t/#f and '()
 * (#f and '() as NULL).  Values come back as integers, reals, strings and
 * #f for NULL. */
static SCM query(SCM sql, SCM args)
{
	struct query q = {0};
	char *csql, *msg = NULL, *timeout;
	const char *tail = NULL;
	SCM a;
	int i = 2, rc;

	require_at_prompt("query", TSU_PERM_SCRIPT);
	if (!scm_is_string(sql))
		raise_type("query", "SQL", _("a string"), sql);
	for (a = args; scm_is_pair(a); a = scm_cdr(a), i++) {
		SCM v = scm_car(a);

		if (!(scm_is_bool(v) || scm_is_null(v) || scm_is_string(v) ||
		      scm_is_symbol(v) ||
		      scm_is_signed_integer(v, INT64_MIN, INT64_MAX) ||
		      (scm_is_real(v) && scm_is_false(scm_exact_p(v)))))
			raise_error("query",
				    _("argument ~A: expected a string, integer, "
				    "real, boolean or '(), not ~S"),
				    scm_list_2(scm_from_int(i - 1), v));
	}
	if (!store_db())
		raise_error("query", _("no database is open"), SCM_EOL);
	timeout = settings_get("query-timeout-ms");
	q.timeout_ms = timeout ? strtol(timeout, NULL, 10) : 2000;
	if (q.timeout_ms <= 0)
		q.timeout_ms = 2000;
	free(timeout);
	q.args = args;
	q.rows = SCM_EOL;
	csql = scm_to_utf8_string(sql);
	q.sql = csql;

	sqlite3_set_authorizer(store_db(), query_authorize, &q);
	rc = sqlite3_prepare_v2(store_db(), csql, -1, &q.st, &tail);
	sqlite3_set_authorizer(store_db(), NULL, NULL);
	if (rc != SQLITE_OK)
		msg = q.denied ? tsu_strdup("only reading is allowed")
			       : tsu_strdup(sqlite3_errmsg(store_db()));
	else if (!q.st)
		msg = tsu_strdup(_("no statement given"));
	else if (!sqlite3_stmt_readonly(q.st))
		msg = tsu_strdup("only reading is allowed");
	else if (*skip_sql_space(tail))
		msg = tsu_strdup(_("give one statement only"));
	else if (sqlite3_bind_parameter_count(q.st) != i - 2)
		msg = tsu_strdup_printf(
		    _("the statement takes %d argument%s, "
		    "%d given"),
		    sqlite3_bind_parameter_count(q.st),
		    sqlite3_bind_parameter_count(q.st) == 1 ? "" : "s", i - 2);
	else
		in_transaction(query_run, &q, &msg);
	sqlite3_finalize(q.st);
	free(csql);
	if (msg)
		raise_msg("query", msg);
	return scm_reverse_x(q.rows, SCM_EOL);
}

/* ---- persons and flags ---- */

static const char *const person_columns[] = {
    "family_name",     "given_name", "family_name_kana",
    "given_name_kana", "birth_date", "sex",
    "phone",	       "address",    "resident_code",
    "status",
};
#define NPERSON_COLUMNS                                                        \
	((int)(sizeof(person_columns) / sizeof(person_columns[0])))

static const char sql_person[] =
    "SELECT family_name, given_name, family_name_kana, given_name_kana,"
    " birth_date, sex, phone, address, resident_code, status"
    " FROM person WHERE id = ?";

struct person_read {
	char id[TSU_ID_LEN];
	long long num;
	SCM result;
};

static int person_read(void *data, char **msg)
{
	struct person_read *p = data;
	sqlite3_stmt *st = store_cached(sql_person, msg);
	int i, rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, p->num);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		SCM alist = SCM_EOL;

		for (i = NPERSON_COLUMNS - 1; i >= 0; i--)
			alist =
			    scm_acons(scm_from_utf8_symbol(person_columns[i]),
				      from_column_text(st, i), alist);
		p->result = scm_acons(scm_from_utf8_symbol("id"),
				      tsuscm_from_utf8(p->id), alist);
	} else if (rc != SQLITE_DONE) {
		*msg = sql_err("person");
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW &&
	    audit_add("read", p->id, "scheme: person", msg) < 0)
		return -1;
	return 0;
}

/* (person ID) -> ((id . "P12") (family_name . "山田") ...) or #f */
static SCM person(SCM id)
{
	struct person_read p = {.result = SCM_BOOL_F};
	char *text = string_arg(id, "person", "ID"), kind, *msg = NULL;

	if (subject_split(text, &kind, &p.num) < 0 || kind != 'P') {
		free(text);
		raise_error("person", _("ID: ~S is not a person id (like P12)"),
			    scm_list_1(id));
	}
	free(text);
	snprintf(p.id, sizeof(p.id), "P%lld", p.num);
	if (in_transaction(person_read, &p, &msg) < 0)
		raise_msg("person", msg);
	return p.result;
}

/* ids (strings) from the first column of ST, in order. */
static SCM collect_ids(sqlite3_stmt *st, const char *subr, char **msg)
{
	SCM ids = SCM_EOL;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		ids = scm_cons(from_column_text(st, 0), ids);
	if (rc != SQLITE_DONE)
		*msg = sql_err(subr);
	sqlite3_reset(st);
	return scm_reverse_x(ids, SCM_EOL);
}

/* (kana-widen TEXT) -> TEXT with its half-width katakana full-width. */
static SCM kana_widen(SCM text)
{
	char *c = string_arg(text, "kana-widen", "TEXT");
	char *w = search_kana_widen(c);
	SCM r = tsuscm_from_utf8(w);

	free(c);
	free(w);
	return r;
}

/* (find-persons TEXT) -> ("P3" "P12" ...) whose kanji or kana names
 * contain TEXT (blanks in TEXT are ignored). */
static SCM find_persons(SCM text)
{
	static const char sql[] =
	    "SELECT 'P' || id FROM person WHERE"
	    " family_name LIKE ?1 ESCAPE '\\'"
	    " OR given_name LIKE ?1 ESCAPE '\\'"
	    " OR family_name_kana LIKE ?1 ESCAPE '\\'"
	    " OR given_name_kana LIKE ?1 ESCAPE '\\'"
	    " OR coalesce(family_name, '') || coalesce(given_name, '')"
	    "    LIKE ?1 ESCAPE '\\'"
	    " OR coalesce(family_name_kana, '') ||"
	    "    coalesce(given_name_kana, '') LIKE ?1 ESCAPE '\\'"
	    " ORDER BY id";
	char *ctext = string_arg(text, "find-persons", "TEXT"), *pattern,
	     *msg = NULL;
	const char *s;
	size_t n = 0;
	sqlite3_stmt *st;
	SCM ids;

	pattern = tsu_alloc(2 * strlen(ctext) + 3);
	pattern[n++] = '%';
	for (s = ctext; *s; s++) {
		if (*s == ' ' || *s == '\t')
			continue;
		if (strncmp(s, "\xe3\x80\x80", 3) == 0) { /* U+3000 */
			s += 2;
			continue;
		}
		if (*s == '%' || *s == '_' || *s == '\\')
			pattern[n++] = '\\';
		pattern[n++] = *s;
	}
	pattern[n++] = '%';
	pattern[n] = '\0';
	free(ctext);
	if (n == 2) {
		free(pattern);
		raise_error("find-persons", _("TEXT: give part of a name"),
			    SCM_EOL);
	}
	st = store_cached(sql, &msg);
	if (!st) {
		free(pattern);
		raise_msg("find-persons", msg);
	}
	sqlite3_bind_text(st, 1, pattern, -1, free);
	ids = collect_ids(st, "find-persons", &msg);
	if (msg)
		raise_msg("find-persons", msg);
	return ids;
}

/* 1 when NAME is one word fit to name a flag: letters, digits, kana or
 * kanji, - _ and . (no blanks, the ideographic space included). */
static int flag_name_ok(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;

	if (!*p || strlen(name) > FLAG_NAME_MAX)
		return 0;
	for (; *p; p++) {
		if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80)
			return 0;
		if (*p >= 0x80 || (*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.')
			continue;
		return 0;
	}
	return 1;
}

/* (flag! SUBJECT-ID 'name "reason") -> #t, or #f if it was already up
 * (its reason is then updated).  The flag is raised by the core's
 * subject_flag_set, in the running command's transaction or in one of
 * its own. */
static SCM flag_x(SCM subject, SCM name, SCM reason)
{
	static const char up_sql[] =
	    "SELECT 1 FROM flag WHERE subject=? AND name=? AND cleared_on IS NULL";
	struct tsu_ctx tmp;
	struct tsu_ctx *cur = command_current();
	char *csubject, *cname, *creason, *msg = NULL, kind, id[TSU_ID_LEN];
	long long num;
	int rc, own, was_up = 0, i;
	sqlite3_stmt *st;
	SCM err = SCM_BOOL_F;

	require_at_prompt("flag!", TSU_PERM_CASEWORK);
	csubject = string_arg(subject, "flag!", "SUBJECT-ID");
	rc = subject_split(csubject, &kind, &num);
	free(csubject);
	if (rc < 0)
		raise_error("flag!",
			    _("SUBJECT-ID: ~S is not a person or family id "
			    "(like P12 or F3)"),
			    scm_list_1(subject));
	if (!scm_is_symbol(name) &&
	    !(scm_is_string(name) && scm_c_string_length(name) > 0))
		raise_type("flag!", "NAME", _("a symbol"), name);
	if (!scm_is_string(reason))
		raise_type("flag!", "REASON", _("a string"), reason);
	snprintf(id, sizeof(id), "%c%lld", kind, num);
	cname = name_arg(name, "flag!", "NAME");
	if (!flag_name_ok(cname)) {
		free(cname);
		raise_error("flag!",
			    _("NAME: ~S must be one word (letters, digits, kana "
			    "or kanji, - _ .) of at most 64 bytes"),
			    scm_list_1(name));
	}
	creason = scm_to_utf8_string(reason);
	memset(&tmp, 0, sizeof(tmp));
	tmp.command = "flag!";
	tmp.out = cur ? cur->out : stdout;
	own = !store_in_transaction();
	if (own && store_begin(1, &msg) < 0) {
		free(cname);
		free(creason);
		raise_msg("flag!", msg);
	}
	st = store_cached(up_sql, &msg);
	if (st) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, cname, -1, SQLITE_TRANSIENT);
		was_up = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_reset(st);
		rc = was_up ? 0 : subject_flag_set(&tmp, id, cname, creason);
	} else {
		rc = ctx_error(&tmp, "%s", msg);
		free(msg);
	}
	if (own) {
		msg = NULL;
		if (rc == 0 && store_commit(&msg) < 0) {
			rc = ctx_error(&tmp, "%s", msg);
			free(msg);
		} else if (rc < 0) {
			store_rollback();
		}
	}
	if (rc < 0)
		err = tsuscm_from_utf8(tmp.error ? tmp.error : "failed");
	free(tmp.error);
	for (i = 0; i < tmp.nkeep; i++)
		free(tmp.keep[i]);
	free(tmp.keep);
	free(cname);
	free(creason);
	if (rc < 0)
		raise_error("flag!", "~A", scm_list_1(err));
	return scm_from_bool(!was_up);
}

/* (flagged [NAME]) -> ids of subjects with an active flag (named NAME) */
static SCM flagged(SCM name)
{
	sqlite3_stmt *st;
	char *msg = NULL;
	SCM ids;

	if (SCM_UNBNDP(name) || scm_is_false(name)) {
		st = store_cached("SELECT subject FROM flag WHERE cleared_on IS"
				  " NULL GROUP BY subject ORDER BY min(id)",
				  &msg);
		if (!st)
			raise_msg("flagged", msg);
	} else {
		char *cname = name_arg(name, "flagged", "NAME");

		st = store_cached("SELECT subject FROM flag WHERE cleared_on IS"
				  " NULL AND name = ? GROUP BY subject"
				  " ORDER BY min(id)",
				  &msg);
		if (!st) {
			free(cname);
			raise_msg("flagged", msg);
		}
		sqlite3_bind_text(st, 1, cname, -1, free);
	}
	ids = collect_ids(st, "flagged", &msg);
	if (msg)
		raise_msg("flagged", msg);
	return ids;
}

static const struct tsu_scheme_proc core_procs[] = {
    {"%register-command", 5, 0, 0, (void *)register_command_x,
     "Register a command defined in Scheme."},
    {"%run-command", 1, 0, 0, (void *)run_command, "Run a shell line."},
    {"%write-output", 3, 0, 0, (void *)write_output,
     "Write bytes to the running command's output."},
};

static const struct tsu_scheme_proc date_procs[] = {
    {"today", 0, 0, 0, (void *)today, "The date taken as today, ISO."},
    {"date-add", 2, 0, 0, (void *)date_add, "DATE plus DAYS days."},
    {"days-between", 2, 0, 0, (void *)days_between, "Days from A to B."},
    {"age-in-years", 1, 1, 0, (void *)age_in_years,
     "Completed years since BIRTH on AT (today)."},
    {"parse-date", 1, 0, 0, (void *)parse_date,
     "A date as people write it, in ISO form."},
    {"format-date", 1, 1, 0, (void *)format_date,
     "An ISO date in a style (default: the date-style setting)."},
    {"fiscal-year", 1, 0, 0, (void *)fiscal_year,
     "The fiscal year (April to March) of DATE."},
    {"define-era", 3, 0, 0, (void *)define_era,
     "Add or replace a Japanese era."},
};

static const struct tsu_scheme_proc record_procs[] = {
    {"query", 1, 0, 1, (void *)query, "Read-only, audited SQL."},
    {"person", 1, 0, 0, (void *)person, "A person as an alist."},
    {"kana-widen", 1, 0, 0, (void *)kana_widen,
     "TEXT with half-width katakana made full-width."},
    {"find-persons", 1, 0, 0, (void *)find_persons,
     "Ids of persons whose names contain TEXT."},
    {"flag!", 3, 0, 0, (void *)flag_x, "Flag a subject."},
    {"flagged", 0, 1, 0, (void *)flagged,
     "Ids of subjects with an active flag."},
};

static void define_procs(const struct tsu_scheme_proc *procs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		scm_c_define_gsubr(procs[i].name, procs[i].req, procs[i].opt,
				   procs[i].rest, (scm_t_subr)procs[i].fn);
		scm_c_export(procs[i].name, NULL);
	}
}

#define DEFINE_PROCS(t) define_procs((t), sizeof(t) / sizeof((t)[0]))

void scm_api_define(void)
{
	DEFINE_PROCS(core_procs);
	DEFINE_PROCS(date_procs);
	DEFINE_PROCS(record_procs);
	form_define();
	milestone_register();
}
