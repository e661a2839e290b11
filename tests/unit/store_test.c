/* store_test.c - the store: creating the database file privately,
 * per-owner migrations (applied once, all or nothing, never downwards),
 * transactions, and refusing files that are not ours without touching
 * them. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "schema.h"
#include "store.h"
#include "tap.h"

static char *dir;

/* A path in the test's folder (malloc'd). */
static char *path_in(const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static int file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* The whole content of PATH (malloc'd) and its length, or NULL. */
static char *file_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return buf;
}

/* Whether PATH still holds exactly LEN bytes BEFORE. */
static int file_same(const char *path, const char *before, size_t len)
{
	size_t n = 0;
	char *now = file_read(path, &n);
	int same = now && before && n == len && memcmp(now, before, n) == 0;

	free(now);
	return same;
}

/* The integer SQL gives on the store's connection, or -1. */
static long long store_int(const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_prepare_v2(store_db(), sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int table_exists(const char *name)
{
	sqlite3_stmt *st;
	int found = 0;

	if (sqlite3_prepare_v2(store_db(),
			       "SELECT 1 FROM sqlite_schema WHERE type='table' "
			       "AND name=?",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

/* Run SQL on PATH through a connection of its own, as another program
 * would.  Returns 0 or -1. */
static int raw_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	int rc;

	if (sqlite3_open(path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

/* The integer SQL gives on PATH through a connection of its own. */
static long long raw_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return v;
}

static int has(const char *msg, const char *part)
{
	return msg && strstr(msg, part) != NULL;
}

static void test_open(const char *path)
{
	struct stat st;
	char *msg = NULL, *sub;

	ok(store_open(path, &msg) == 0, "a new database is created");
	if (msg)
		printf("# %s\n", msg);
	free(msg);
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	   "the database file has mode 0600");
	sub = path_in("a/b");
	ok(stat(sub, &st) == 0 && S_ISDIR(st.st_mode) &&
	       (st.st_mode & 0777) == 0700,
	   "its missing folders are made with mode 0700");
	free(sub);
	is_int(store_schema_version("core"), TSU_CORE_SCHEMA_VERSION,
	       "the core's schema version is recorded");
	is_int(store_int("PRAGMA user_version"), TSU_CORE_SCHEMA_VERSION,
	       "and kept as user_version");
	is_int(store_int("PRAGMA foreign_keys"), 1, "foreign keys are on");
	ok(table_exists("person") == 1 && table_exists("audit") == 1,
	   "the core's tables exist");
	is_int(store_in_transaction(), 0, "no transaction is left open");
}

static void test_migrations(void)
{
	static const char *const steps[] = {
	    "CREATE TABLE x_a(a INTEGER)",
	    "CREATE TABLE x_b(b INTEGER)",
	    "CREATE TABLE x_c(c INTEGER)",
	};
	static const char *const failing[] = {
	    "CREATE TABLE y_a(a INTEGER)",
	    "CREATE TABLE y_b(b INTEGER)",
	    "CREATE TABLE y_c(c INTEGER); INSERT INTO no_such_table VALUES(1)",
	};
	char *msg = NULL;

	is_int(store_schema_version("x"), 0,
	       "an unknown owner is at version 0");
	is_int(store_migrate("x", steps, 2, &msg), 0, "two steps are applied");
	is_int(store_schema_version("x"), 2, "the version is recorded");
	ok(table_exists("x_a") == 1 && table_exists("x_b") == 1,
	   "both steps made their tables");
	ok(store_exec("INSERT INTO x_a VALUES(7)", &msg) == 0, "a row goes in");
	/* Running a step twice would fail: its table already exists. */
	is_int(store_migrate("x", steps, 2, &msg), 0,
	       "migrating again to the same version succeeds");
	if (msg)
		printf("# %s\n", msg);
	free(msg);
	msg = NULL;
	is_int(store_int("SELECT count(*) FROM x_a"), 1, "and changes nothing");
	is_int(store_migrate("x", steps, 3, &msg), 0,
	       "a later step is applied on its own");
	is_int(store_schema_version("x"), 3, "the new version is recorded");
	ok(table_exists("x_c") == 1, "the later step made its table");
	is_int(store_schema_version("core"), TSU_CORE_SCHEMA_VERSION,
	       "another owner's version is untouched");

	ok(store_migrate("x", steps, 2, &msg) < 0,
	   "a database at a newer version is refused");
	ok(has(msg, "newer"), "saying it was written by a newer version");
	free(msg);
	msg = NULL;
	is_int(store_schema_version("x"), 3, "the version stays");

	is_int(store_migrate("y", failing, 1, &msg), 0, "y: step 1 applied");
	ok(store_migrate("y", failing, 3, &msg) < 0, "a failing step fails");
	ok(has(msg, "step 3"), "naming the step");
	free(msg);
	msg = NULL;
	is_int(table_exists("y_b"), 0,
	       "a table made by an earlier step of the same run is gone");
	is_int(table_exists("y_c"), 0, "and so is the failing step's own");
	is_int(table_exists("y_a"), 1, "the step of an earlier run stays");
	is_int(store_schema_version("y"), 1, "the version is unchanged");
	is_int(store_in_transaction(), 0, "no transaction is left open");
}

static void test_transactions(void)
{
	char *msg = NULL;

	is_int(store_begin(1, &msg), 0, "a write transaction begins");
	is_int(store_in_transaction(), 1, "and is open");
	ok(store_exec("INSERT INTO x_a VALUES(8); CREATE TABLE x_tmp(t)",
		      &msg) == 0,
	   "changes are made in it");
	ok(store_begin(0, &msg) < 0, "a second transaction is refused");
	free(msg);
	msg = NULL;
	store_rollback();
	is_int(store_in_transaction(), 0, "rollback ends it");
	is_int(store_int("SELECT count(*) FROM x_a"), 1,
	       "and leaves no row behind");
	is_int(table_exists("x_tmp"), 0, "nor a table");

	is_int(store_begin(1, &msg), 0, "another transaction begins");
	ok(store_exec("INSERT INTO x_a VALUES(9)", &msg) == 0, "a row goes in");
	is_int(store_commit(&msg), 0, "it commits");
	is_int(store_int("SELECT count(*) FROM x_a"), 2, "and the row stays");
	is_int(store_begin(0, &msg), 0, "a read transaction begins");
	store_rollback();
}

static void test_reopen(const char *path)
{
	char *msg = NULL;

	store_close();
	ok(store_open(path, &msg) == 0, "the database opens again");
	free(msg);
	msg = NULL;
	is_int(store_schema_version("x"), 3, "with its versions");
	is_int(store_int("SELECT count(*) FROM x_a"), 2, "and its rows");
	store_close();

	ok(raw_exec(path, "PRAGMA user_version=99") == 0,
	   "a newer program's schema version is set from outside");
	ok(store_open(path, &msg) < 0,
	   "a database written by a newer program is refused");
	ok(has(msg, "newer"), "saying so");
	free(msg);
	msg = NULL;
	is_int(raw_int(path, "PRAGMA user_version"), 99,
	       "its version is left as it was");
	is_int(raw_int(path, "SELECT count(*) FROM x_a"), 2,
	       "and its rows too");
}

static void test_foreign(void)
{
	static const char letter[] =
	    "This is a letter, not a database.\n"
	    "It is long enough to look like something worth keeping.\n";
	char *junk = path_in("letter.txt"), *foreign = path_in("other.db");
	char *wal, *before, *msg = NULL;
	size_t len = 0;
	FILE *f;

	f = fopen(junk, "w");
	ok(f && fputs(letter, f) >= 0 && fclose(f) == 0, "a text file is made");
	ok(store_open(junk, &msg) < 0, "a file that is not SQLite is refused");
	ok(has(msg, "not a tsunagu database"), "saying what it is not");
	free(msg);
	msg = NULL;
	ok(file_same(junk, letter, strlen(letter)), "and is left unchanged");
	wal = malloc(strlen(junk) + 5);
	sprintf(wal, "%s-wal", junk);
	is_int(file_exists(wal), 0, "no WAL file is left next to it");
	free(wal);

	ok(raw_exec(foreign, "CREATE TABLE notes(t TEXT);"
			     "INSERT INTO notes VALUES('keep me')") == 0,
	   "another program's SQLite database is made");
	before = file_read(foreign, &len);
	ok(store_open(foreign, &msg) < 0, "it is refused");
	ok(has(msg, "another program"), "saying it belongs to another one");
	free(msg);
	msg = NULL;
	ok(file_same(foreign, before, len), "its file is unchanged");
	is_int(raw_int(foreign, "SELECT count(*) FROM sqlite_schema "
				"WHERE name='schema_version'"),
	       0, "none of our tables went into it");
	is_int(raw_int(foreign, "PRAGMA application_id"), 0, "nor our mark");
	free(before);

	ok(store_open(dir, &msg) < 0, "a folder is refused");
	free(msg);
	free(junk);
	free(foreign);
}

/* Remove the test's folder and what is in it. */
static void cleanup(void)
{
	static const char *const names[] = {
	    "a/b/t.db",		"a/b/t.db-wal", "a/b/t.db-shm",
	    "a/b/t.db-journal", "letter.txt",	"letter.txt-wal",
	    "letter.txt-shm",	"other.db",	"other.db-wal",
	    "other.db-shm",	"a/b",		"a",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *p = path_in(names[i]);

		if (remove(p) < 0 && file_exists(p))
			printf("# cannot remove %s\n", p);
		free(p);
	}
	rmdir(dir);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	char *path;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	dir = malloc(strlen(tmp) + 32);
	sprintf(dir, "%s/store_test.XXXXXX", tmp);
	if (!mkdtemp(dir)) {
		printf("Bail out! cannot make a temporary folder in %s\n", tmp);
		return 99;
	}
	path = path_in("a/b/t.db");
	test_open(path);
	test_migrations();
	test_transactions();
	test_reopen(path);
	test_foreign();
	store_close();
	cleanup();
	free(path);
	free(dir);
	return tap_done();
}
