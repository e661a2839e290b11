/* backup.h - copies of the whole database: taken online with SQLite's
 * backup API, verified with integrity_check, and restored the same way. */
#ifndef TSU_BACKUP_H
#define TSU_BACKUP_H

#include "tsunagu-plugin.h"

/* Copy the database to PATH as one consistent snapshot while other
 * programs go on reading and writing, verify the copy, give it mode 0600
 * and move it into place (an existing PATH is replaced only by a verified
 * copy).  Records "export" in the audit trail.  Must run outside a
 * transaction (a TSU_CMD_NO_TRANSACTION command).  Returns the number of
 * pages copied, or -1 (reported on CTX). */
long backup_to(struct tsu_ctx *ctx, const char *path);

/* Check that PATH is a tsunagu database this program can read and that
 * it passes PRAGMA integrity_check.  Returns 0 or -1 (reported). */
int backup_check(struct tsu_ctx *ctx, const char *path);

/* Replace the whole database with the contents of PATH, after
 * backup_check().  Records "restore" in the audit trail of the restored
 * database.  Outside a transaction, as backup_to.  0 or -1 (reported). */
int backup_restore(struct tsu_ctx *ctx, const char *path);

#endif
