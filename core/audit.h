/* audit.h - the append-only audit trail, chained by hashes. */
#ifndef TSU_AUDIT_H
#define TSU_AUDIT_H

/* Record that the acting staff did ACTION ("read", "create", "change",
 * "export", ...) on SUBJECT (may be NULL) with DETAIL, in the open
 * transaction.  A "read" made while a command flagged TSU_CMD_AUDITS_ACT
 * runs is covered by that command's own row and not recorded.  Returns 0
 * or -1 with *errmsg: then the act must fail. */
int audit_add(const char *action, const char *subject, const char *detail,
	      char **errmsg);

/* A command that writes many rows (import) gathers: from audit_gather
 * on, what is audited with a subject goes to a list in the transaction,
 * and audit_gather_flush writes the list as one row of ACTION ("import",
 * or "demo" for the fill of --demo) whose detail names each act's
 * subjects in ranges, then WHAT in parentheses: "create P1-P480
 * F1-F480; change P7 (pregnancy a.csv lines 2-501)".  With MORE,
 * gathering goes on (the next batch).  Rolling back (to a savepoint too)
 * drops what was gathered meanwhile.  audit_gather_stop ends gathering
 * without a row (the command failed).  0 or -1. */
int audit_gather(char **errmsg);
int audit_gathering(void);
int audit_gather_flush(const char *action, const char *what, int more,
		       char **errmsg);
void audit_gather_stop(void);

/* 1 when the DETAIL of a gathered row names SUBJECT ("P12") in one of
 * its lists or ranges. */
int audit_covers(const char *detail, const char *subject);

/* Walk the whole trail checking each row's hash and its link to the one
 * before.  Returns the number of rows checked, or -1 with *errmsg naming
 * the first row found changed, removed or inserted. */
long audit_verify(char **errmsg);

/* Register the `audit` command (listing and `audit verify`). */
void audit_commands_register(void);

#endif
