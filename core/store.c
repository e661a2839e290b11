/* store.c - the one SQLite connection, its settings, migrations and
 * transactions.  Settings: WAL, synchronous=FULL, foreign keys,
 * busy_timeout, secure_delete; writes take the lock with BEGIN IMMEDIATE. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "i18n.h"
#include "schema.h"
#include "store.h"

/* 'TSUG': marks the file as ours in the SQLite header. */
#define TSU_APPLICATION_ID 0x54535547
/* Every command writes (reads are audited), so writers queue for the
 * lock: wait long enough for a busy center never to see "locked". */
#define BUSY_TIMEOUT_MS 30000
/* Bytes of -wal file kept after a checkpoint: a reader holding a long
 * transaction makes the log grow, and this brings it back down. */
#define WAL_SIZE_LIMIT "4194304"

static sqlite3 *db;
static int in_txn;
static unsigned long txn_serial; /* counts the transactions begun */
static int txn_write;		 /* the transaction open may write */
static sqlite3_int64 txn_changes; /* sqlite3_total_changes64 at its start */
static int txn_paused;		 /* given up while a form is filled in */

struct cached {
	const char *sql;
	sqlite3_stmt *stmt;
	struct cached *next;
};
static struct cached *cache;

sqlite3 *store_db(void)
{
	return db;
}

/* Create DIR and its parents with mode 0700 where missing. */
static int make_dirs(const char *path, char **errmsg)
{
	char *dir = tsu_strdup(path), *p;
	int rc = 0;

	p = strrchr(dir, '/');
	if (!p || p == dir) {
		free(dir);
		return 0;
	}
	*p = '\0';
	for (p = dir + 1; rc == 0; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
			*errmsg = tsu_strdup_printf(_("cannot create folder %s: %s"),
						    dir, strerror(errno));
			rc = -1;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	free(dir);
	return rc;
}

static int set_error(char **errmsg, const char *what)
{
	if (errmsg)
		*errmsg = tsu_strdup_printf("%s: %s", what, sqlite3_errmsg(db));
	return -1;
}

/* Read a single integer; -1 on error. */
static long long query_int(const char *sql)
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

/* Decide whether the open file is ours, empty, or foreign, reading only. */
static int check_identity(const char *path, char **errmsg)
{
	long long appid = query_int("PRAGMA application_id");
	long long tables;

	if (appid < 0) {
		int code = sqlite3_extended_errcode(db) & 0xff;

		if (code == SQLITE_IOERR || code == SQLITE_FULL ||
		    code == SQLITE_CANTOPEN || code == SQLITE_READONLY)
			*errmsg = tsu_strdup_printf(
				_("%s: cannot be opened: %s (is the disk full "
				  "or failing, or the folder read-only?)"),
				path, sqlite3_errmsg(db));
		else
			*errmsg = tsu_strdup_printf(
				_("%s: not a tsunagu database (%s)"), path,
				sqlite3_errmsg(db));
		return -1;
	}
	if (appid == TSU_APPLICATION_ID)
		return 0;
	tables = query_int("SELECT count(*) FROM sqlite_schema");
	if (appid == 0 && tables == 0)
		return 0;
	*errmsg = tsu_strdup_printf(
		_("%s: not a tsunagu database (it belongs to another program); "
		"left untouched"),
		path);
	return -1;
}

int store_open(const char *path, char **errmsg)
{
	struct stat st;
	int fd, exists;

	exists = stat(path, &st) == 0;
	if (exists && !S_ISREG(st.st_mode)) {
		*errmsg = tsu_strdup_printf(_("%s: not a regular file"), path);
		return -1;
	}
	if (!exists) {
		if (make_dirs(path, errmsg) < 0)
			return -1;
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
		if (fd < 0 && errno != EEXIST) {
			*errmsg = tsu_strdup_printf(_("cannot create %s: %s"), path,
						    strerror(errno));
			return -1;
		}
		if (fd >= 0)
			close(fd);
	}
	/* One thread uses SQLite: no count of its memory behind a lock
	 * (refused, harmlessly, once SQLite is initialised). */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	/* One thread uses the connection: no per-call mutex. */
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
					    SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		set_error(errmsg, path);
		sqlite3_close(db);
		db = NULL;
		return -1;
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
	if (check_identity(path, errmsg) < 0 ||
	    (query_int("PRAGMA user_version") > TSU_CORE_SCHEMA_VERSION &&
	     (*errmsg = tsu_strdup_printf(
		      _("%s: written by a newer tsunagu (schema %lld, this "
		      "program knows %d); left untouched"),
		      path, query_int("PRAGMA user_version"),
		      TSU_CORE_SCHEMA_VERSION)))) {
		store_close();
		return -1;
	}
	if (store_exec("PRAGMA journal_mode=WAL;"
		       "PRAGMA synchronous=FULL;"
		       "PRAGMA foreign_keys=ON;"
		       "PRAGMA secure_delete=ON;"
		       "PRAGMA trusted_schema=OFF;"
		       /* savepoint journals in memory, not in /var/tmp files
			* (one write per page per savepoint, and personal
			* data left on disk) */
		       "PRAGMA temp_store=MEMORY;"
		       /* a register's indexes read at random: 16 MiB of
			* pages at most */
		       "PRAGMA cache_size=-16384;"
		       "PRAGMA journal_size_limit=" WAL_SIZE_LIMIT ";",
		       errmsg) < 0) {
		store_close();
		return -1;
	}
	if (store_migrate("core", tsu_core_schema, TSU_CORE_SCHEMA_VERSION,
			  errmsg) < 0) {
		store_close();
		return -1;
	}
	return 0;
}

/* Statements given back by their users (store_release), kept prepared
 * for the next one asking for the same SQL: a plugin's statement
 * prepared once per row of an import is parsed once. */
#define STORE_IDLE_MAX 64
static sqlite3_stmt *idle[STORE_IDLE_MAX];
static int nidle;

sqlite3_stmt *store_prepare(const char *sql, char **errmsg)
{
	sqlite3_stmt *st;
	int i;

	for (i = nidle - 1; i >= 0; i--)
		if (strcmp(sqlite3_sql(idle[i]), sql) == 0) {
			st = idle[i];
			idle[i] = idle[--nidle];
			return st;
		}
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		*errmsg = tsu_strdup(sqlite3_errmsg(db));
		return NULL;
	}
	return st;
}

