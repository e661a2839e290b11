/* audit.c - the audit trail.  Each row carries the hash of the row before
 * it and its own hash over its fields, so a row edited, removed or added
 * behind the program's back breaks the chain; triggers refuse UPDATE and
 * DELETE through SQL. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "audit.h"
#include "command.h"
#include "i18n.h"
#include "sha256.h"
#include "store.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* The hash of a row: SHA-256 over its fields separated by US (0x1f). */
static void row_hash(long long id, const char *at, const char *staff,
		     const char *action, const char *subject,
		     const char *detail, const char *prev, char out[65])
{
	struct tsu_sha256 ctx;
	unsigned char digest[32];
	char num[32];
	const char *parts[7];
	int i;

	snprintf(num, sizeof(num), "%lld", id);
	parts[0] = num, parts[1] = at, parts[2] = staff, parts[3] = action;
	parts[4] = subject ? subject : "", parts[5] = detail ? detail : "";
	parts[6] = prev;
	tsu_sha256_init(&ctx);
	for (i = 0; i < 7; i++) {
		tsu_sha256_update(&ctx, parts[i], strlen(parts[i]));
		tsu_sha256_update(&ctx, "\x1f", 1);
	}
	tsu_sha256_final(&ctx, digest);
	for (i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

static int sql_error(char **errmsg)
{
	*errmsg = tsu_strdup_printf(_("audit: %s"), sqlite3_errmsg(store_db()));
	return -1;
}

int audit_add(const char *action, const char *subject, const char *detail,
	      char **errmsg)
{
	sqlite3_stmt *last, *ins;
	char prev[65] = GENESIS, hash[65], at[48];
	long long id = 1;
	struct timespec ts;
	struct tm tm;

	/* One act, one row: a command that records its whole act (the
	 * report, an export) covers the reads made for it. */
	if (strcmp(action, "read") == 0 && command_audits_act())
		return 0;
	last = store_cached("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
			    errmsg);
	if (!last)
		return -1;
	if (sqlite3_step(last) == SQLITE_ROW) {
		id = sqlite3_column_int64(last, 0) + 1;
		snprintf(prev, sizeof(prev), "%s",
			 (const char *)sqlite3_column_text(last, 1));
	}
	sqlite3_reset(last);
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(at, sizeof(at), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, (int)(ts.tv_nsec / 1000000));
	row_hash(id, at, app.staff, action, subject, detail, prev, hash);
	ins = store_cached("INSERT INTO audit(id, at, staff, action, subject, "
			   "detail, prev, hash) VALUES(?,?,?,?,?,?,?,?)",
			   errmsg);
	if (!ins)
		return -1;
	sqlite3_bind_int64(ins, 1, id);
	sqlite3_bind_text(ins, 2, at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(ins, 3, app.staff, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 4, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 5, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 6, detail, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 7, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 8, hash, -1, SQLITE_STATIC);
	if (sqlite3_step(ins) != SQLITE_DONE) {
		sql_error(errmsg);
		sqlite3_reset(ins);
		return -1;
	}
	sqlite3_reset(ins);
	return 0;
}

static const char *col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s ? s : "";
}

long audit_verify(char **errmsg)
{
	sqlite3_stmt *st;
	char prev[65] = GENESIS, hash[65];
	long long expect = 1;
	long n = 0;
	int rc;

	st = store_cached("SELECT id, at, staff, action, subject, detail, prev, "
			  "hash FROM audit ORDER BY id",
			  errmsg);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		const char *subject = (const char *)sqlite3_column_text(st, 4);
		const char *detail = (const char *)sqlite3_column_text(st, 5);

		if (id != expect) {
			*errmsg = tsu_strdup_printf(
				_("row %lld is missing (the next row is %lld)"),
				expect, id);
			sqlite3_reset(st);
			return -1;
		}
		if (strcmp(col(st, 6), prev) != 0) {
			*errmsg = tsu_strdup_printf(
				_("row %lld does not follow row %lld: a row was "
				"removed, inserted or replaced"),
				id, id - 1);
			sqlite3_reset(st);
			return -1;
		}
		row_hash(id, col(st, 1), col(st, 2), col(st, 3), subject,
			 detail, prev, hash);
		if (strcmp(hash, col(st, 7)) != 0) {
			*errmsg = tsu_strdup_printf(
				_("row %lld was changed after it was written"), id);
			sqlite3_reset(st);
			return -1;
		}
		memcpy(prev, hash, sizeof(prev));
		expect = id + 1;
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sql_error(errmsg);
	return n;
}
