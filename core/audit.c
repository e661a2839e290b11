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
#include "subject.h"

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

/* Run the insert ST to its end and reset it; 0 or -1 with *ERRMSG. */
static int step_done(sqlite3_stmt *st, char **errmsg)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sql_error(errmsg);

	sqlite3_reset(st);
	return rc;
}

/* While a bulk command gathers (audit_gather), what it does goes to this
 * temporary table instead of a row each: in the same transaction, so a
 * row rolled back to its savepoint takes its entries with it. */
static int gathering;

static const char gather_create_sql[] =
	"CREATE TEMP TABLE IF NOT EXISTS audit_gather("
	"  action TEXT NOT NULL, subject TEXT)";

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
	if (gathering && subject) {
		ins = store_cached("INSERT INTO temp.audit_gather VALUES(?,?)",
				   errmsg);
		if (!ins)
			return -1;
		sqlite3_bind_text(ins, 1, action, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, subject, -1, SQLITE_STATIC);
		return step_done(ins, errmsg);
	}
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
	return step_done(ins, errmsg);
}

/* ---- gathering ---- */

int audit_gather(char **errmsg)
{
	if (store_exec(gather_create_sql, errmsg) < 0)
		return -1;
	gathering = 1;
	return 0;
}

int audit_gathering(void)
{
	return gathering;
}

/* One gathered entry, read back for the batch's row. */
struct gathered {
	char *action, *subject;
	size_t stem; /* bytes of the subject before its last digits */
	long long num; /* the number after its first capital letters */
	long seq;      /* order gathered */
};

/* Subjects in ranges order: by the letters before the number ("P"),
 * then by the number, then as gathered. */
static int gathered_cmp(const void *x, const void *y)
{
	const struct gathered *a = x, *b = y;
	size_t n = a->stem < b->stem ? a->stem : b->stem;
	int c = memcmp(a->subject, b->subject, n);

	if (!c)
		c = (a->stem > b->stem) - (a->stem < b->stem);
	if (!c)
		c = (a->num > b->num) - (a->num < b->num);
	if (!c)
		c = (a->seq > b->seq) - (a->seq < b->seq);
	return c;
}

/* Append to OUT the subjects of G (N of them, sorted) in ranges:
 * " P1-P480 F1-F480 P7". */
static void gather_list(const struct gathered *g, size_t n, char **out,
			size_t *len)
{
	char prefix[8] = "";
	long long lo = 0, hi = -2;
	size_t i;

	for (i = 0; i <= n; i++) {
		const char *s = i < n ? g[i].subject : NULL;
		char letters[8];
		long long num = 0;
		int id = s && subject_parse_id(s, letters, &num) == 0;

		/* The same letters and the next number (or the same one
		 * again) extend the range. */
		if (id && hi >= lo && strcmp(prefix, letters) == 0 &&
		    (num == hi + 1 || num == hi)) {
			hi = num;
			continue;
		}
		if (hi >= lo) {
			char item[64];

			if (hi > lo)
				snprintf(item, sizeof(item), " %s%lld-%s%lld",
					 prefix, lo, prefix, hi);
			else
				snprintf(item, sizeof(item), " %s%lld", prefix,
					 lo);
			*out = tsu_realloc(*out, *len + strlen(item) + 1);
			strcpy(*out + *len, item);
			*len += strlen(item);
			hi = lo - 1;
		}
		if (id) {
			strcpy(prefix, letters);
			lo = hi = num;
		} else if (s) {
			/* not an id of the register: as it is */
			*out = tsu_realloc(*out, *len + strlen(s) + 2);
			(*out)[(*len)++] = ' ';
			strcpy(*out + *len, s);
			*len += strlen(s);
		}
	}
}

/* Every gathered entry, in *G (N of them, in the order gathered).
 * Returns 0 or -1. */
static int gather_read(struct gathered **g, size_t *n, char **errmsg)
{
	sqlite3_stmt *st = store_cached(
	    "SELECT action, coalesce(subject, '') FROM temp.audit_gather"
	    " ORDER BY rowid",
	    errmsg);
	size_t cap = 0;
	int rc;

	*g = NULL;
	*n = 0;
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct gathered *e;
		const char *subject = (const char *)sqlite3_column_text(st, 1);
		const char *digits;

		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			*g = tsu_realloc(*g, cap * sizeof(**g));
		}
		e = &(*g)[(*n)++];
		e->action = tsu_strdup((const char *)sqlite3_column_text(st, 0));
		if (*n > 1 && strcmp(e->action, e[-1].action) == 0) {
			free(e->action); /* runs of one action share it */
			e->action = e[-1].action;
		}
		e->subject = tsu_strdup(subject);
		e->stem = strlen(subject);
		while (e->stem > 0 && subject[e->stem - 1] >= '0' &&
		       subject[e->stem - 1] <= '9')
			e->stem--;
		digits = subject + strspn(subject, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
		e->num = strtoll(digits, NULL, 10);
		e->seq = (long)*n;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sql_error(errmsg);
}