void store_release(sqlite3_stmt *st)
{
	if (!st)
		return;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (nidle == STORE_IDLE_MAX) {
		sqlite3_finalize(idle[0]);
		memmove(idle, idle + 1, (STORE_IDLE_MAX - 1) * sizeof(*idle));
		nidle--;
	}
	idle[nidle++] = st;
}

void store_close(void)
{
	while (nidle > 0)
		sqlite3_finalize(idle[--nidle]);
	while (cache) {
		struct cached *c = cache;

		cache = c->next;
		sqlite3_finalize(c->stmt);
		free(c);
	}
	if (db)
		sqlite3_close(db);
	db = NULL;
	in_txn = 0;
}

int store_exec(const char *sql, char **errmsg)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		if (errmsg)
			*errmsg = tsu_strdup(msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

sqlite3_stmt *store_cached(const char *sql, char **errmsg)
{
	struct cached *c;

	for (c = cache; c; c = c->next)
		if (c->sql == sql || strcmp(c->sql, sql) == 0)
			break;
	if (!c) {
		sqlite3_stmt *st;

		if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT,
				       &st, NULL) != SQLITE_OK) {
			set_error(errmsg, "SQL");
			return NULL;
		}
		c = tsu_alloc(sizeof(*c));
		c->sql = sqlite3_sql(st);
		c->stmt = st;
		c->next = cache;
		cache = c;
	}
	sqlite3_reset(c->stmt);
	sqlite3_clear_bindings(c->stmt);
	return c->stmt;
}

