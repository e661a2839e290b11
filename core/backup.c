/* backup.c - copies of the whole database with SQLite's online backup API.
 *
 * A backup reads one consistent snapshot of the database: in WAL mode
 * other programs go on writing while it is taken, and their changes are
 * simply not part of it.  The copy is written to a temporary file next to
 * the target, switched to a rollback journal (so that it is one
 * self-contained file), checked with PRAGMA integrity_check and only then
 * renamed into place, with mode 0600 like the database itself.  A restore
 * checks the file the same way and copies it over the open database with
 * the same API, in the other direction. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "audit.h"
#include "backup.h"
#include "command.h"
#include "i18n.h"
#include "progress.h"
#include "schema.h"
#include "store.h"

/* 'TSUG' in the SQLite header: the file is a tsunagu database (the same
 * value store.c writes). */
#define BACKUP_APPLICATION_ID 0x54535547
/* How long a copy waits for a lock held by another program. */
#define BACKUP_BUSY_MS 10000
#define BACKUP_SLEEP_MS 50
/* Pages copied between two looks at Ctrl-C (4 MiB of 4 KiB pages). */
#define BACKUP_STEP_PAGES 1024
/* Problems of integrity_check named in the error. */
#define BACKUP_MAX_PROBLEMS 3

/* Copy database SRC into DST with the backup API, waiting on locks held by
 * others.  Returns the number of pages copied, or -1 with *WHY (malloc'd). */
static long backup_copy(sqlite3 *dst, sqlite3 *src, char **why)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	int rc, waited = 0;
	long pages;

	if (!b) {
		*why = tsu_strdup(sqlite3_errmsg(dst));
		return -1;
	}
	/* In steps, so that Ctrl-C stops a long copy. */
	for (;;) {
		if (app.interrupted) {
			rc = SQLITE_INTERRUPT;
			break;
		}
		rc = sqlite3_backup_step(b, BACKUP_STEP_PAGES);
		if (rc == SQLITE_DONE)
			break;
		if (rc == SQLITE_OK)
			continue;
		if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
			break;
		if (waited >= BACKUP_BUSY_MS)
			break;
		sqlite3_sleep(BACKUP_SLEEP_MS);
		waited += BACKUP_SLEEP_MS;
	}
	pages = sqlite3_backup_pagecount(b);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE && app.interrupted) {
		*why = tsu_strdup(_("interrupted (Ctrl-C)"));
		return -1;
	}
	if (rc != SQLITE_DONE) {
		*why = tsu_strdup_printf(
			"%s%s", sqlite3_errstr(rc),
			(rc & 0xff) == SQLITE_BUSY
				? " (another program holds the database; try "
				  "again when it is done)"
				: "");
		return -1;
	}
	return pages;
}

/* One integer from SQL on DB, or -1. */
static long long backup_query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Check that DB (the file PATH) is a tsunagu database this program can
 * read and passes integrity_check.  Returns 0 or -1 with *WHY. */