/* Free the N entries G (an action shared by a run, once). */
static void gathered_free(struct gathered *g, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i + 1 == n || g[i + 1].action != g[i].action)
			free(g[i].action);
		free(g[i].subject);
	}
	free(g);
}

int audit_gather_flush(const char *action, const char *what, int more,
		       char **errmsg)
{
	static const char *const acts[] = {"create", "change", "read"};
	struct gathered *g, *some;
	char *detail = NULL;
	size_t len = 0, n, k, j;
	long total = 0;
	int i, rc = 0;

	if (!gathering)
		return 0;
	gathering = 0;
	/* Made in a transaction that was rolled back, it is gone. */
	if (store_exec(gather_create_sql, errmsg) < 0)
		return -1;
	if (gather_read(&g, &n, errmsg) < 0) {
		gathered_free(g, n);
		return -1;
	}
	some = tsu_alloc(n * sizeof(*some) + 1);
	for (i = 0; i < 3; i++) {
		for (k = j = 0; j < n; j++)
			if (strcmp(g[j].action, acts[i]) == 0)
				some[k++] = g[j];
		if (k == 0)
			continue;
		qsort(some, k, sizeof(*some), gathered_cmp);
		detail = tsu_realloc(detail, len + strlen(acts[i]) + 3);
		len += (size_t)sprintf(detail + len, "%s%s", len ? "; " : "",
				       acts[i]);
		gather_list(some, k, &detail, &len);
		total += (long)k;
	}
	free(some);
	/* Other actions, each subject as it is. */
	for (j = 0; j < n; j++) {
		const struct gathered *e = &g[j];

		if (!strcmp(e->action, "create") ||
		    !strcmp(e->action, "change") || !strcmp(e->action, "read"))
			continue;
		detail = tsu_realloc(detail, len + strlen(e->action) +
						 strlen(e->subject) + 4);
		len += (size_t)sprintf(detail + len, "%s%s %s",
				       len ? "; " : "", e->action, e->subject);
		total++;
	}
	gathered_free(g, n);
	if (total > 0) {
		char *row = tsu_strdup_printf("%s (%s)", detail, what);

		rc = audit_add(action, NULL, row, errmsg);
		free(row);
	} else {
		rc = 0;
	}
	free(detail);
	if (rc == 0)
		rc = store_exec("DELETE FROM temp.audit_gather", errmsg);
	if (rc == 0 && more)
		gathering = 1;
	return rc < 0 ? -1 : 0;
}

void audit_gather_stop(void)
{
	gathering = 0;
	if (store_db())
		sqlite3_exec(store_db(), "DELETE FROM temp.audit_gather", NULL,
			     NULL, NULL);
}

int audit_covers(const char *detail, const char *subject)
{
	char want[8], letters[8];
	long long num, lo, hi;
	const char *p, *end;

	if (!detail || subject_parse_id(subject, want, &num) < 0)
		return 0;
	/* The lists end where " (" opens what the batch was. */
	end = strstr(detail, " (");
	if (!end)
		end = detail + strlen(detail);
	for (p = detail; p < end; p++) {
		char tok[64];
		size_t n;
		const char *dash;

		if (p != detail && p[-1] != ' ')
			continue;
		n = strcspn(p, " ;");
		if (p + n > end || n == 0 || n >= sizeof(tok))
			continue;
		memcpy(tok, p, n);
		tok[n] = '\0';
		dash = strchr(tok, '-');
		if (dash)
			tok[dash - tok] = '\0';
		if (subject_parse_id(tok, letters, &lo) < 0 ||
		    strcmp(letters, want) != 0)
			continue;
		hi = lo;
		if (dash && (subject_parse_id(dash + 1, letters, &hi) < 0 ||
			     strcmp(letters, want) != 0))
			continue;
		if (num >= lo && num <= hi)
			return 1;
	}
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
