/* audit_cmd.c - the `audit` command: reading the audit trail and
 * verifying its chain of hashes. */
#include <config.h>

#include <errno.h>
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

#define AUDIT_LIMIT_DEFAULT 100
#define AUDIT_LIMIT_MAX 1000000

/* The last LIMIT rows matching the filters (NULL: any), newest last. */
static const char sql_list[] =
	"SELECT id, at, staff, action, subject, detail FROM ("
	"  SELECT id, at, staff, action, subject, detail FROM audit"
	"  WHERE (?1 IS NULL OR subject = ?1"
	"         OR (action IN ('import', 'demo') AND subject IS NULL"
	"             AND audit_covers(detail, ?1)))"
	"    AND (?2 IS NULL OR staff = ?2)"
	"    AND (?3 IS NULL OR at >= ?3)"
	"  ORDER BY id DESC LIMIT ?4)"
	" ORDER BY id";
static const char sql_staff_ids[] = "SELECT id FROM staff ORDER BY id";
static const char sql_staff_seen[] =
	"SELECT 1 FROM staff WHERE id = ?1 "
	"UNION ALL SELECT 1 FROM audit WHERE staff = ?1 LIMIT 1";

/* SQL audit_covers(DETAIL, SUBJECT): whether a row gathered by a bulk
 * command names SUBJECT (audit_covers in audit.c). */
static void sql_audit_covers(sqlite3_context *c, int argc, sqlite3_value **v)
{
	(void)argc;
	sqlite3_result_int(c, audit_covers((const char *)sqlite3_value_text(v[0]),
					   (const char *)sqlite3_value_text(v[1])));
}

/* Define audit_covers() on the open database, once per connection. */
static int audit_define_covers(char **errmsg)
{
	static sqlite3 *defined_on;

	if (defined_on == store_db())
		return 0;
	if (sqlite3_create_function(store_db(), "audit_covers", 2,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				    sql_audit_covers, NULL, NULL) != SQLITE_OK) {
		*errmsg = tsu_strdup(sqlite3_errmsg(store_db()));
		return -1;
	}
	defined_on = store_db();
	return 0;
}

/* The UTC time stamp (as the trail writes them) of local midnight at the
 * start of ISO date DAY, into OUT. */
static void audit_day_start(const char *day, char out[32])
{
	struct tm tm = {0};
	time_t t;

	sscanf(day, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
}

/* How a stored UTC time stamp AT is shown in the table format: local
 * time, "YYYY-MM-DD HH:MM:SS", into OUT (AT itself when unreadable). */
static void audit_local_time(const char *at, char out[32])
{
	struct tm tm = {0};
	time_t t;

	if (!at || sscanf(at, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon,
			  &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
			  &tm.tm_sec) != 6) {
		snprintf(out, 32, "%s", at ? at : "");
		return;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	localtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%d %H:%M:%S", &tm);
}

/* Refuse a --staff ID that is neither staff nor in the trail, naming the
 * nearest staff id; 0 or -1 (reported). */
static int audit_check_staff(struct tsu_ctx *ctx, const char *id)
{
	sqlite3_stmt *st;
	char *msg = NULL, *best = NULL;
	int found, d, bestd = 3;

	st = store_cached(sql_staff_seen, &msg);
	if (!st)
		goto sql_failed;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	if (found)
		return 0;
	st = store_cached(sql_staff_ids, &msg);
	if (!st)
		goto sql_failed;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 0);

		d = tsu_edit_distance(id, s);
		if (d < bestd) {
			bestd = d;
			free(best);
			best = tsu_strdup(s);
		}
	}
	sqlite3_reset(st);
	if (best)
		ctx_error(ctx, _("--staff: unknown staff id \"%s\" (did you mean "
			  "%s?)"), id, best);
	else
		ctx_error(ctx, _("--staff: unknown staff id \"%s\""), id);
	free(best);
	return -1;
sql_failed:
	ctx_error(ctx, "%s", msg);
	free(msg);
	return -1;
}