static int backup_verify(sqlite3 *db, char **why)
{
	static const char check_sql[] = "PRAGMA integrity_check(100)";
	sqlite3_stmt *st;
	long long appid, version;
	char *problems = NULL;
	int rc, n = 0;

	appid = backup_query_int(db, "PRAGMA application_id");
	if (appid < 0) {
		*why = tsu_strdup_printf(_("not a database (%s)"),
					 sqlite3_errmsg(db));
		return -1;
	}
	if (appid != BACKUP_APPLICATION_ID) {
		*why = tsu_strdup(_("not a tsunagu database (it belongs to "
				  "another program, or is empty)"));
		return -1;
	}
	version = backup_query_int(db, "PRAGMA user_version");
	if (version > TSU_CORE_SCHEMA_VERSION) {
		*why = tsu_strdup_printf(_("written by a newer tsunagu (schema "
					 "%lld, this program knows %d)"),
					 version, TSU_CORE_SCHEMA_VERSION);
		return -1;
	}
	if (sqlite3_prepare_v2(db, check_sql, -1, &st, NULL) != SQLITE_OK) {
		*why = tsu_strdup_printf(_("integrity check failed: %s"),
					 sqlite3_errmsg(db));
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *row = (const char *)sqlite3_column_text(st, 0);
		char *more;

		if (row && strcmp(row, "ok") == 0)
			continue;
		if (++n > BACKUP_MAX_PROBLEMS)
			continue;
		more = tsu_strdup_printf("%s%s%s", problems ? problems : "",
					 problems ? "; " : "",
					 row ? row : "?");
		free(problems);
		problems = more;
	}
	if (rc != SQLITE_DONE && !problems)
		problems = tsu_strdup(sqlite3_errmsg(db));
	sqlite3_finalize(st);
	if (problems) {
		*why = tsu_strdup_printf(_("fails the integrity check: %s%s"),
					 problems,
					 n > BACKUP_MAX_PROBLEMS ? "; ..." : "");
		free(problems);
		return -1;
	}
	return 0;
}

/* Record ACTION with DETAIL in the audit trail in a transaction of its
 * own.  Returns 0 or -1 (reported). */
static int backup_audit(struct tsu_ctx *ctx, const char *action,
			const char *detail)
{
	char *msg = NULL;

	if (store_begin(1, &msg) < 0 ||
	    audit_add(action, NULL, detail, &msg) < 0 ||
	    store_commit(&msg) < 0) {
		store_rollback();
		ctx_error(ctx, _("cannot record it in the audit trail: %s"),
			  msg ? msg : "?");
		free(msg);
		return -1;
	}
	return 0;
}

/* Make sure no transaction of this connection is open; 0 or -1. */
static int backup_outside_transaction(struct tsu_ctx *ctx)
{
	if (store_in_transaction())
		return ctx_error(ctx, _("cannot run inside another command "
				      "(run it on its own line)"));
	return 0;
}

/* Flush the folder holding PATH, so that a rename survives a crash. */
static void backup_sync_dir(const char *path)
{
	char *dir = tsu_strdup(path), *slash = strrchr(dir, '/');
	int fd;

	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

long backup_to(struct tsu_ctx *ctx, const char *path)
{
	sqlite3 *dst = NULL;
	char *tmp, *why = NULL, *detail, *what = NULL;
	struct stat st;
	long pages = -1;
	int fd;

	if (backup_outside_transaction(ctx) < 0)
		return -1;
	if (!path || !*path)
		return ctx_error(ctx, _("no file named"));
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return ctx_error(ctx, _("%s: not a regular file"), path);
	if (app.db_path && stat(app.db_path, &st) == 0) {
		struct stat target;

		if (stat(path, &target) == 0 && target.st_dev == st.st_dev &&
		    target.st_ino == st.st_ino)
			return ctx_error(ctx, _("%s: that is the database itself"),
					 path);
	}
	tmp = tsu_strdup_printf("%s.XXXXXX", path);
	fd = mkstemp(tmp); /* mode 0600 */
	if (fd < 0) {
		ctx_error(ctx, _("%s: cannot create: %s"), path, strerror(errno));
		free(tmp);
		return -1;
	}
	close(fd);
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		why = tsu_strdup(sqlite3_errmsg(dst));
		goto fail;
	}
	/* Three steps a person may wait for on a large database: the copy,
	 * the check of the copy, putting it in place. */
	what = tsu_strdup_printf(_("backup %s"), path);
	progress_show(what, 0, 3);
	pages = backup_copy(dst, store_db(), &why);
	if (pages < 0)
		goto fail;
	progress_show(what, 1, 3);
	/* One self-contained file: no -wal beside it. */
	if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL,
			 NULL) != SQLITE_OK) {
		why = tsu_strdup(sqlite3_errmsg(dst));
		goto fail;
	}
	progress_show(what, 2, 3);
	if (backup_verify(dst, &why) < 0) {
		char *w = tsu_strdup_printf(_("the copy %s"), why);

		free(why);
		why = w;
		goto fail;
	}
	if (sqlite3_close(dst) != SQLITE_OK) {
		why = tsu_strdup(_("cannot close the copy"));
		dst = NULL;
		goto fail;
	}
	dst = NULL;
	if (app.interrupted) { /* the last moment it can still be dropped */
		why = tsu_strdup(_("interrupted (Ctrl-C)"));
		goto fail;
	}
	/* Recorded before the copy takes its name: a backup that exists is
	 * always in the trail, and one the trail refuses never appears. */
	detail = tsu_strdup_printf("backup to %s (%ld pages, verified)", path,
				   pages);
	fd = backup_audit(ctx, "export", detail);
	free(detail);
	if (fd < 0) {
		progress_end();
		free(what);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	if (chmod(tmp, 0600) < 0 || rename(tmp, path) < 0) {
		why = tsu_strdup(strerror(errno));
		goto fail;
	}
	backup_sync_dir(path);
	progress_show(what, 3, 3);
	progress_end();
	free(what);
	free(tmp);
	/* Done and recorded: a Ctrl-C from here on comes too late to
	 * undo it, and the command must not say it did. */
	app.interrupted = 0;
	return pages;

fail:
	progress_end();
	free(what);
	if (dst)
		sqlite3_close(dst);
	unlink(tmp);
	free(tmp);
	ctx_error(ctx, _("%s: %s; no backup was written"), path, why ? why : "?");
	free(why);
	return -1;
}

