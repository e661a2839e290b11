/* store.h - the one SQLite connection: opening, migrations, transactions. */
#ifndef TSU_STORE_H
#define TSU_STORE_H

#include <sqlite3.h>

/* Open (creating, with its folders, mode 0600) the database at PATH.
 * A file that is not a tsunagu database, or one written by a newer
 * program, is refused before anything is written.  Applies the core's
 * migrations.  Returns 0 or negative with *errmsg. */
int store_open(const char *path, char **errmsg);
void store_close(void);
sqlite3 *store_db(void);

/* Bring OWNER's schema to version NSTEPS by running the missing STEPS in
 * one transaction.  A database at a newer version than NSTEPS is refused. */
int store_migrate(const char *owner, const char *const *steps, int nsteps,
		  char **errmsg);
int store_schema_version(const char *owner); /* 0 when unknown */

/* Transactions: WRITE takes the write lock at once (BEGIN IMMEDIATE). */
int store_begin(int write, char **errmsg);
int store_commit(char **errmsg);
void store_rollback(void);
int store_in_transaction(void);

/* While a person types (a form filled in at the terminal), other
 * terminals must not wait: store_pause() gives up the open write
 * transaction when nothing has been written in it yet (returns 1; else
 * 0 and it is kept), store_resume() takes a new one (0, or -1 with
 * *errmsg: the transaction is then over).  What was read before the
 * pause is to be read again after it. */
int store_pause(void);
int store_resume(char **errmsg);

/* A statement of one's own for SQL, or NULL with *ERRMSG; give it back
 * with store_release, which keeps it prepared for the next user of the
 * same SQL (unlike store_cached, never handed to two users at once). */
sqlite3_stmt *store_prepare(const char *sql, char **errmsg);
void store_release(sqlite3_stmt *st);

/* A number that changes with each transaction begun: what was learnt
 * inside one transaction is known to hold while this stays the same. */
unsigned long store_transaction_serial(void);

/* Run SQL with no result rows; returns 0 or negative with *errmsg. */
int store_exec(const char *sql, char **errmsg);

/* Prepare SQL, caching the statement for the life of the connection.
 * The statement is reset and its bindings cleared before it is returned.
 * Returns NULL with *errmsg on a bad statement. */
sqlite3_stmt *store_cached(const char *sql, char **errmsg);

/* Make the running statement fail soon (Ctrl-C). Safe in a signal handler. */
void store_interrupt(void);

/* "the database is busy" style text for an SQLite error code. */
const char *store_errstr(int rc);

#endif