int store_schema_version(const char *owner)
{
	sqlite3_stmt *st;
	int v = 0;

	if (sqlite3_prepare_v2(db,
			       "SELECT version FROM schema_version WHERE owner=?",
			       -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, owner, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

int store_migrate(const char *owner, const char *const *steps, int nsteps,
		  char **errmsg)
{
	int have, i, core = strcmp(owner, "core") == 0;
	sqlite3_stmt *st;

	have = core ? (int)query_int("PRAGMA user_version")
		    : store_schema_version(owner);
	if (have > nsteps) {
		*errmsg = tsu_strdup_printf(
			_("the database holds %s schema %d but this program "
			"knows only %d: it was written by a newer version"),
			owner, have, nsteps);
		return -1;
	}
	if (have == nsteps)
		return 0;
	if (store_begin(1, errmsg) < 0)
		return -1;
	for (i = have; i < nsteps; i++) {
		char *msg = NULL;

		if (store_exec(steps[i], &msg) < 0) {
			*errmsg = tsu_strdup_printf(_("%s schema step %d: %s"),
						    owner, i + 1, msg);
			free(msg);
			store_rollback();
			return -1;
		}
	}
	if (core) {
		char sql[96];

		snprintf(sql, sizeof(sql),
			 "PRAGMA application_id=%d; PRAGMA user_version=%d;",
			 TSU_APPLICATION_ID, nsteps);
		if (store_exec(sql, errmsg) < 0) {
			store_rollback();
			return -1;
		}
	}
	if (sqlite3_prepare_v2(db,
			       "INSERT INTO schema_version(owner, version) "
			       "VALUES(?1, ?2) ON CONFLICT(owner) DO UPDATE "
			       "SET version=?2",
			       -1, &st, NULL) != SQLITE_OK) {
		set_error(errmsg, "schema_version");
		store_rollback();
		return -1;
	}
	sqlite3_bind_text(st, 1, owner, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, nsteps);
	i = sqlite3_step(st);
	sqlite3_finalize(st);
	if (i != SQLITE_DONE) {
		set_error(errmsg, "schema_version");
		store_rollback();
		return -1;
	}
	return store_commit(errmsg);
}

int store_begin(int write, char **errmsg)
{
	if (in_txn) {
		*errmsg = tsu_strdup(_("a transaction is already open"));
		return -1;
	}
	if (write && sqlite3_db_readonly(db, "main") == 1) {
		*errmsg = tsu_strdup_printf(
			_("%s is read-only (its file permissions or a read-only "
			  "disk); nothing was changed"),
			sqlite3_db_filename(db, "main"));
		return -1;
	}
	if (store_exec(write ? "BEGIN IMMEDIATE" : "BEGIN", errmsg) < 0) {
		if ((sqlite3_extended_errcode(db) & 0xff) == SQLITE_READONLY) {
			free(*errmsg);
			*errmsg = tsu_strdup_printf(
				_("%s or its -wal/-shm files are read-only "
				  "(file permissions or a read-only disk); "
				  "nothing was changed"),
				sqlite3_db_filename(db, "main"));
		}
		return -1;
	}
	in_txn = 1;
	txn_serial++;
	txn_write = write;
	txn_changes = sqlite3_total_changes64(db);
	return 0;
}

int store_pause(void)
{
	if (!in_txn || txn_paused || !txn_write ||
	    sqlite3_total_changes64(db) != txn_changes ||
	    sqlite3_get_autocommit(db))
		return 0;
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	txn_paused = 1;
	return 1;
}

int store_resume(char **errmsg)
{
	if (!txn_paused)
		return 0;
	txn_paused = 0;
	if (store_exec("BEGIN IMMEDIATE", errmsg) < 0) {
		in_txn = 0;
		return -1;
	}
	txn_serial++; /* what was read before is to be read again */
	txn_changes = sqlite3_total_changes64(db);
	return 0;
}

int store_commit(char **errmsg)
{
	if (!in_txn)
		return 0;
	if (txn_paused) { /* nothing was written */
		txn_paused = 0;
		in_txn = 0;
		return 0;
	}
	if (store_exec("COMMIT", errmsg) < 0) {
		store_rollback();
		return -1;
	}
	in_txn = 0;
	return 0;
}

void store_rollback(void)
{
	if (db && !sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	in_txn = 0;
	txn_paused = 0;
}

int store_in_transaction(void)
{
	return in_txn;
}

unsigned long store_transaction_serial(void)
{
	return txn_serial;
}

void store_interrupt(void)
{
	if (db)
		sqlite3_interrupt(db);
}

const char *store_errstr(int rc)
{
	return sqlite3_errstr(rc);
}