/* Open PATH read-only and verify it.  Returns the open connection, or
 * NULL with *WHY. */
static sqlite3 *backup_open_checked(const char *path, char **why)
{
	sqlite3 *db = NULL;
	struct stat st;

	if (stat(path, &st) < 0) {
		*why = tsu_strdup(strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		*why = tsu_strdup(_("not a regular file"));
		return NULL;
	}
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		*why = tsu_strdup(sqlite3_errmsg(db));
		sqlite3_close(db);
		return NULL;
	}
	if (backup_verify(db, why) < 0) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

int backup_check(struct tsu_ctx *ctx, const char *path)
{
	char *why = NULL;
	sqlite3 *db;

	if (!path || !*path)
		return ctx_error(ctx, _("no file named"));
	db = backup_open_checked(path, &why);
	if (!db) {
		ctx_error(ctx, "%s: %s", path, why);
		free(why);
		return -1;
	}
	sqlite3_close(db);
	return 0;
}

int backup_restore(struct tsu_ctx *ctx, const char *path)
{
	char *why = NULL, *detail;
	sqlite3 *src;
	long pages;
	int rc;

	if (backup_outside_transaction(ctx) < 0)
		return -1;
	if (!path || !*path)
		return ctx_error(ctx, _("no file named"));
	src = backup_open_checked(path, &why);
	if (!src) {
		ctx_error(ctx, _("%s: %s; the database was left as it was"), path,
			  why);
		free(why);
		return -1;
	}
	pages = backup_copy(store_db(), src, &why);
	sqlite3_close(src);
	if (pages < 0) {
		ctx_error(ctx, _("%s: cannot restore: %s"), path, why);
		free(why);
		return -1;
	}
	/* An older copy gets the core's newer tables now; the plugins'
	 * tables follow when the program next starts. */
	if (store_migrate("core", tsu_core_schema, TSU_CORE_SCHEMA_VERSION,
			  &why) < 0) {
		ctx_error(ctx, _("%s: restored, but %s"), path, why);
		free(why);
		return -1;
	}
	detail = tsu_strdup_printf("restore from %s (%ld pages, verified)",
				   path, pages);
	rc = backup_audit(ctx, "restore", detail);
	free(detail);
	return rc;
}