/* audit [--subject ID] [--staff ID] [--since D] [--limit N] */
static int audit_list(struct tsu_ctx *ctx, const struct tsu_args *a)
{
	static const char *const keys[] = {N_("id"), N_("at"), N_("staff"), N_("action"),
					   N_("subject"), N_("detail")};
	const char *subject = a->value[0], *staff = a->value[1];
	const char *since = a->value[2], *limit = a->value[3];
	char day[TSU_DATE_LEN], from[32], when[32], *msg = NULL, *end;
	char shown[TSU_DATE_SHOW_MAX];
	long long n = AUDIT_LIMIT_DEFAULT;
	struct tsu_table *t;
	sqlite3_stmt *st;
	int rc, i;

	if (ctx_require(ctx, TSU_PERM_CASEWORK) < 0)
		return -1;
	if (limit) {
		errno = 0;
		n = strtoll(limit, &end, 10);
		if (!*limit || *end || errno || n < 1 || n > AUDIT_LIMIT_MAX)
			return ctx_error(ctx, _("--limit: \"%s\" is not a number "
					 "from 1 to %d"), limit, AUDIT_LIMIT_MAX);
	}
	if (since) {
		if (tsu_date_parse(since, day, &msg) < 0) {
			ctx_error(ctx, _("--since: %s"), msg ? msg : since);
			free(msg);
			return -1;
		}
		audit_day_start(day, from);
	}
	if (staff && audit_check_staff(ctx, staff) < 0)
		return -1;
	st = audit_define_covers(&msg) < 0 ? NULL : store_cached(sql_list, &msg);
	if (!st) {
		ctx_error(ctx, "%s", msg);
		free(msg);
		return -1;
	}
	if (subject) {
		/* Ids are kept in upper case ("P12"); any case is typed. */
		char *up = ctx_keep(ctx, tsu_strdup(subject)), *p;

		for (p = up; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p -= 'a' - 'A';
		sqlite3_bind_text(st, 1, up, -1, SQLITE_STATIC);
	}
	sqlite3_bind_text(st, 2, staff, -1, SQLITE_STATIC);
	if (since)
		sqlite3_bind_text(st, 3, from, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, n);
	t = tsu_table_new(6, keys, NULL);
	if (!t) {
		sqlite3_reset(st);
		return ctx_error(ctx, _("out of memory"));
	}
	tsu_table_set_type(t, 0, TSU_CELL_INT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		tsu_table_row(t);
		tsu_table_int(t, sqlite3_column_int64(st, 0));
		if (app.format == TSU_FORMAT_TABLE) {
			audit_local_time(
				(const char *)sqlite3_column_text(st, 1), when);
			tsu_table_text(t, date_show(when, shown));
		} else {
			tsu_table_text(t,
				       (const char *)sqlite3_column_text(st, 1));
		}
		for (i = 2; i < 6; i++)
			tsu_table_text(t, (const char *)sqlite3_column_text(st, i));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		tsu_table_free(t);
		return ctx_error(ctx, "%s", sqlite3_errmsg(store_db()));
	}
	rc = tsu_table_print(t, app.format, ctx->out);
	tsu_table_free(t);
	return rc < 0 ? ctx_error(ctx, _("cannot print the audit trail")) : 0;
}

/* audit verify: check the whole chain of hashes. */
static int audit_verify_command(struct tsu_ctx *ctx)
{
	static const char *const keys[] = {N_("intact"), N_("rows")};
	struct tsu_table *t;
	char *msg = NULL;
	long n = audit_verify(&msg);
	int rc;

	if (n < 0) {
		ctx_error(ctx, "%s", msg ? msg : _("the audit trail is broken"));
		free(msg);
		return -1;
	}
	if (app.format == TSU_FORMAT_TABLE) {
		fprintf(ctx->out,
			P_("audit trail intact: %ld row\n",
			   "audit trail intact: %ld rows\n", n),
			n);
		return 0;
	}
	t = tsu_table_new(2, keys, NULL);
	if (!t)
		return ctx_error(ctx, _("out of memory"));
	tsu_table_set_type(t, 0, TSU_CELL_BOOL);
	tsu_table_set_type(t, 1, TSU_CELL_INT);
	tsu_table_row(t);
	tsu_table_bool(t, 1);
	tsu_table_int(t, n);
	rc = tsu_table_print_record(t, app.format, ctx->out);
	tsu_table_free(t);
	return rc < 0 ? ctx_error(ctx, _("cannot print the result")) : 0;
}

/* The `audit` command. */
static int audit_command(struct tsu_ctx *ctx, int argc, char **argv,
			 void *data)
{
	static const struct tsu_opt opts[] = {
		{"--subject", TSU_OPT_VALUE},
		{"--staff", TSU_OPT_VALUE},
		{"--since", TSU_OPT_VALUE},
		{"--limit", TSU_OPT_VALUE},
	};
	struct tsu_args a;

	(void)data;
	if (ctx_parse_options(ctx, argc, argv, opts, 4, &a) < 0)
		return -1;
	if (a.npos == 0)
		return audit_list(ctx, &a);
	if (strcmp(a.pos[0], "verify") == 0) {
		if (a.npos > 1)
			return ctx_error(ctx, _("verify: unexpected \"%s\""),
					 a.pos[1]);
		if (a.value[0] || a.value[1] || a.value[2] || a.value[3])
			return ctx_error(ctx, _("verify checks the whole trail "
					 "and takes no options"));
		return audit_verify_command(ctx);
	}
	if (tsu_edit_distance(a.pos[0], "verify") <= 3)
		return ctx_error(ctx, _("unknown sub-command \"%s\" (did you "
				 "mean verify?)"), a.pos[0]);
	return ctx_error(ctx, _("unknown sub-command \"%s\" (audit [--subject "
			 "ID] [--staff ID] [--since D] [--limit N], or audit "
			 "verify)"), a.pos[0]);
}

void audit_commands_register(void)
{
	static const struct tsu_command_spec spec = {
		.name = "audit",
		.topic = "administer",
		.summary = N_("read the audit trail, or verify that it is intact"),
		.usage = N_("audit [--subject ID] [--staff ID] [--since D] "
			 "[--limit N]\n"
			 "audit verify"),
		.help = N_("The audit trail records who read, created, changed or "
			"exported what, and when.\n"
			"It can only be added to: each row carries the hash of "
			"the one before,\n"
			"so a row changed, removed or added behind the program's "
			"back is found.\n"
			"\n"
			"`audit` lists the last 100 rows (or --limit N), oldest "
			"first, optionally\n"
			"only those on a subject, by a staff member, or since a "
			"date (times are\n"
			"local in the table format, UTC in JSON and TSV).  For "
			"nurses and admins.\n"
			"`audit verify` checks the whole chain and names the "
			"first broken row.\n"
			"\n"
			"Examples:\n"
			"  audit --subject P12 --since 2026-04-01\n"
			"  audit verify\n"
			"\n"
			"See also: staff, show, export, backup"),
		.words = "verify --subject= --staff= --since= --limit=",
		.perm = TSU_PERM_READ,
		.flags = TSU_CMD_READONLY,
		.fn = audit_command,
	};
	char *msg = NULL;

	if (command_register(NULL, &spec, NULL, NULL, &msg) < 0) {
		tsu_warn("audit", "%s", msg);
		free(msg);
	}
}
